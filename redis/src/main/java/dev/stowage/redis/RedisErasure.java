package dev.stowage.redis;

import dev.stowage.TenantErasure;
import dev.stowage.TenantId;
import dev.stowage.credit.AccountErasure;
import dev.stowage.token.SubjectErasure;

import java.util.ArrayList;
import java.util.List;

/**
 * The erasures on Redis. An account and a subject are erased by one script each, in the tenant's
 * slot, so their records and index entries go together. A tenant is erased by a sweep of its hash
 * tag {@code {<prefix>:<tenant>}:*} (every key of the tenant, whatever its kind, operation keys
 * included) and then its removal from the tenant registry, so {@code tenants()} no longer lists it.
 */
final class RedisErasure {

    private static final Script ACCOUNT_DELETE = Script.write("credit_delete");
    private static final Script SUBJECT_ERASE = Script.write("subject_erase");
    /** Keys per {@code UNLINK} of a tenant erasure. */
    private static final int DELETE_BATCH = 1_000;

    private RedisErasure() {
    }

    /**
     * @param context   the tenant's context
     * @param accountId a checked account id
     * @return what was removed
     */
    static AccountErasure account(TenantContext context, String accountId) {
        Keys keys = context.keys();
        List<Object> reply = context.write(ACCOUNT_DELETE,
                List.of(keys.account(accountId), keys.ledger(accountId), keys.idempotencyKeys(accountId),
                        keys.accountIds()),
                List.of(accountId));
        boolean existed = "1".equals(TenantContext.text(reply, 0));
        long entries = Long.parseLong(TenantContext.text(reply, 1));
        return existed || entries > 0 ? new AccountErasure(existed, entries) : AccountErasure.NOTHING;
    }

    /**
     * Erases the subject in one script; the caller then purges, which drops the index entries of
     * the subject's items that Redis had already expired natively (and whose family records, which
     * the script follows, were gone).
     *
     * @param context the tenant's context
     * @param subject a checked subject
     * @return what was removed
     */
    static SubjectErasure subject(TenantContext context, String subject) {
        Keys keys = context.keys();
        List<Object> reply = context.write(SUBJECT_ERASE,
                List.of(keys.credentialIds(), keys.credentialsByAccessExpiry(), keys.credentialsByExpiry(),
                        keys.refreshFamiliesOf(subject), keys.refreshTokensByExpiry(), keys.refreshFamilies()),
                List.of(subject, keys.base(), keys.owner(subject)));
        return new SubjectErasure(Long.parseLong(TenantContext.text(reply, 0)),
                Long.parseLong(TenantContext.text(reply, 1)), Long.parseLong(TenantContext.text(reply, 2)));
    }

    /**
     * Counts the tenant's records by the kind of their keys, deletes every key of its hash tag in
     * batches, and removes it from the registry.
     *
     * @param driver   the connection
     * @param prefix   the key prefix
     * @param tenant   the tenant
     * @param registry the prefix's tenant registry
     * @return what was removed
     */
    static TenantErasure tenant(RedisDriver driver, String prefix, TenantId tenant, TenantRegistry registry) {
        String base = new Keys(prefix, tenant, null).base();
        // Prefixes and tenant ids hold no glob character ('*', '?', '[', ']', '\'), so the
        // pattern matches this tenant's keys and no other's: the tag's '}' ends the tenant id.
        List<String> found = driver.keys(base + ":*");
        long contacts = 0;
        long accounts = 0;
        long entries = 0;
        long credentials = 0;
        long families = 0;
        long tokens = 0;
        long denials = 0;
        for (String key : found) {
            String suffix = key.substring(base.length());
            if (suffix.startsWith(":c:")) {
                contacts++;
            } else if (suffix.startsWith(":a:")) {
                accounts++;
            } else if (suffix.startsWith(":a-ledger:")) {
                entries += driver.hlen(key);
            } else if (suffix.startsWith(":cred:")) {
                credentials++;
            } else if (suffix.startsWith(":rt-family:")) {
                families++;
            } else if (suffix.startsWith(":rt:")) {
                tokens++;
            } else if (suffix.startsWith(":jti:")) {
                denials++;
            }
        }
        for (int from = 0; from < found.size(); from += DELETE_BATCH) {
            driver.delete(new ArrayList<>(found.subList(from, Math.min(found.size(), from + DELETE_BATCH))));
        }
        registry.forget(tenant);
        return new TenantErasure(contacts, accounts, entries, credentials, families, tokens, denials);
    }
}
