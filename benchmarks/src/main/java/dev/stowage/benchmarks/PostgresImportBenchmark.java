package dev.stowage.benchmarks;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactStore;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A contact import of {@link #contacts} new contacts into PostgreSQL ({@link #stowageImport},
 * {@code ContactStore.importContacts}, in calls of the most contacts one call takes) against a raw {@code COPY} of the same rows into the same
 * schema ({@link #rawCopy}): both start from the same {@link Contact} list, the raw side renders
 * it as COPY's CSV (normalized email and search tokens included, like the backend) and streams
 * it through pgjdbc's {@code CopyManager}. Each invocation writes into an emptied table; the
 * design's target is Stowage at ≥ 0.8× the raw speed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class PostgresImportBenchmark {

    /** The tenant both sides write. */
    static final TenantId TENANT = TenantId.of("imported");

    /** How many contacts each invocation writes. */
    @Param("50000")
    public int contacts;

    private StoreBackend backend;
    private ContactStore store;
    private String schema;
    private List<Contact> rows;

    /** @return the table's row: Stowage's import against COPY */
    public static List<Comparison> comparisons() {
        return List.of(new Comparison("PostgreSQL contact import vs COPY, 50000 contacts", PostgresImportBenchmark.class,
                "stowageImport", "rawCopy", Map.of("contacts", "50000"), Target.throughputAtLeast(0.8)));
    }

    /** Opens a new schema and makes the contacts. */
    @Setup(Level.Trial)
    public void setUp() {
        schema = BenchmarkServers.newSchema("import");
        backend = BenchmarkServers.postgres(schema, 2);
        store = backend.contacts(TENANT);
        store.count(ContactQuery.all());   // opens the pool and applies the migrations
        rows = PostgresBenchmarkData.contacts(contacts, false, 3);
    }

    /** Empties the table before each import (not measured). */
    @Setup(Level.Invocation)
    public void emptyTable() {
        BenchmarkServers.sql("TRUNCATE \"" + schema + "\".contact");
    }

    /** @return contacts inserted */
    @Benchmark
    public int stowageImport() {
        int inserted = 0;
        for (int start = 0; start < rows.size(); start += Check.MAX_BATCH_LIMIT) {
            ImportResult result = store.importContacts(rows.subList(start, Math.min(rows.size(), start + Check.MAX_BATCH_LIMIT)));
            inserted += result.inserted();
        }
        if (inserted != contacts) {
            throw new IllegalStateException("the import inserted " + inserted + " instead of " + contacts + " contacts");
        }
        return inserted;
    }

    /**
     * @return rows copied
     * @throws SQLException if the COPY fails
     * @throws IOException  never: the rows are in memory
     */
    @Benchmark
    public long rawCopy() throws SQLException, IOException {
        CopyRows csv = new CopyRows(TENANT);
        rows.forEach(csv::add);
        try (Connection connection = BenchmarkServers.connect()) {
            long copied = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(CopyRows.statement(schema), new ByteArrayInputStream(csv.bytes()));
            if (copied != contacts) {
                throw new IllegalStateException("COPY wrote " + copied + " of " + contacts + " rows");
            }
            return copied;
        }
    }

    /** Drops the schema. */
    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            backend.close();
        } finally {
            BenchmarkServers.sql("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        }
    }
}
