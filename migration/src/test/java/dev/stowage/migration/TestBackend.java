package dev.stowage.migration;

import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.postgres.PostgresStores;
import dev.stowage.redis.RedisStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.TestServers;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A real backend for a test, in its own PostgreSQL schema or Redis key prefix, removed on close.
 *
 * @param kind    which backend
 * @param backend the opened backend
 * @param space   its schema or key prefix ({@code null} in memory)
 */
public record TestBackend(Kind kind, StoreBackend backend, String space) implements AutoCloseable {

    /** The backends the tests pair up. */
    public enum Kind { MEMORY, POSTGRES, REDIS, REDIS_CLUSTER }

    /**
     * @param kind  which backend
     * @param clock its clock
     * @param label names the schema or prefix, for diagnosis
     * @return a fresh, empty backend
     */
    public static TestBackend open(Kind kind, Clock clock, String label) {
        String space = "mig_" + label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        return switch (kind) {
            case MEMORY -> new TestBackend(kind, InMemoryStores.backend(clock), null);
            case POSTGRES -> new TestBackend(kind, postgres(space, clock), space);
            case REDIS, REDIS_CLUSTER -> new TestBackend(kind, RedisStores.builder(redisUri(kind))
                    .cluster(kind == Kind.REDIS_CLUSTER).prefix(space).clock(clock)
                    .commandTimeout(Duration.ofSeconds(10)).buildBackend(), space);
        };
    }

    /**
     * @param schema a schema (created by the backend's migrations)
     * @param clock  the clock
     * @return a PostgreSQL backend on it
     */
    static StoreBackend postgres(String schema, Clock clock) {
        return PostgresStores.builder(TestServers.postgresUrl()).schema(schema).clock(clock).maxPoolSize(6).minIdle(0)
                .buildBackend();
    }

    static String redisUri(Kind kind) {
        return kind == Kind.REDIS_CLUSTER ? TestCluster.uri() : TestServers.redisUri();
    }

    @Override
    public void close() {
        backend.close();
        if (space == null) {
            return;
        }
        if (kind == Kind.POSTGRES) {
            sql("DROP SCHEMA IF EXISTS \"" + space + "\" CASCADE");
        } else {
            deleteRedisKeys(kind, space);
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param statement SQL to run on the test server, outside any pool
     */
    public static void sql(String statement) {
        try (Connection connection = DriverManager.getConnection(TestServers.postgresUrl());
             Statement s = connection.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new AssertionError("could not run " + statement + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param query a query of one number (a count) to run on the test server, outside any pool
     * @return the number
     */
    public static long sqlCount(String query) {
        try (Connection connection = DriverManager.getConnection(TestServers.postgresUrl());
             Statement s = connection.createStatement();
             java.sql.ResultSet rows = s.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError("could not run " + query + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes every key of a Stowage key prefix.
     *
     * @param kind   standalone or cluster
     * @param prefix the prefix
     */
    public static void deleteRedisKeys(Kind kind, String prefix) {
        ScanArgs args = ScanArgs.Builder.matches("{" + prefix + ":*").limit(1_000);
        if (kind == Kind.REDIS_CLUSTER) {
            List<RedisURI> seeds = new ArrayList<>();
            for (String seed : TestCluster.uri().split(",")) {
                seeds.add(RedisURI.create(seed.trim()));
            }
            RedisClusterClient client = RedisClusterClient.create(seeds);
            try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                RedisAdvancedClusterCommands<String, String> commands = connection.sync();
                KeyScanCursor<String> cursor = commands.scan(ScanCursor.INITIAL, args);
                while (true) {
                    cursor.getKeys().forEach(commands::unlink);
                    if (cursor.isFinished()) {
                        break;
                    }
                    cursor = commands.scan(cursor, args);
                }
            } finally {
                client.shutdown();
            }
            return;
        }
        RedisClient client = RedisClient.create(TestServers.redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            var commands = connection.sync();
            KeyScanCursor<String> cursor = commands.scan(ScanCursor.INITIAL, args);
            while (true) {
                cursor.getKeys().forEach(commands::unlink);
                if (cursor.isFinished()) {
                    break;
                }
                cursor = commands.scan(cursor, args);
            }
        } finally {
            client.shutdown();
        }
    }
}
