package dev.stowage.benchmarks;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactStore;
import dev.stowage.migration.Migration;
import dev.stowage.migration.MigrationReport;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.verify.Verification;
import dev.stowage.migration.verify.VerificationReport;
import dev.stowage.migration.verify.VerificationState;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Ids;
import dev.stowage.testkit.Fixtures;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An end-to-end copy of {@link #contacts} contacts from Redis into PostgreSQL through the
 * migration engine ({@link #stowageCopy}), against a raw {@code COPY} of the same rows into the
 * same table ({@link #rawCopy}): pgjdbc's {@code CopyManager} streaming CSV rendered beforehand
 * from the Redis source, the database's own bulk path and the ceiling for any copy. Each
 * invocation copies everything into an emptied table; the design's target is Stowage at ≥ 0.5×
 * the raw throughput ({@link #comparisons()}).
 * <p>
 * The source is loaded into Redis once and kept under a prefix named after its size, so every
 * fork of a comparison copies the same contacts; {@link #cleanUp} (called by the runner at its
 * end) or {@code keepSource=false} removes it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class RedisToPostgresCopyBenchmark {

    /** The tenant both sides copy. */
    static final TenantId TENANT = TenantId.DEFAULT;

    /** How many contacts are copied. */
    @Param("100000")
    public int contacts;
    /** The engine's workers. */
    @Param("4")
    public int workers;
    /** The engine's batch size. */
    @Param("1000")
    public int batchSize;
    /** Whether each copy is verified afterwards (outside the measured time): for the smoke run. */
    @Param("false")
    public boolean verify;
    /** Whether the Redis source stays for the next fork (the comparison removes it at its end). */
    @Param("true")
    public boolean keepSource;

    private StoreBackend redis;
    private StoreBackend postgres;
    private String schema;
    private byte[] copyRows;
    private int invocation;

    /**
     * @return the comparison of the design: the engine's copy at ≥ 0.5× the throughput of a raw COPY
     */
    public static List<Comparison> comparisons() {
        return List.of(new Comparison("Redis -> PostgreSQL copy, 100k contacts", RedisToPostgresCopyBenchmark.class,
                "stowageCopy", "rawCopy", Map.of("contacts", "100000"), Target.throughputAtLeast(0.5)));
    }

    /**
     * Removes the Redis sources the rows that ran kept between forks.
     *
     * @param ran this class's rows that ran
     */
    public static void cleanUp(List<Comparison> ran) {
        ran.stream().flatMap(row -> row.size().stream()).distinct()
                .forEach(size -> BenchmarkServers.deleteRedisPrefix(sourcePrefix(size)));
    }

    /**
     * @param contacts the source's size
     * @return the Redis key prefix of a source of that size
     */
    static String sourcePrefix(int contacts) {
        return "stowage-bench-copy-" + contacts;
    }

    /** Loads the source (unless a previous fork did), opens the target schema, renders the raw rows. */
    @Setup(Level.Trial)
    public void setUp() {
        redis = BenchmarkServers.redis(sourcePrefix(contacts));
        ContactStore source = redis.contacts(TENANT);
        long present = source.count(ContactQuery.all());
        if (present != contacts) {
            BenchmarkServers.deleteRedisPrefix(sourcePrefix(contacts));
            load(source);
        }
        schema = BenchmarkServers.newSchema("copy");
        postgres = BenchmarkServers.postgres(schema, workers + 2);
        postgres.contacts(TENANT).count(ContactQuery.all());   // opens the pool and applies the migrations
        CopyRows rows = new CopyRows(TENANT);
        for (List<Contact> page = source.scan(null, 10_000); !page.isEmpty();
             page = source.scan(page.get(page.size() - 1).id(), 10_000)) {
            page.forEach(rows::add);
        }
        if (rows.count() != contacts) {
            throw new IllegalStateException("the source holds " + rows.count() + " contacts, not " + contacts);
        }
        copyRows = rows.bytes();
    }

    private void load(ContactStore source) {
        Clock clock = Clock.systemUTC();
        Instant start = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Contact> batch = new ArrayList<>();
        for (int n = 0; n < contacts; n++) {
            Instant at = start.plus(n, ChronoUnit.MICROS);
            batch.add(Contact.of(Ids.timeOrdered(clock), Fixtures.sourcedContact(n), at, at, 1 + n % 3));
            if (batch.size() == 1_000 || n == contacts - 1) {
                source.importContacts(batch);
                batch.clear();
            }
        }
    }

    /** Empties the target table before each copy (not measured). */
    @Setup(Level.Invocation)
    public void emptyTarget() {
        BenchmarkServers.sql("TRUNCATE \"" + schema + "\".contact");
    }

    /**
     * @return contacts written
     */
    @Benchmark
    public long stowageCopy() {
        MigrationReport report = Migration.from(redis).to(postgres).stores(StoreKind.CONTACTS).tenants(TENANT)
                .workers(workers).batchSize(batchSize).metrics(false).runId("bench-" + (++invocation)).run();
        long written = report.totals(StoreKind.CONTACTS).written();
        if (written != contacts) {
            throw new IllegalStateException("the engine wrote " + written + " of " + contacts + " contacts");
        }
        return written;
    }

    /**
     * @return rows copied
     * @throws SQLException if the COPY fails
     * @throws IOException  never: the rows are in memory
     */
    @Benchmark
    public long rawCopy() throws SQLException, IOException {
        try (Connection connection = BenchmarkServers.connect()) {
            long copied = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(CopyRows.statement(schema), new ByteArrayInputStream(copyRows));
            if (copied != contacts) {
                throw new IllegalStateException("COPY wrote " + copied + " of " + contacts + " rows");
            }
            return copied;
        }
    }

    /** With {@link #verify}: proves the copy holds exactly the source's contacts (not measured). */
    @TearDown(Level.Invocation)
    public void verifyCopy() {
        if (!verify) {
            return;
        }
        VerificationReport report = Verification.of(redis, postgres).stores(StoreKind.CONTACTS).tenants(TENANT).run();
        if (report.state() != VerificationState.VALIDATED) {
            throw new IllegalStateException("the copy does not verify:\n" + report.toTable());
        }
    }

    /** Drops the target schema; removes the source unless {@link #keepSource}. */
    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            postgres.close();
            redis.close();
        } finally {
            BenchmarkServers.sql("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            if (!keepSource) {
                BenchmarkServers.deleteRedisPrefix(sourcePrefix(contacts));
            }
        }
    }
}
