package dev.stowage.postgres;

import dev.stowage.TenantErasure;
import dev.stowage.credit.AccountErasure;
import dev.stowage.token.SubjectErasure;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import static dev.stowage.postgres.internal.schema.Tables.CONTACT;
import static dev.stowage.postgres.internal.schema.Tables.CREDENTIAL;
import static dev.stowage.postgres.internal.schema.Tables.CREDIT_ACCOUNT;
import static dev.stowage.postgres.internal.schema.Tables.CREDIT_ENTRY;
import static dev.stowage.postgres.internal.schema.Tables.REFRESH_FAMILY;
import static dev.stowage.postgres.internal.schema.Tables.REFRESH_TOKEN;
import static dev.stowage.postgres.internal.schema.Tables.REVOKED_ACCESS_TOKEN;

/**
 * The erasures on PostgreSQL, each one transaction of {@code DELETE}s that lead with
 * {@code tenant_id}, so they use the primary keys and indexes and touch no other tenant. Children
 * (entries, tokens) are deleted explicitly before their parents, rather than by the foreign keys'
 * cascades, so each count is exact. Indexes are part of the rows: deleting a row removes its index
 * entries, so nothing of an erased record is left.
 */
final class PostgresErasure {

    private PostgresErasure() {
    }

    /**
     * @param db        the database
     * @param tenant    the tenant's value
     * @param accountId a checked account id
     * @return what was removed
     */
    static AccountErasure account(Database db, String tenant, String accountId) {
        return db.transaction("credits.deleteAccount", dsl -> {
            int entries = dsl.deleteFrom(CREDIT_ENTRY)
                    .where(CREDIT_ENTRY.TENANT_ID.eq(tenant), CREDIT_ENTRY.ACCOUNT_ID.eq(accountId)).execute();
            int accounts = dsl.deleteFrom(CREDIT_ACCOUNT)
                    .where(CREDIT_ACCOUNT.TENANT_ID.eq(tenant), CREDIT_ACCOUNT.ACCOUNT_ID.eq(accountId)).execute();
            return accounts == 0 && entries == 0 ? AccountErasure.NOTHING : new AccountErasure(accounts == 1, entries);
        });
    }

    /**
     * @param db      the database
     * @param tenant  the tenant's value
     * @param subject a checked subject
     * @return what was removed
     */
    static SubjectErasure subject(Database db, String tenant, String subject) {
        return db.transaction("tokens.eraseSubject", dsl -> {
            int credentials = dsl.deleteFrom(CREDENTIAL)
                    .where(CREDENTIAL.TENANT_ID.eq(tenant), CREDENTIAL.SUBJECT.eq(subject)).execute();
            int tokens = dsl.deleteFrom(REFRESH_TOKEN)
                    .where(REFRESH_TOKEN.TENANT_ID.eq(tenant), REFRESH_TOKEN.FAMILY_ID.in(
                            DSL.select(REFRESH_FAMILY.FAMILY_ID).from(REFRESH_FAMILY)
                                    .where(REFRESH_FAMILY.TENANT_ID.eq(tenant), REFRESH_FAMILY.SUBJECT.eq(subject))))
                    .execute();
            int families = dsl.deleteFrom(REFRESH_FAMILY)
                    .where(REFRESH_FAMILY.TENANT_ID.eq(tenant), REFRESH_FAMILY.SUBJECT.eq(subject)).execute();
            return new SubjectErasure(credentials, families, tokens);
        });
    }

    /**
     * @param db     the database
     * @param tenant the tenant's value
     * @return what was removed from every table
     */
    static TenantErasure tenant(Database db, String tenant) {
        return db.transaction("backend.eraseTenant", dsl -> tenant(dsl, tenant));
    }

    private static TenantErasure tenant(DSLContext dsl, String tenant) {
        int entries = dsl.deleteFrom(CREDIT_ENTRY).where(CREDIT_ENTRY.TENANT_ID.eq(tenant)).execute();
        int accounts = dsl.deleteFrom(CREDIT_ACCOUNT).where(CREDIT_ACCOUNT.TENANT_ID.eq(tenant)).execute();
        int contacts = dsl.deleteFrom(CONTACT).where(CONTACT.TENANT_ID.eq(tenant)).execute();
        int credentials = dsl.deleteFrom(CREDENTIAL).where(CREDENTIAL.TENANT_ID.eq(tenant)).execute();
        int tokens = dsl.deleteFrom(REFRESH_TOKEN).where(REFRESH_TOKEN.TENANT_ID.eq(tenant)).execute();
        int families = dsl.deleteFrom(REFRESH_FAMILY).where(REFRESH_FAMILY.TENANT_ID.eq(tenant)).execute();
        int denials = dsl.deleteFrom(REVOKED_ACCESS_TOKEN).where(REVOKED_ACCESS_TOKEN.TENANT_ID.eq(tenant)).execute();
        return new TenantErasure(contacts, accounts, entries, credentials, families, tokens, denials);
    }
}
