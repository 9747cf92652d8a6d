package dev.stowage.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain Lettuce connection for test assertions and cleanup, outside the code under test:
 * standalone or Cluster, with the same command view.
 */
final class RawRedis implements AutoCloseable {

    private final AutoCloseable client;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> commands;

    private RawRedis(AutoCloseable client, StatefulConnection<String, String> connection,
                     RedisClusterCommands<String, String> commands) {
        this.client = client;
        this.connection = connection;
        this.commands = commands;
        connection.setTimeout(Duration.ofSeconds(10));
    }

    static RawRedis open(TestTarget target) {
        if (target.cluster()) {
            List<RedisURI> seeds = new ArrayList<>();
            for (String seed : target.uri().split(",")) {
                seeds.add(RedisURI.create(seed.trim()));
            }
            RedisClusterClient client = RedisClusterClient.create(seeds);
            StatefulRedisClusterConnection<String, String> connection = client.connect();
            return new RawRedis(client::shutdown, connection, connection.sync());
        }
        RedisClient client = RedisClient.create(target.uri());
        StatefulRedisConnection<String, String> connection = client.connect();
        return new RawRedis(client::shutdown, connection, connection.sync());
    }

    RedisClusterCommands<String, String> commands() {
        return commands;
    }

    /** @return every key matching the pattern, on every node */
    List<String> keys(String pattern) {
        List<String> keys = new ArrayList<>();
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1_000);
        KeyScanCursor<String> cursor = commands.scan(ScanCursor.INITIAL, args);
        keys.addAll(cursor.getKeys());
        while (!cursor.isFinished()) {
            cursor = commands.scan(cursor, args);
            keys.addAll(cursor.getKeys());
        }
        return keys;
    }

    /** @return every key of a Stowage key prefix */
    List<String> keysOfPrefix(String prefix) {
        return keys("{" + prefix + ":*");
    }

    /** Removes every key of a Stowage key prefix. */
    void deletePrefix(String prefix) {
        for (String key : keysOfPrefix(prefix)) {
            commands.unlink(key);
        }
    }

    @Override
    public void close() {
        connection.close();
        try {
            client.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
