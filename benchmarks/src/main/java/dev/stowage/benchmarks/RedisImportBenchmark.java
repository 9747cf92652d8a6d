package dev.stowage.benchmarks;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.Fixtures;
import dev.stowage.testkit.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How long an import of {@link #contacts} contacts holds the Redis server: one thread imports
 * batches of that size into fresh tenants ({@link #importer}) while another sends {@code PING}s
 * ({@link #stall}), whose latency is the time the server made every other client wait. The
 * largest sample (p100) is the longest script of an import; the design's bound is 50 ms, and the
 * table checks the probe's p95 against it. Only the probe's figures are the comparison; the
 * importer's are its throughput. Every tenant is removed at the end of the trial.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 5)
public class RedisImportBenchmark {

    /** Contacts per import batch. */
    @Param("10000")
    public int contacts;

    private final String prefix = "bench-import-" + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger tenants = new AtomicInteger();
    private StoreBackend backend;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> probe;

    /** The comparison of this class for the runner's table: an absolute bound, Stowage only. */
    public static List<Comparison> comparisons() {
        return List.of(new Comparison("Redis import of 10k contacts, server stall", RedisImportBenchmark.class,
                "stall", null, Map.of("contacts", "10000"), Target.p95Below(Duration.ofMillis(50))));
    }

    @Setup(Level.Trial)
    public void open() {
        backend = BenchmarkServers.redis(prefix);
        client = RedisClient.create(TestServers.redisUri());
        connection = client.connect();
        probe = connection.sync();
    }

    @Benchmark
    @Group("import")
    @GroupThreads(1)
    public ImportResult importer() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Contact> batch = new ArrayList<>(contacts);
        for (int n = 0; n < contacts; n++) {
            batch.add(Fixtures.imported(UUID.randomUUID(), Fixtures.contact(n), at, at, 1));
        }
        return backend.contacts(TenantId.of("t" + tenants.incrementAndGet())).importContacts(batch);
    }

    @Benchmark
    @Group("import")
    @GroupThreads(1)
    public String stall() {
        return probe.ping();
    }

    @TearDown(Level.Trial)
    public void close() {
        connection.close();
        client.shutdown();
        backend.close();
        BenchmarkServers.deleteRedisPrefix(prefix);
    }
}
