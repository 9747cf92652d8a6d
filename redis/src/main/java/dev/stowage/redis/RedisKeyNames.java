package dev.stowage.redis;

import dev.stowage.TenantId;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;

import java.util.List;

/**
 * Maintenance of Redis key names: the migration of a keyspace written before contact emails were
 * replaced by their keyed hash ({@link RedisStores.Builder#keyHashSecret}) in index key names.
 */
public final class RedisKeyNames {

    private static final Script RENAME = Script.write("email_key_rename");

    private RedisKeyNames() {
    }

    /**
     * Renames every email index key of the backend's prefix that still carries an address in clear
     * ({@code {<prefix>:<tenant>}:c-email:<normalized email>}) to its hashed name
     * ({@code …:c-email:<HMAC-SHA-256 of the email>}), merging with a hashed key that writers
     * created meanwhile; each rename is one atomic script in the tenant's slot. The keyspace is
     * swept once and the keys renamed in batches of {@code batchSize}. Idempotent: a second run
     * finds nothing to rename. Run it once after upgrading every process (a process of an older
     * version still writes old names; run it again after the last one is gone). Until it has run,
     * {@code findByEmail} misses contacts indexed under old names.
     *
     * @param backend   a backend built by {@link RedisStores} (not a decorator of one)
     * @param batchSize keys renamed per batch, 1..10 000
     * @return how many keys were renamed
     * @throws StoreConfigurationException if the backend is not a Redis backend
     */
    public static long migrate(StoreBackend backend, int batchSize) {
        Check.batchLimit(batchSize);
        if (!(backend instanceof RedisBackend redis)) {
            throw new StoreConfigurationException("RedisKeyNames.migrate needs the backend built by RedisStores, not "
                    + (backend == null ? "null" : backend.name() + " (unwrap decorators first)"));
        }
        String prefix = redis.prefix();
        List<String> found = redis.driver().keys("{" + prefix + ":*}:c-email:*");
        long renamed = 0;
        for (int from = 0; from < found.size(); from += batchSize) {
            for (String old : found.subList(from, Math.min(found.size(), from + batchSize))) {
                renamed += renameIfOld(redis, prefix, old);
            }
        }
        return renamed;
    }

    private static int renameIfOld(RedisBackend redis, String prefix, String key) {
        int tagEnd = key.indexOf('}');
        String marker = ":c-email:";
        if (tagEnd < 0 || !key.startsWith(marker, tagEnd + 1)) {
            return 0;
        }
        String email = key.substring(tagEnd + 1 + marker.length());
        // A normalized address always holds '@'; a hashed name (base64url) never does.
        if (email.indexOf('@') < 0) {
            return 0;
        }
        TenantId tenant = TenantId.of(key.substring(prefix.length() + 2, tagEnd));
        TenantContext context = redis.context(tenant);
        List<Object> reply = context.write(RENAME, List.of(key, context.keys().contactsByEmail(email)), List.of());
        return Integer.parseInt(TenantContext.text(reply, 0));
    }
}
