package dev.stowage.redis.cache;

import dev.stowage.testkit.TestServers;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import static org.assertj.core.api.Assertions.assertThat;

/** The real Redis of the cache tests: removing a test's keys. */
final class RedisCacheTesting {

    private RedisCacheTesting() {
    }

    /**
     * Deletes every key under a prefix (keys are {@code {prefix:tenant}:...}) and fails if any is left.
     *
     * @param prefix the test's key prefix
     */
    static void deleteKeys(String prefix) {
        RedisClient client = RedisClient.create(TestServers.redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            ScanArgs matching = ScanArgs.Builder.matches("{" + prefix + ":*").limit(1_000);
            KeyScanCursor<String> cursor = redis.scan(ScanCursor.INITIAL, matching);
            while (true) {
                if (!cursor.getKeys().isEmpty()) {
                    redis.unlink(cursor.getKeys().toArray(String[]::new));
                }
                if (cursor.isFinished()) {
                    break;
                }
                cursor = redis.scan(cursor, matching);
            }
            assertThat(redis.keys("{" + prefix + ":*")).as("keys left under the prefix " + prefix).isEmpty();
        } finally {
            client.shutdown();
        }
    }
}
