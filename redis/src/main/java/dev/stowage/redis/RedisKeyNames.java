package dev.stowage.redis;

import dev.stowage.TenantId;
import dev.stowage.exception.ConflictException;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maintenance of Redis key names: the migration of a keyspace written before personal values
 * were replaced by their keyed hash ({@link RedisStores.Builder#keyHashSecret}) in key names:
 * contact emails, credential subjects and providers, refresh-token subjects and credit account ids.
 */
public final class RedisKeyNames {

    private static final Script EMAIL_RENAME = Script.write("email_key_rename");
    private static final Script CREDENTIAL_RENAME = Script.write("credential_key_rename");
    private static final Script SUBJECT_RENAME = Script.write("subject_key_rename");
    private static final Script ACCOUNT_RENAME = Script.write("account_key_rename");

    private RedisKeyNames() {
    }

    /**
     * Moves every key of the backend's prefix that still carries a personal value in clear to its
     * hashed name, each move one atomic script in the tenant's slot:
     * <ul>
     *   <li>email index keys {@code …:c-email:<normalized email>} to {@code …:c-email:<hash>},
     *       merged with a hashed key that writers created meanwhile;</li>
     *   <li>credentials {@code …:cred:<subject> <provider>} to {@code …:cred:<hash>}, with their
     *       index members (which then end with the hashed name); a credential written under the
     *       hashed name meanwhile is newer and wins;</li>
     *   <li>refresh-token subject sets {@code …:rt-subject:<subject>} to
     *       {@code …:rt-subject:<hash>}, merged, with the subject's families marked with their
     *       owner hash and the expiry order's members rewritten;</li>
     *   <li>credit accounts {@code …:a:<id>}, {@code …:a-ledger:<id>}, {@code …:a-idem:<id>} to
     *       their hashed names.</li>
     * </ul>
     * The keyspace is swept once per kind and the keys moved in batches of {@code batchSize}.
     * Idempotent: a second run finds nothing to move. Run it once after upgrading every process
     * and before serving traffic: until it has run, lookups miss what is stored under old names
     * ({@code findByEmail}, {@code credential}, a subject's families), and a posting to an account
     * not yet moved opens a new account under the hashed name. Such an account, held under both
     * names, is not moved (the others are) and is reported by a {@link ConflictException} at the end.
     *
     * @param backend   a backend built by {@link RedisStores}, or a decorator of one (metered, encrypted, cached)
     * @param batchSize keys moved per batch, 1..10 000
     * @return how many keys (or groups of keys: a credential, a subject's set, an account) were moved
     * @throws StoreConfigurationException if the backend is not a Redis backend nor decorates one
     * @throws ConflictException {@code DUPLICATE_KEY} if some credit accounts exist under both names
     */
    public static long migrate(StoreBackend backend, int batchSize) {
        Check.batchLimit(batchSize);
        RedisBackend redis = Optional.ofNullable(backend).flatMap(decorated -> decorated.unwrap(RedisBackend.class))
                .orElseThrow(() -> new StoreConfigurationException("RedisKeyNames.migrate needs a backend built by RedisStores"
                        + " (or a decorator of one), not " + (backend == null ? "null" : backend.name())));
        Sweep sweep = new Sweep(redis, redis.prefix());
        long moved = sweep.each(":c-email:", batchSize, sweep::email)
                + sweep.each(":cred:", batchSize, sweep::credential)
                + sweep.each(":rt-subject:", batchSize, sweep::subject);
        long[] conflicts = new long[1];
        for (String ids : redis.driver().keys("{" + redis.prefix() + ":*}:a-ids")) {
            moved += sweep.accounts(ids, batchSize, conflicts);
        }
        if (conflicts[0] > 0) {
            throw new ConflictException(ConflictException.Reason.DUPLICATE_KEY, conflicts[0] + " credit accounts"
                    + " exist under both their old and their hashed key names (posted to after the upgrade and"
                    + " before the migration); the other " + moved + " keys were moved. Merge those accounts'"
                    + " ledgers by hand, then run the migration again");
        }
        return moved;
    }

    /** One migration run over a prefix. */
    private record Sweep(RedisBackend redis, String prefix) {

        /** Moves one key if it has the old layout; returns 1 if it moved. */
        private interface Move {
            int apply(TenantContext context, String name);
        }

        long each(String marker, int batchSize, Move move) {
            List<String> found = redis.driver().keys("{" + prefix + ":*}" + marker + "*");
            long moved = 0;
            for (int from = 0; from < found.size(); from += batchSize) {
                for (String key : found.subList(from, Math.min(found.size(), from + batchSize))) {
                    int tagEnd = key.indexOf('}');
                    if (tagEnd < 0 || !key.startsWith(marker, tagEnd + 1)) {
                        continue;
                    }
                    TenantContext context = redis.context(TenantId.of(key.substring(prefix.length() + 2, tagEnd)));
                    moved += move.apply(context, key.substring(tagEnd + 1 + marker.length()));
                }
            }
            return moved;
        }

        int email(TenantContext context, String email) {
            // A normalized address always holds '@'; a hashed name (base64url) never does.
            if (email.indexOf('@') < 0) {
                return 0;
            }
            Keys keys = context.keys();
            return moved(context.write(EMAIL_RENAME,
                    List.of(keys.contactsByEmailPrefix() + email, keys.contactsByEmail(email)), List.of()));
        }

        int credential(TenantContext context, String name) {
            // An old name is '<subject> <provider>'; a hashed name (base64url) holds no space.
            int space = name.indexOf(' ');
            if (space < 0) {
                return 0;
            }
            String subject = name.substring(0, space);
            String provider = name.substring(space + 1);
            Keys keys = context.keys();
            return moved(context.write(CREDENTIAL_RENAME,
                    List.of(keys.credentialPrefix() + name, keys.credential(subject, provider), keys.credentialIds(),
                            keys.credentialsByAccessExpiry(), keys.credentialsByExpiry()),
                    List.of(name, keys.credentialName(subject, provider))));
        }

        int subject(TenantContext context, String name) {
            Keys keys = context.keys();
            String key = keys.refreshFamiliesOfSubjectPrefix() + name;
            // A set is old if its families' subject is its name (and that is not the subject's hash).
            for (String familyId : redis.driver().smembers(key)) {
                String subject = redis.driver().hget(keys.refreshFamilyPrefix() + familyId, "subject");
                if (subject != null) {
                    if (!subject.equals(name) || keys.owner(subject).equals(name)) {
                        return 0;
                    }
                    return moved(context.write(SUBJECT_RENAME,
                            List.of(key, keys.refreshFamiliesOf(subject), keys.refreshTokensByExpiry()),
                            List.of(subject, keys.owner(subject), keys.base())));
                }
            }
            // No family left: the set indexes nothing and expires with its last family's lifetime.
            return 0;
        }

        long accounts(String idsKey, int batchSize, long[] conflicts) {
            int tagEnd = idsKey.indexOf('}');
            TenantContext context = redis.context(TenantId.of(idsKey.substring(prefix.length() + 2, tagEnd)));
            Keys keys = context.keys();
            long moved = 0;
            String from = "-";
            while (true) {
                List<String> ids = redis.driver().zrangeByLex(idsKey, from, "+", batchSize);
                for (String id : ids) {
                    List<String> old = keys.unhashedAccountKeys(id);
                    List<String> hashed = keys.accountKeys(id);
                    if (old.equals(hashed) || redis.driver().hget(old.get(0), "seq") == null) {
                        continue;
                    }
                    List<String> scriptKeys = new ArrayList<>(old);
                    scriptKeys.addAll(hashed);
                    List<Object> reply = context.write(ACCOUNT_RENAME, scriptKeys, List.of());
                    if ("CONFLICT".equals(TenantContext.text(reply, 0))) {
                        conflicts[0]++;
                    } else {
                        moved += moved(reply);
                    }
                }
                if (ids.size() < batchSize) {
                    return moved;
                }
                from = "(" + ids.get(ids.size() - 1);
            }
        }

        private static int moved(List<Object> reply) {
            return Integer.parseInt(TenantContext.text(reply, 0));
        }
    }
}
