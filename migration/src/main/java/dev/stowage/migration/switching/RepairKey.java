package dev.stowage.migration.switching;

import dev.stowage.TenantId;
import dev.stowage.migration.RecordKind;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.verify.Mismatch;
import dev.stowage.support.Check;

import java.util.Map;

/**
 * One key whose replication failed or whose shadow read differed: the reconciler re-copies it from
 * the authoritative store. Two equal keys are one entry of a queue.
 *
 * @param store  the store
 * @param tenant the tenant
 * @param kind   what the key names
 * @param key    the key: a contact id, an account id, a subject, a family id, a jti
 * @param detail the second half of a key ({@code provider} of a credential, the expiry of a denied
 *               jti as ISO-8601), or {@code ""}
 */
public record RepairKey(StoreKind store, TenantId tenant, Kind kind, String key, String detail) {

    /** What a repair key names, and so how it is re-copied. */
    public enum Kind {
        /** A contact by id: imported from the authoritative store, or deleted if it is gone there. */
        CONTACT(StoreKind.CONTACTS),
        /** A credit account: its ledger tail appended, or the account deleted if it is gone there. */
        CREDIT_ACCOUNT(StoreKind.CREDITS),
        /** A credential (subject, provider in {@code detail}): imported, or deleted if gone. */
        CREDENTIAL(StoreKind.TOKENS),
        /** A refresh-token family by id: merged (tokens, used marks, revocation). */
        REFRESH_FAMILY(StoreKind.TOKENS),
        /** A denied access token (jti, expiry in {@code detail}): denied on the other store too. */
        REVOKED_ACCESS_TOKEN(StoreKind.TOKENS),
        /** Every refresh-token family of a subject revoked ("log out everywhere"). */
        SUBJECT_REVOCATION(StoreKind.TOKENS),
        /** A subject's tokens and credentials erased. */
        SUBJECT_ERASURE(StoreKind.TOKENS),
        /** A tenant erased: queued once for each store whose other backend missed the erasure. */
        TENANT_ERASURE(null);

        private final StoreKind store;

        Kind(StoreKind store) {
            this.store = store;
        }

        /**
         * @return the store this kind belongs to, or {@code null} for a tenant erasure (any store)
         */
        public StoreKind store() {
            return store;
        }
    }

    /**
     * @throws dev.stowage.exception.ValidationException naming the missing component
     */
    public RepairKey {
        Check.required(store, "store");
        Check.required(tenant, "tenant");
        Check.required(kind, "kind");
        Check.required(key, "key");
        detail = detail == null ? "" : detail;
    }

    /**
     * @param tenant   the tenant
     * @param records  the kind of records the mismatch is of
     * @param mismatch a key a verification found different on the two sides
     * @return the repair key that re-copies it
     */
    static RepairKey of(TenantId tenant, RecordKind records, Mismatch mismatch) {
        Map<String, String> key = mismatch.key();
        return switch (records) {
            case CONTACTS -> of(records.store(), tenant, Kind.CONTACT, key.get("id"));
            case CREDIT_ACCOUNTS -> of(records.store(), tenant, Kind.CREDIT_ACCOUNT, key.get("accountId"));
            case CREDENTIALS -> new RepairKey(records.store(), tenant, Kind.CREDENTIAL, key.get("subject"), key.get("provider"));
            case REFRESH_FAMILIES -> of(records.store(), tenant, Kind.REFRESH_FAMILY, key.get("familyId"));
            case REVOKED_ACCESS_TOKENS -> new RepairKey(records.store(), tenant, Kind.REVOKED_ACCESS_TOKEN, key.get("jti"),
                    key.get("expiresAt"));
        };
    }

    /**
     * @param store  the store
     * @param tenant the tenant
     * @param kind   the kind
     * @param key    the key
     * @return a key without detail
     */
    public static RepairKey of(StoreKind store, TenantId tenant, Kind kind, String key) {
        return new RepairKey(store, tenant, kind, key, "");
    }
}
