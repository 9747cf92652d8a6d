package dev.stowage.benchmarks;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactStore;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Ids;
import dev.stowage.testkit.Fixtures;
import dev.stowage.testkit.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A point read of one contact by id, through Stowage ({@code ContactStore.get}) against the raw
 * driver doing the same work: on PostgreSQL a JDBC prepared statement on one open connection and
 * the backend's decode of the row; on Redis a Lettuce {@code GET} of the contact's key and the
 * backend's decode of its JSON ({@link ContactDecoding}). Both sides read the same
 * {@value #CONTACTS} contacts in the same order, one thread. Target: Stowage ≤ 1.10× the raw time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PointReadBenchmark {

    /** Contacts stored and read in turn. */
    static final int CONTACTS = 1_000;

    /** The tenant read. */
    static final TenantId TENANT = TenantId.DEFAULT;

    /** @return the PostgreSQL and the Redis point reads, each ≤ 1.10× raw */
    public static List<Comparison> comparisons() {
        return List.of(
                new Comparison("PostgreSQL point read", PointReadBenchmark.class, "postgresStowage", "postgresRaw",
                        Map.of(), Target.costAtMost(1.10)),
                new Comparison("Redis point read", PointReadBenchmark.class, "redisStowage", "redisRaw",
                        Map.of(), Target.costAtMost(1.10)));
    }

    /** The ids both sides read, in turn. */
    abstract static class Reads {
        UUID[] ids;
        private int next;

        UUID nextId() {
            UUID id = ids[next];
            next = next + 1 == ids.length ? 0 : next + 1;
            return id;
        }

        /** Stores {@link #CONTACTS} contacts through Stowage. */
        void load(ContactStore store) {
            Clock clock = Clock.systemUTC();
            Instant start = clock.instant().truncatedTo(ChronoUnit.MICROS);
            List<Contact> contacts = new ArrayList<>();
            for (int n = 0; n < CONTACTS; n++) {
                Instant at = start.plus(n, ChronoUnit.MICROS);
                contacts.add(Contact.of(Ids.timeOrdered(clock), Fixtures.sourcedContact(n), at, at, 1));
            }
            store.importContacts(contacts);
            ids = contacts.stream().map(Contact::id).toArray(UUID[]::new);
        }

        /** Proves, outside the measurement, that the raw read returns what Stowage returns. */
        void check(ContactStore store, Contact raw) {
            Optional<Contact> stowage = store.get(raw.id());
            if (!stowage.equals(Optional.of(raw))) {
                throw new IllegalStateException("the raw read decodes " + raw + " where Stowage reads " + stowage);
            }
        }
    }

    /** A PostgreSQL schema of contacts, the backend on it, and a raw connection with the prepared statement. */
    @State(Scope.Thread)
    public static class Postgres extends Reads {
        private String schema;
        private StoreBackend backend;
        ContactStore store;
        private Connection connection;
        private PreparedStatement select;

        /** @throws SQLException if the raw connection cannot be opened */
        @Setup(Level.Trial)
        public void setUp() throws SQLException {
            schema = BenchmarkServers.newSchema("point");
            backend = BenchmarkServers.postgres(schema, 2);
            store = backend.contacts(TENANT);
            load(store);
            connection = BenchmarkServers.connect();
            select = connection.prepareStatement("SELECT " + ContactDecoding.COLUMNS + " FROM \"" + schema
                    + "\".contact WHERE tenant_id = ? AND id = ?");
            check(store, read(ids[0]));
        }

        Contact read(UUID id) throws SQLException {
            select.setString(1, TENANT.value());
            select.setObject(2, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? ContactDecoding.fromRow(row) : null;
            }
        }

        /** @throws SQLException if closing the raw connection fails */
        @TearDown(Level.Trial)
        public void tearDown() throws SQLException {
            try {
                connection.close();
                backend.close();
            } finally {
                BenchmarkServers.sql("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            }
        }
    }

    /** A Redis key prefix of contacts, the backend on it, and a raw Lettuce connection. */
    @State(Scope.Thread)
    public static class Redis extends Reads {
        private String prefix;
        private StoreBackend backend;
        ContactStore store;
        private RedisClient client;
        private StatefulRedisConnection<String, String> connection;
        private RedisCommands<String, String> commands;
        private String keyBase;

        /** Loads the contacts and connects the raw client. */
        @Setup(Level.Trial)
        public void setUp() {
            prefix = "stowage-bench-point-" + UUID.randomUUID();
            backend = BenchmarkServers.redis(prefix);
            store = backend.contacts(TENANT);
            load(store);
            client = RedisClient.create(TestServers.redisUri());
            connection = client.connect();
            commands = connection.sync();
            // The backend's key layout (redis/README.md): {prefix:tenant}:c:<id>.
            keyBase = "{" + prefix + ":" + TENANT.value() + "}:c:";
            check(store, read(ids[0]));
        }

        Contact read(UUID id) {
            String json = commands.get(keyBase + id);
            return json == null ? null : ContactDecoding.fromRedisJson(json);
        }

        /** Closes both clients and removes the prefix. */
        @TearDown(Level.Trial)
        public void tearDown() {
            try {
                connection.close();
                client.shutdown();
                backend.close();
            } finally {
                BenchmarkServers.deleteRedisPrefix(prefix);
            }
        }
    }

    /**
     * @param state the PostgreSQL fixture
     * @return the contact read through Stowage
     */
    @Benchmark
    public Optional<Contact> postgresStowage(Postgres state) {
        return state.store.get(state.nextId());
    }

    /**
     * @param state the PostgreSQL fixture
     * @return the contact read with the prepared statement
     * @throws SQLException if the read fails
     */
    @Benchmark
    public Contact postgresRaw(Postgres state) throws SQLException {
        return state.read(state.nextId());
    }

    /**
     * @param state the Redis fixture
     * @return the contact read through Stowage
     */
    @Benchmark
    public Optional<Contact> redisStowage(Redis state) {
        return state.store.get(state.nextId());
    }

    /**
     * @param state the Redis fixture
     * @return the contact read with a Lettuce GET
     */
    @Benchmark
    public Contact redisRaw(Redis state) {
        return state.read(state.nextId());
    }
}
