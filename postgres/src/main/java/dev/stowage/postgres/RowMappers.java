package dev.stowage.postgres;

import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.EntryType;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.token.Credential;
import dev.stowage.token.RefreshToken;
import org.jooq.SelectField;

import java.util.List;
import java.util.Set;

import static dev.stowage.postgres.internal.schema.Tables.CREDENTIAL;
import static dev.stowage.postgres.internal.schema.Tables.CREDIT_ACCOUNT;
import static dev.stowage.postgres.internal.schema.Tables.CREDIT_ENTRY;
import static dev.stowage.postgres.internal.schema.Tables.REFRESH_TOKEN;

/**
 * The one place each credit and token entity is read from a row: its column list, selected in
 * this order by every query that reads the entity, and the mapper from a {@link Row} of those
 * columns. A column added to a table is added here once, for jOOQ and pre-rendered reads alike.
 */
final class RowMappers {

    /** The columns of {@link #account}. */
    static final List<SelectField<?>> ACCOUNT_COLUMNS = List.of(CREDIT_ACCOUNT.ACCOUNT_ID,
            CREDIT_ACCOUNT.BALANCE, CREDIT_ACCOUNT.TOTAL_PURCHASED, CREDIT_ACCOUNT.TOTAL_USED,
            CREDIT_ACCOUNT.CREATED_AT, CREDIT_ACCOUNT.UPDATED_AT);

    /** The columns of {@link #entry}. */
    static final List<SelectField<?>> ENTRY_COLUMNS = List.of(CREDIT_ENTRY.ID, CREDIT_ENTRY.ACCOUNT_ID,
            CREDIT_ENTRY.SEQUENCE, CREDIT_ENTRY.TYPE, CREDIT_ENTRY.AMOUNT, CREDIT_ENTRY.BALANCE_AFTER,
            CREDIT_ENTRY.REASON, CREDIT_ENTRY.METADATA, CREDIT_ENTRY.IDEMPOTENCY_KEY, CREDIT_ENTRY.CREATED_AT);

    /** The columns of {@link #credential}. */
    static final List<SelectField<?>> CREDENTIAL_COLUMNS = List.of(CREDENTIAL.SUBJECT, CREDENTIAL.PROVIDER,
            CREDENTIAL.ACCESS_TOKEN, CREDENTIAL.REFRESH_TOKEN, CREDENTIAL.ACCESS_TOKEN_EXPIRES_AT, CREDENTIAL.EXPIRES_AT,
            CREDENTIAL.SCOPES, CREDENTIAL.ACCOUNT_EMAIL, CREDENTIAL.METADATA, CREDENTIAL.CREATED_AT,
            CREDENTIAL.UPDATED_AT);

    /** The columns of {@link #refreshToken}. */
    static final List<SelectField<?>> REFRESH_TOKEN_COLUMNS = List.of(REFRESH_TOKEN.ID, REFRESH_TOKEN.SUBJECT,
            REFRESH_TOKEN.FAMILY_ID, REFRESH_TOKEN.ISSUED_AT, REFRESH_TOKEN.EXPIRES_AT);

    private RowMappers() {
    }

    /** @param row a row of {@link #ACCOUNT_COLUMNS} @return the account */
    static CreditAccount account(Row row) {
        return new CreditAccount(row.text(0), row.int8(1), row.int8(2), row.int8(3), row.instant(4), row.instant(5));
    }

    /** @param row a row of {@link #ENTRY_COLUMNS} @return the entry */
    static LedgerEntry entry(Row row) {
        return new LedgerEntry(row.uuid(0), row.text(1), row.int8(2), EntryType.valueOf(row.text(3)), row.int8(4),
                row.int8(5), row.text(6), JsonCodec.decode(row.jsonb(7), "metadata"), row.text(8), row.instant(9));
    }

    /** @param row a row of {@link #CREDENTIAL_COLUMNS} @return the credential */
    static Credential credential(Row row) {
        return new Credential(row.text(0), row.text(1), row.text(2), row.text(3), row.instant(4), row.instant(5),
                Set.of(row.texts(6)), row.text(7), JsonCodec.decode(row.jsonb(8), "metadata"), row.instant(9),
                row.instant(10));
    }

    /** @param row a row of {@link #REFRESH_TOKEN_COLUMNS} @return the token's stored facts */
    static RefreshToken refreshToken(Row row) {
        return new RefreshToken(row.uuid(0), row.text(1), row.uuid(2), row.instant(3), row.instant(4));
    }
}
