package dev.stowage.benchmarks;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactStore;
import dev.stowage.spi.StoreBackend;
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

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Free-text and tag search on PostgreSQL against a tenant of {@link #tenantSize} contacts alone in
 * its table ({@link #layout} {@code alone}), or against a tenant of {@value #SMALL_TENANT} contacts
 * beside a crowded tenant of {@link #tenantSize} ({@code smallTenantInside}; see
 * {@link PostgresBenchmarkData}), so that the CI smoke run, which lowers the size parameter, never
 * loads a large table: the first page (50, newest first) of the contacts holding the
 * rare word ({@code stowageText}, 10 matches) or carrying the rare tag ({@code stowageTag}, 100
 * matches). Sample-time mode, so the runner reads the p95; the design's target is p95 below
 * 20 ms at every size (absolute, so the rows name no raw method). The raw sides, for reference, run the same query through a plain JDBC statement with the
 * values written into the SQL and decode the rows the same way.
 * <p>
 * The warm-up is long because the Stowage side runs through jOOQ, whose rendering code takes a few
 * thousand searches to be compiled (before that a search costs several times its warm cost).
 * <p>
 * The data is loaded with {@code COPY} once per trial into a schema of its own, analyzed as
 * autovacuum would, and the schema is dropped at the end of the trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 3, time = 3)
public class PostgresSearchBenchmark {

    /** The tenant searched. */
    static final TenantId TENANT = TenantId.of("searched");
    /** The crowded tenant beside it. */
    static final TenantId NEIGHBOUR = TenantId.of("neighbour");

    /** The searched tenant's size in the {@code smallTenantInside} layout. */
    static final int SMALL_TENANT = 1_000;

    /** Contacts of the searched tenant ({@code alone}) or of its crowded neighbour ({@code smallTenantInside}). */
    @Param({"1000", "10000", "100000", "1000000"})
    public int tenantSize;
    /** {@code alone} or {@code smallTenantInside}. */
    @Param("alone")
    public String layout;

    private StoreBackend backend;
    private ContactStore contacts;
    private String schema;
    private Connection raw;
    private ContactQuery textQuery;
    private ContactQuery tagQuery;
    private String rawText;
    private String rawTag;

    /**
     * @return the table's rows: each size alone, and a small tenant beside a crowded million
     */
    public static List<Comparison> comparisons() {
        List<Comparison> rows = new ArrayList<>();
        Target target = Target.p95Below(Duration.ofMillis(20));
        for (String size : List.of("1000", "10000", "100000", "1000000")) {
            Map<String, String> params = Map.of("tenantSize", size, "layout", "alone");
            rows.add(new Comparison("PostgreSQL free-text search, " + size + " contacts", PostgresSearchBenchmark.class,
                    "stowageText", null, params, target));
            rows.add(new Comparison("PostgreSQL tag search, " + size + " contacts", PostgresSearchBenchmark.class,
                    "stowageTag", null, params, target));
        }
        Map<String, String> small = Map.of("tenantSize", "1000000", "layout", "smallTenantInside");
        rows.add(new Comparison("PostgreSQL free-text search, 1000 contacts beside 1000000", PostgresSearchBenchmark.class,
                "stowageText", null, small, target));
        rows.add(new Comparison("PostgreSQL tag search, 1000 contacts beside 1000000", PostgresSearchBenchmark.class,
                "stowageTag", null, small, target));
        return rows;
    }

    /**
     * Migrates a new schema, loads both tenants and analyzes the table.
     *
     * @throws SQLException if the raw connection cannot be opened
     */
    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        schema = BenchmarkServers.newSchema("search");
        backend = BenchmarkServers.postgres(schema, 2);
        contacts = backend.contacts(TENANT);
        contacts.count(ContactQuery.all());   // opens the pool and applies the migrations
        boolean alone = switch (layout) {
            case "alone" -> true;
            case "smallTenantInside" -> false;
            default -> throw new IllegalArgumentException("layout is alone or smallTenantInside, not " + layout);
        };
        int searched = alone ? tenantSize : SMALL_TENANT;
        PostgresBenchmarkData.load(schema, TENANT, searched, false, 1);
        if (!alone) {
            PostgresBenchmarkData.load(schema, NEIGHBOUR, tenantSize, true, 2);
        }
        BenchmarkServers.sql("VACUUM ANALYZE \"" + schema + "\".contact");
        textQuery = ContactQuery.builder().text(PostgresBenchmarkData.RARE_WORD).build();
        tagQuery = ContactQuery.builder().anyTags(PostgresBenchmarkData.RARE_TAG).build();
        String page = " ORDER BY updated_at DESC, id DESC LIMIT " + (textQuery.limit() + 1);
        String from = "SELECT " + PostgresBenchmarkData.COLUMNS + " FROM \"" + schema + "\".contact WHERE tenant_id = '"
                + TENANT.value() + "' AND ";
        rawText = from + "search_vector @@ '''" + PostgresBenchmarkData.RARE_WORD + "'''::tsquery" + page;
        rawTag = from + "tags && '{" + PostgresBenchmarkData.RARE_TAG + "}'::text[]" + page;
        raw = BenchmarkServers.connect();
        int expected = Math.min(PostgresBenchmarkData.RARE_WORD_MATCHES, searched);
        if (stowageText().size() != expected || rawText().size() != expected) {
            throw new IllegalStateException("the free-text search does not find its " + expected + " matches");
        }
    }

    /** @return the first page of the free-text matches */
    @Benchmark
    public List<Contact> stowageText() {
        return contacts.search(textQuery).items();
    }

    /** @return the first page of the tag matches */
    @Benchmark
    public List<Contact> stowageTag() {
        return contacts.search(tagQuery).items();
    }

    /**
     * @return the first page of the free-text matches
     * @throws SQLException if the query fails
     */
    @Benchmark
    public List<Contact> rawText() throws SQLException {
        return query(rawText);
    }

    /**
     * @return the first page of the tag matches
     * @throws SQLException if the query fails
     */
    @Benchmark
    public List<Contact> rawTag() throws SQLException {
        return query(rawTag);
    }

    private List<Contact> query(String sql) throws SQLException {
        List<Contact> page = new ArrayList<>();
        try (Statement statement = raw.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                page.add(PostgresBenchmarkData.contact(rows));
            }
        }
        // The page itself, as ContactPage does: the extra row only says that another page follows.
        return page.size() > textQuery.limit() ? page.subList(0, textQuery.limit()) : page;
    }

    /**
     * Closes everything and drops the schema.
     *
     * @throws SQLException if the raw connection cannot be closed
     */
    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        try {
            if (raw != null) {
                raw.close();
            }
            backend.close();
        } finally {
            BenchmarkServers.sql("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        }
    }
}
