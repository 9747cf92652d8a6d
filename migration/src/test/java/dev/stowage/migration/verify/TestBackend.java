package dev.stowage.migration.verify;

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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A real backend for one test class, in its own PostgreSQL schema or Redis key prefix, removed
 * again by {@link #close()}.
 */
abstract class TestBackend implements AutoCloseable {

    private final String label;
    protected final StoreBackend backend;

    private TestBackend(String label, StoreBackend backend) {
        this.label = label;
        this.backend = backend;
    }

    StoreBackend backend() {
        return backend;
    }

    @Override
    public String toString() {
        return label;
    }

    /** Closes the backend and removes everything it wrote. */
    @Override
    public abstract void close();

    static TestBackend memory(Clock clock) {
        return new TestBackend("memory", InMemoryStores.backend(clock)) {
            @Override
            public void close() {
                backend.close();
            }
        };
    }

    static Postgres postgres(Class<?> testClass, Clock clock) {
        return new Postgres(unique("t_", testClass, "_").replace('-', '_'), clock);
    }

    static TestBackend redis(Class<?> testClass, Clock clock) {
        return new Redis(TestServers.redisUri(), false, unique("t-", testClass, "-"), clock);
    }

    static TestBackend redisCluster(Class<?> testClass, Clock clock) {
        return new Redis(TestRedisCluster.uri(), true, unique("t-", testClass, "-"), clock);
    }

    private static String unique(String start, Class<?> testClass, String separator) {
        String name = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return start + name.substring(0, Math.min(24, name.length())) + separator
                + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** A PostgreSQL backend in a schema of its own, which the test may also change by SQL. */
    static final class Postgres extends TestBackend {

        private final String schema;

        private Postgres(String schema, Clock clock) {
            super("postgres", PostgresStores.builder(TestServers.postgresUrl()).schema(schema).clock(clock)
                    .maxPoolSize(2).minIdle(0).buildBackend());
            this.schema = schema;
        }

        /** Runs a statement in the backend's schema, outside Stowage: to corrupt data on purpose. */
        void execute(String sql) {
            try (Connection connection = DriverManager.getConnection(TestServers.postgresUrl());
                 Statement statement = connection.createStatement()) {
                statement.execute("SET search_path TO \"" + schema + "\"");
                statement.execute(sql);
            } catch (SQLException e) {
                throw new AssertionError("could not run " + sql + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            backend.close();
            try (Connection connection = DriverManager.getConnection(TestServers.postgresUrl());
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            } catch (SQLException e) {
                throw new AssertionError("could not drop schema " + schema + ": " + e.getMessage(), e);
            }
        }
    }

    /** A Redis (standalone or Cluster) backend on a key prefix of its own. */
    private static final class Redis extends TestBackend {

        private final String uri;
        private final boolean cluster;
        private final String prefix;

        private Redis(String uri, boolean cluster, String prefix, Clock clock) {
            super(cluster ? "redis-cluster" : "redis", RedisStores.builder(uri).cluster(cluster).prefix(prefix)
                    .clock(clock).commandTimeout(Duration.ofSeconds(5)).buildBackend());
            this.uri = uri;
            this.cluster = cluster;
            this.prefix = prefix;
        }

        @Override
        public void close() {
            backend.close();
            // Every key of the backend starts with the hash tag {<prefix>:<tenant>}.
            ScanArgs match = ScanArgs.Builder.matches("{" + prefix + ":*").limit(1_000);
            if (cluster) {
                List<RedisURI> seeds = new ArrayList<>();
                Arrays.stream(uri.split(",")).map(RedisURI::create).forEach(seeds::add);
                RedisClusterClient client = RedisClusterClient.create(seeds);
                try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                    RedisAdvancedClusterCommands<String, String> commands = connection.sync();
                    deleteAll(match, commands::scan, commands::unlink);
                } finally {
                    client.shutdown();
                }
            } else {
                RedisClient client = RedisClient.create(uri);
                try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    deleteAll(match, connection.sync()::scan, connection.sync()::unlink);
                } finally {
                    client.shutdown();
                }
            }
        }

        private static void deleteAll(ScanArgs match,
                                      BiFunction<ScanCursor, ScanArgs, KeyScanCursor<String>> scan,
                                      Function<String[], Long> unlink) {
            for (String key : keys(match, scan)) {
                unlink.apply(new String[] {key});
            }
            List<String> left = keys(match, scan);
            if (!left.isEmpty()) {
                throw new AssertionError(left.size() + " keys were left after the cleanup, e.g. " + left.get(0));
            }
        }

        private static List<String> keys(ScanArgs match, BiFunction<ScanCursor, ScanArgs, KeyScanCursor<String>> scan) {
            List<String> keys = new ArrayList<>();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = scan.apply(cursor, match);
                keys.addAll(page.getKeys());
                cursor = page;
            } while (!cursor.isFinished());
            return keys;
        }
    }
}
