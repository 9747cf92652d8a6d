package dev.stowage.benchmarks;

import dev.stowage.TenantId;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.Posting;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Ids;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrent deductions of one credit from one shared account on PostgreSQL, four threads:
 * Stowage's {@code CreditStore.post} ({@link #stowageDeduct}) against a hand-written single
 * statement doing the same work (the conditional UPDATE of the balance, totals and sequence, and
 * the ledger INSERT, in one statement: {@link #rawDeductWithLedger}) and against the bare
 * conditional UPDATE without a ledger ({@link #rawBareUpdate}). Throughput mode; targets: Stowage
 * at ≥ 0.95× the one-statement raw side. At the end of each trial the account must hold exactly
 * the deductions counted (zero lost updates) and the ledger one entry per ledgered deduction.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Threads(4)
public class PostgresDeductionBenchmark {

    /** The tenant of the account. */
    static final TenantId TENANT = TenantId.of("deducting");
    /** The account every thread deducts from. */
    static final String ACCOUNT = "shared-account";
    /** The opening balance: more than any trial can use up. */
    static final long OPENING_BALANCE = 1_000_000_000_000L;

    private StoreBackend backend;
    private CreditStore credits;
    private String schema;
    private final AtomicLong deducted = new AtomicLong();
    private final AtomicLong ledgered = new AtomicLong();

    /** @return the table's rows: against the one-statement UPDATE + ledger INSERT, and against the bare UPDATE */
    public static List<Comparison> comparisons() {
        return List.of(
                new Comparison("PostgreSQL deductions, 4 threads, vs UPDATE + ledger INSERT",
                        PostgresDeductionBenchmark.class, "stowageDeduct", "rawDeductWithLedger", Map.of(),
                        Target.throughputAtLeast(0.95)),
                new Comparison("PostgreSQL deductions, 4 threads, vs bare UPDATE (no ledger; for reference)",
                        PostgresDeductionBenchmark.class, "stowageDeduct", "rawBareUpdate", Map.of(),
                        Target.throughputAtLeast(0.5)));
    }

    /** Opens a new schema and the account. */
    @Setup(Level.Trial)
    public void setUp() {
        schema = BenchmarkServers.newSchema("deduct");
        backend = BenchmarkServers.postgres(schema, 6);
        credits = backend.credits(TENANT);
        credits.post(Posting.purchase(ACCOUNT, OPENING_BALANCE));
    }

    /** One raw connection per thread, with its prepared statements. */
    @State(Scope.Thread)
    public static class RawConnection {
        private Connection connection;
        private PreparedStatement withLedger;
        private PreparedStatement bare;

        /**
         * @param benchmark the benchmark's state (for the schema)
         * @throws SQLException if the connection cannot be opened
         */
        @Setup(Level.Trial)
        public void open(PostgresDeductionBenchmark benchmark) throws SQLException {
            String account = "\"" + benchmark.schema + "\".credit_account";
            connection = BenchmarkServers.connect();
            withLedger = connection.prepareStatement("WITH account AS (UPDATE " + account
                    + " SET balance = balance + ?, total_used = total_used + ?, last_sequence = last_sequence + 1,"
                    + " updated_at = greatest(updated_at, ?)"
                    + " WHERE tenant_id = ? AND account_id = ? AND balance + ? >= 0 RETURNING last_sequence, balance)"
                    + " INSERT INTO \"" + benchmark.schema + "\".credit_entry (tenant_id, account_id, sequence, id, type,"
                    + " amount, balance_after, reason, metadata, idempotency_key, created_at)"
                    + " SELECT ?, ?, last_sequence, ?, 'DEDUCTION', ?, balance, NULL, '{}'::jsonb, NULL, ? FROM account"
                    + " RETURNING sequence, balance_after");
            bare = connection.prepareStatement("UPDATE " + account + " SET balance = balance - 1,"
                    + " total_used = total_used + 1 WHERE tenant_id = ? AND account_id = ? AND balance - 1 >= 0");
        }

        /**
         * @throws SQLException if the connection cannot be closed
         */
        @TearDown(Level.Trial)
        public void close() throws SQLException {
            connection.close();
        }
    }

    /** @return the new balance */
    @Benchmark
    public long stowageDeduct() {
        long balance = credits.post(Posting.deduction(ACCOUNT, 1)).balanceAfter();
        deducted.incrementAndGet();
        ledgered.incrementAndGet();
        return balance;
    }

    /**
     * @param raw the thread's connection
     * @return the new balance
     * @throws SQLException if the statement fails
     */
    @Benchmark
    public long rawDeductWithLedger(RawConnection raw) throws SQLException {
        PreparedStatement statement = raw.withLedger;
        OffsetDateTime now = OffsetDateTime.now(Clock.systemUTC()).withOffsetSameInstant(ZoneOffset.UTC);
        statement.setLong(1, -1);
        statement.setLong(2, 1);
        statement.setObject(3, now);
        statement.setString(4, TENANT.value());
        statement.setString(5, ACCOUNT);
        statement.setLong(6, -1);
        statement.setString(7, TENANT.value());
        statement.setString(8, ACCOUNT);
        statement.setObject(9, Ids.timeOrdered(Clock.systemUTC()));
        statement.setLong(10, -1);
        statement.setObject(11, now);
        try (ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                throw new IllegalStateException("the deduction found no account with enough credits");
            }
            deducted.incrementAndGet();
            ledgered.incrementAndGet();
            return row.getLong(2);
        }
    }

    /**
     * @param raw the thread's connection
     * @return rows updated (1)
     * @throws SQLException if the statement fails
     */
    @Benchmark
    public int rawBareUpdate(RawConnection raw) throws SQLException {
        raw.bare.setString(1, TENANT.value());
        raw.bare.setString(2, ACCOUNT);
        int updated = raw.bare.executeUpdate();
        if (updated != 1) {
            throw new IllegalStateException("the bare update changed " + updated + " rows");
        }
        deducted.incrementAndGet();
        return updated;
    }

    /**
     * Proves no update was lost, then drops the schema.
     *
     * @throws SQLException if the check cannot read the account
     */
    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        try (Connection connection = BenchmarkServers.connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT a.balance, (SELECT count(*) FROM \"" + schema
                     + "\".credit_entry e WHERE e.type = 'DEDUCTION') FROM \"" + schema + "\".credit_account a")) {
            row.next();
            long balance = row.getLong(1);
            long entries = row.getLong(2);
            if (balance != OPENING_BALANCE - deducted.get() || entries != ledgered.get()) {
                throw new IllegalStateException("lost updates: balance " + balance + " after " + deducted.get()
                        + " deductions from " + OPENING_BALANCE + ", " + entries + " ledger entries for "
                        + ledgered.get());
            }
        } finally {
            try {
                backend.close();
            } finally {
                BenchmarkServers.sql("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            }
        }
    }
}
