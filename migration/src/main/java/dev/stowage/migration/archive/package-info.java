/**
 * Backup and restore for every backend: a backend-agnostic archive of every store (contacts,
 * credit accounts with their ledgers, credentials, refresh-token families, the access-token
 * denylist) as gzip-compressed JSON Lines.
 * <pre>{@code
 * ArchiveSummary written = ArchiveExport.from(redisStores).to(Path.of("backup.jsonl.gz")).run();
 * ArchiveSummary restored = ArchiveImport.from(Path.of("backup.jsonl.gz")).into(postgresStores).run();
 * }</pre>
 * The format (version 1), one JSON object per line:
 * <pre>
 * {"format":"stowage-archive","version":1,"source":"redis","exportedAt":"2026-03-01T09:30:00.123456Z"}
 * {"records":"contacts","tenant":"acme","record":{ ...the Contact's fields... }}
 * {"records":"credit-accounts","tenant":"acme","record":{"account":{...},"entries":[ ...a LedgerSlice, up to 10 000... ]}}
 * {"records":"credentials","tenant":"acme","record":{ ...the Credential, secrets in clear... }}
 * {"records":"refresh-families","tenant":"acme","record":{ ...family, token hashes... }}
 * {"records":"revoked-access-tokens","tenant":"acme","record":{"jti":"...","expiresAt":"..."}}
 * {"end":true,"counts":{"contacts":1,"credit-accounts":1,...}}
 * </pre>
 * Records carry every field with its exact value (ids, versions, sequences, timestamps to the
 * microsecond as ISO-8601 text, JSON numbers with their scale). A ledger longer than 10 000
 * entries takes several {@code credit-accounts} lines, each the next slice with the same
 * account. The last line counts the records; a file without it, or with other counts, is
 * refused as truncated. Credential secrets are in the archive as the tokens store returns them:
 * protect the file like the database.
 */
package dev.stowage.migration.archive;
