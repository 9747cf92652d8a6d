package dev.stowage.benchmarks;

import dev.stowage.postgres.PostgresStores;
import dev.stowage.redis.RedisStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.TestServers;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * The servers the benchmarks run against, found like the tests find theirs ({@link TestServers}:
 * the environment, then the local defaults), each benchmark in a schema or key prefix of its own.
 */
final class BenchmarkServers {

    private BenchmarkServers() {
    }

    /** @return a new schema name */
    static String newSchema(String label) {
        return "bench_" + label + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    static StoreBackend redis(String prefix) {
        return RedisStores.builder(TestServers.redisUri()).prefix(prefix).clock(Clock.systemUTC())
                .commandTimeout(Duration.ofSeconds(10)).buildBackend();
    }

    static StoreBackend postgres(String schema, int poolSize) {
        return PostgresStores.builder(TestServers.postgresUrl()).schema(schema).clock(Clock.systemUTC())
                .maxPoolSize(poolSize).minIdle(0).applicationName("stowage-benchmark").buildBackend();
    }

    /** @return a connection to the benchmark PostgreSQL, outside any pool */
    static Connection connect() throws SQLException {
        return DriverManager.getConnection(TestServers.postgresUrl());
    }

    static void sql(String statement) {
        try (Connection connection = connect(); Statement s = connection.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + statement + ": " + e.getMessage(), e);
        }
    }

    /** Removes every key of a Stowage key prefix (keys start with the hash tag {@code {<prefix>:<tenant>}}). */
    static void deleteRedisPrefix(String prefix) {
        RedisClient client = RedisClient.create(TestServers.redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> commands = connection.sync();
            ScanArgs match = ScanArgs.Builder.matches("{" + prefix + ":*").limit(1_000);
            KeyScanCursor<String> cursor = commands.scan(ScanCursor.INITIAL, match);
            while (true) {
                if (!cursor.getKeys().isEmpty()) {
                    commands.unlink(cursor.getKeys().toArray(String[]::new));
                }
                if (cursor.isFinished()) {
                    break;
                }
                cursor = commands.scan(cursor, match);
            }
        } finally {
            client.shutdown();
        }
    }
}
