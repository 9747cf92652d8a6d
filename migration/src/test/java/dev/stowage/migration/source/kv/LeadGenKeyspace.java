package dev.stowage.migration.source.kv;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import dev.stowage.testkit.TestServers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A keyspace shaped like the lead-gen plan under a unique test prefix, in the shared Redis:
 * {@code credits:<userId>} hashes ({@code currentBalance}, {@code totalPurchased}, {@code totalUsed})
 * and {@code gmail:<userId>} JSON tokens with epoch-millisecond expiries. {@link #close()} deletes
 * every key under the prefix.
 */
public final class LeadGenKeyspace implements AutoCloseable {

    /** The test's own prefix, such as {@code legacy-kv-test:<uuid>:}. */
    public final String prefix = "legacy-kv-test:" + UUID.randomUUID() + ":";
    final RedisClient client = RedisClient.create(TestServers.redisUri());
    final StatefulRedisConnection<String, String> connection = client.connect();
    public final RedisCommands<String, String> redis = connection.sync();

    /** @return the prefix of the {@code credits:<userId>} keys */
    public String credits() {
        return prefix + "credits:";
    }

    /** @return the prefix of the {@code gmail:<userId>} keys */
    public String gmail() {
        return prefix + "gmail:";
    }

    /** Writes {@code credits:user-<i>} for i in [from, to) with balance {@code i}, purchased {@code 2i}, used {@code i}. */
    public void credits(int from, int to) {
        var async = connection.async();
        List<io.lettuce.core.RedisFuture<Long>> writes = new java.util.ArrayList<>();
        for (int i = from; i < to; i++) {
            Map<String, String> hash = new LinkedHashMap<>();
            hash.put("currentBalance", Integer.toString(i));
            hash.put("totalPurchased", Integer.toString(2 * i));
            hash.put("totalUsed", Integer.toString(i));
            writes.add(async.hset(credits() + "user-" + i, hash));
        }
        writes.forEach(write -> {
            try {
                write.get();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    /** Writes {@code gmail:<userId>} as a JSON string. */
    public void gmail(String userId, String json) {
        redis.set(gmail() + userId, json);
    }

    /** @return a source over both patterns: credits as hashes, gmail as JSON */
    public KeyPatternSource.Builder source() {
        return KeyPatternSource.builder(TestServers.redisUri())
                .pattern(KeyPattern.hash(credits()))
                .pattern(KeyPattern.json(gmail()));
    }

    @Override
    public void close() {
        try {
            ScanCursor cursor = ScanCursor.INITIAL;
            ScanArgs mine = ScanArgs.Builder.matches(prefix + "*").limit(1000);
            do {
                KeyScanCursor<String> page = redis.scan(cursor, mine);
                if (!page.getKeys().isEmpty()) {
                    redis.unlink(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            connection.close();
            client.shutdown();
        }
    }
}
