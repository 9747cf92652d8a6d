package dev.stowage.redis;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactQuery;
import dev.stowage.credit.EntryType;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.support.Emails;
import dev.stowage.token.Credential;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks a key prefix's integrity from the outside: every index holds exactly the entries its
 * records call for (so no entry points at a missing record and no record misses an entry), no
 * empty or unknown key exists, every ledger sums up to its account's balance, and the only keys
 * with a lifetime that nothing indexes are the short-lived operation keys.
 */
final class KeyspaceAudit {

    private final RedisClusterCommands<String, String> redis;
    private final List<String> problems = new ArrayList<>();
    private final KeyHasher hasher;

    private final String prefix;

    private KeyspaceAudit(RedisClusterCommands<String, String> redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
        this.hasher = KeyHasher.forPrefix(prefix);
    }

    /**
     * @param raw    a connection
     * @param prefix the key prefix
     * @return the problems found, empty if the keyspace is sound
     */
    static List<String> check(RawRedis raw, String prefix) {
        KeyspaceAudit audit = new KeyspaceAudit(raw.commands(), prefix);
        Map<String, List<String>> byTenant = new TreeMap<>();
        for (String key : raw.keysOfPrefix(prefix)) {
            int end = key.indexOf('}');
            byTenant.computeIfAbsent(key.substring(0, end + 1), base -> new ArrayList<>()).add(key.substring(end + 1));
        }
        String registry = Keys.tenantRegistry(prefix);
        String registryBase = registry.substring(0, registry.indexOf('}') + 1);
        List<String> registryKeys = byTenant.remove(registryBase);
        Set<String> registered = registryKeys == null ? Set.of() : raw.commands().smembers(registry);
        if (registryKeys != null && !registryKeys.equals(List.of(registry.substring(registryBase.length())))) {
            audit.problems.add(registryBase + ": keys other than the tenant registry " + registryKeys);
        }
        for (String base : byTenant.keySet()) {
            String tenant = base.substring(prefix.length() + 2, base.length() - 1);
            if (!registered.contains(tenant)) {
                audit.problems.add(base + ": a tenant with keys that is missing from the tenant registry " + registry);
            }
        }
        byTenant.forEach(audit::checkTenant);
        return audit.problems;
    }

    private void checkTenant(String base, List<String> suffixes) {
        Keys names = new Keys(prefix, TenantId.of(base.substring(prefix.length() + 2, base.length() - 1)), hasher);
        Map<String, Set<String>> actualSorted = new HashMap<>();
        Map<String, Set<String>> actualSets = new HashMap<>();
        Map<String, Map<String, String>> actualHashes = new HashMap<>();
        Map<String, Set<String>> expectedSorted = new HashMap<>();
        Map<String, Set<String>> expectedSets = new HashMap<>();
        Map<String, Map<String, String>> expectedHashes = new HashMap<>();
        Map<String, Map<String, String>> actualFamilyTokens = new HashMap<>();
        Map<String, Map<String, String>> expectedFamilyTokens = new HashMap<>();
        List<String> accounts = new ArrayList<>();
        List<String> credentials = new ArrayList<>();
        List<String> refreshTokens = new ArrayList<>();
        List<String> denials = new ArrayList<>();
        Set<String> ledgers = new HashSet<>();
        boolean wordsMarked = false;
        for (String suffix : suffixes) {
            String key = base + suffix;
            if (suffix.startsWith(":c:")) {
                Contact contact = Codec.contact(redis.get(key));
                contactEntries(base, contact, expectedSorted, expectedSets, expectedHashes);
            } else if (suffix.equals(":c-ids") || suffix.equals(":c-created") || suffix.equals(":c-updated")
                    || suffix.equals(":c-lastname") || suffix.equals(":a-ids") || suffix.equals(":cred-ids")
                    || suffix.equals(":cred-access") || suffix.equals(":cred-expiry") || suffix.equals(":rt-expiry")
                    || suffix.equals(":jti-expiry") || suffix.equals(":rt-families")) {
                putIfPresent(actualSorted, key, new HashSet<>(redis.zrange(key, 0, -1)));
            } else if (suffix.startsWith(":c-email:") || suffix.startsWith(":c-status:") || suffix.startsWith(":c-tag:")
                    || suffix.startsWith(":c-word:") || suffix.startsWith(":rt-subject:")) {
                putIfPresent(actualSets, key, redis.smembers(key));
            } else if (suffix.equals(":c-words")) {
                wordsMarked = true;
            } else if (suffix.equals(":c-source")) {
                actualHashes.put(key, redis.hgetall(key));
            } else if (suffix.startsWith(":a:")) {
                accounts.add(suffix.substring(3));
            } else if (suffix.startsWith(":a-ledger:") || suffix.startsWith(":a-idem:")) {
                ledgers.add(suffix.substring(suffix.indexOf(':', 1) + 1));
            } else if (suffix.startsWith(":cred:")) {
                credentials.add(key);
            } else if (suffix.startsWith(":rt:")) {
                refreshTokens.add(key);
            } else if (suffix.startsWith(":rt-family:")) {
                expectedSorted.computeIfAbsent(base + ":rt-families", k -> new HashSet<>())
                        .add(suffix.substring(":rt-family:".length()));
                Map<String, String> tokens = new HashMap<>();
                redis.hgetall(key).forEach((field, value) -> {
                    if (field.startsWith("t:")) {
                        tokens.put(field.substring(2), value);
                    }
                });
                actualFamilyTokens.put(key, tokens);
            } else if (suffix.startsWith(":jti:")) {
                denials.add(suffix.substring(5));
            } else if (suffix.startsWith(":op:")) {
                if (redis.pttl(key) == -1) {
                    problems.add(key + ": operation key without a lifetime");
                }
            } else {
                problems.add(key + ": not a key of the documented layout");
            }
        }
        // Account keys are named by the hash of the id: the ids come from the index.
        Map<String, String> idsByHash = new HashMap<>();
        for (String id : redis.zrange(base + ":a-ids", 0, -1)) {
            idsByHash.put(names.accountHash(id), id);
        }
        for (String account : accounts) {
            String id = idsByHash.get(account);
            if (id == null) {
                problems.add(base + ":a:" + account + ": an account whose id the index does not hold");
                continue;
            }
            checkAccount(names, id, expectedSorted);
            ledgers.remove(account);
        }
        ledgers.forEach(orphan -> problems.add(base + ": ledger or idempotency keys of missing account " + orphan));
        for (String key : credentials) {
            Map<String, String> record = redis.hgetall(key);
            if (record.isEmpty()) {
                continue; // expired natively between the SCAN and this read
            }
            Credential credential = Codec.credential(record.get("json"));
            String name = names.credentialName(credential.subject(), credential.provider());
            if (!key.equals(names.credential(credential.subject(), credential.provider()))) {
                problems.add(key + ": not the hashed name of its credential");
            }
            expectedSorted.computeIfAbsent(base + ":cred-ids", k -> new HashSet<>()).add(name);
            if (record.containsKey("access")) {
                expectedSorted.computeIfAbsent(base + ":cred-access", k -> new HashSet<>())
                        .add(record.get("access") + " " + name);
            }
            if (record.containsKey("expiry")) {
                expectedSorted.computeIfAbsent(base + ":cred-expiry", k -> new HashSet<>())
                        .add(record.get("expiry") + " " + name);
            }
        }
        for (String key : refreshTokens) {
            Map<String, String> token = redis.hgetall(key);
            if (token.isEmpty()) {
                continue; // expired natively between the SCAN and this read
            }
            String family = base + ":rt-family:" + token.get("family");
            if (!token.get("subject").equals(redis.hget(family, "subject"))) {
                problems.add(key + ": its family " + family + " is missing or belongs to someone else");
            }
            String owner = names.owner(token.get("subject"));
            if (!owner.equals(redis.hget(family, "owner"))) {
                problems.add(family + ": its owner is not the hash of its subject");
            }
            expectedSorted.computeIfAbsent(base + ":rt-expiry", k -> new HashSet<>()).add(token.get("expires") + " "
                    + token.get("family") + " " + owner + " " + key.substring((base + ":rt:").length()));
            expectedSets.computeIfAbsent(names.refreshFamiliesOf(token.get("subject")), k -> new HashSet<>())
                    .add(token.get("family"));
            expectedFamilyTokens.computeIfAbsent(family, k -> new HashMap<>())
                    .put(key.substring((base + ":rt:").length()), token.get("expires"));
        }
        for (String jti : denials) {
            expectedSorted.computeIfAbsent(base + ":jti-expiry", k -> new HashSet<>())
                    .add(redis.get(base + ":jti:" + jti) + " " + jti);
        }
        if (wordsMarked != expectedSorted.containsKey(base + ":c-ids")) {
            problems.add(base + ": the word index is " + (wordsMarked ? "marked complete without contacts"
                    : "not marked complete, though every contact was written with its words"));
        }
        compare(expectedSorted, actualSorted);
        compare(expectedSets, actualSets);
        compare(expectedHashes, actualHashes);
        actualFamilyTokens.forEach((family, tokens) -> expectedFamilyTokens.putIfAbsent(family, Map.of()));
        compare(expectedFamilyTokens, actualFamilyTokens);
    }

    private void contactEntries(String base, Contact contact, Map<String, Set<String>> sorted,
                                Map<String, Set<String>> sets, Map<String, Map<String, String>> hashes) {
        String id = contact.id().toString();
        sorted.computeIfAbsent(base + ":c-ids", k -> new HashSet<>()).add(id);
        sorted.computeIfAbsent(base + ":c-created", k -> new HashSet<>()).add(Keys.time(contact.createdAt()) + ":" + id);
        sorted.computeIfAbsent(base + ":c-updated", k -> new HashSet<>()).add(Keys.time(contact.updatedAt()) + ":" + id);
        sorted.computeIfAbsent(base + ":c-lastname", k -> new HashSet<>())
                .add(ContactQuery.lastNameKey(contact) + "\u0000" + id);
        sets.computeIfAbsent(base + ":c-email:" + hasher.hash(Emails.normalize(contact.email())), k -> new HashSet<>()).add(id);
        sets.computeIfAbsent(base + ":c-status:" + contact.status(), k -> new HashSet<>()).add(id);
        for (String tag : contact.tags()) {
            sets.computeIfAbsent(base + ":c-tag:" + tag, k -> new HashSet<>()).add(id);
        }
        for (String token : ContactQuery.searchTokens(contact)) {
            sets.computeIfAbsent(base + ":c-word:" + hasher.hash(token), k -> new HashSet<>()).add(id);
        }
        if (contact.source() != null) {
            String previous = hashes.computeIfAbsent(base + ":c-source", k -> new HashMap<>())
                    .put(contact.source() + " " + contact.sourceId(), id);
            if (previous != null) {
                problems.add(base + ": two contacts share source " + contact.source() + " " + contact.sourceId());
            }
        }
    }

    private void checkAccount(Keys names, String accountId, Map<String, Set<String>> sorted) {
        String base = names.base();
        Map<String, String> account = redis.hgetall(names.account(accountId));
        sorted.computeIfAbsent(base + ":a-ids", k -> new HashSet<>()).add(accountId);
        long sequences = Long.parseLong(account.get("seq"));
        Map<String, String> ledger = redis.hgetall(names.ledger(accountId));
        Map<String, String> keys = redis.hgetall(names.idempotencyKeys(accountId));
        if (ledger.size() != sequences) {
            problems.add(base + " account " + accountId + ": seq " + sequences + " but " + ledger.size() + " entries");
        }
        long balance = 0;
        long purchased = 0;
        long used = 0;
        Map<String, String> expectedKeys = new HashMap<>();
        for (long sequence = 1; sequence <= sequences; sequence++) {
            String raw = ledger.get(Long.toString(sequence));
            if (raw == null) {
                problems.add(base + " account " + accountId + ": entry " + sequence + " is missing");
                continue;
            }
            LedgerEntry entry = Codec.entry(raw);
            balance += entry.amount();
            purchased += entry.type() == EntryType.PURCHASE ? entry.amount() : 0;
            used += entry.type() == EntryType.DEDUCTION ? -entry.amount() : 0;
            if (entry.balanceAfter() != balance || entry.sequence() != sequence || balance < 0) {
                problems.add(base + " account " + accountId + ": entry " + sequence + " breaks the balance chain");
            }
            if (entry.idempotencyKey() != null) {
                expectedKeys.put(entry.idempotencyKey(), Long.toString(sequence));
            }
        }
        if (balance != Long.parseLong(account.get("balance")) || purchased != Long.parseLong(account.get("purchased"))
                || used != Long.parseLong(account.get("used"))) {
            problems.add(base + " account " + accountId + ": balance or totals differ from the ledger's sums");
        }
        if (!expectedKeys.equals(keys)) {
            problems.add(base + " account " + accountId + ": idempotency keys differ from the ledger's");
        }
    }

    /** Redis holds no empty key: an empty read is a key that expired natively after the SCAN. */
    private static void putIfPresent(Map<String, Set<String>> actual, String key, Set<String> members) {
        if (!members.isEmpty()) {
            actual.put(key, members);
        }
    }

    private <V> void compare(Map<String, V> expected, Map<String, V> actual) {
        Set<String> all = new HashSet<>(expected.keySet());
        all.addAll(actual.keySet());
        for (String key : all) {
            V want = expected.get(key);
            V have = actual.get(key);
            if (want == null) {
                problems.add(key + ": index key that no record calls for (holds " + have + ")");
            } else if (!want.equals(have)) {
                problems.add(key + ": index holds " + have + " but the records call for " + want);
            }
        }
    }
}
