package dev.stowage.migration.archive;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.migration.RecordKind;
import dev.stowage.support.Check;
import dev.stowage.token.Credential;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RevokedAccessToken;

/**
 * One record of an archive with its tenant.
 *
 * @param records what kind of record it is
 * @param tenant  the tenant it belongs to
 * @param record  a {@link Contact}, an {@link LedgerSlice} (an account with one slice of its
 *                ledger, at most 10 000 entries), a {@link Credential}, a {@link RefreshFamily}
 *                or a {@link RevokedAccessToken}, as {@code records} says
 */
public record ArchiveEntry(RecordKind records, TenantId tenant, Object record) {

    /** Checks that the record is of the type its kind says. */
    public ArchiveEntry {
        Check.required(records, "records");
        Check.required(tenant, "tenant");
        Check.required(record, "record");
        if (!typeOf(records).isInstance(record)) {
            throw new IllegalArgumentException(records.label() + " entries hold " + typeOf(records).getSimpleName()
                    + ", not " + record.getClass().getSimpleName());
        }
    }

    /**
     * @param records a kind of record
     * @return the Java type of that kind's records in an archive
     */
    public static Class<?> typeOf(RecordKind records) {
        return switch (records) {
            case CONTACTS -> Contact.class;
            case CREDIT_ACCOUNTS -> LedgerSlice.class;
            case CREDENTIALS -> Credential.class;
            case REFRESH_FAMILIES -> RefreshFamily.class;
            case REVOKED_ACCESS_TOKENS -> RevokedAccessToken.class;
        };
    }
}
