package dev.stowage.benchmarks;

import dev.stowage.Page;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactStore;
import dev.stowage.spi.StoreBackend;
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

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Free-text and tag searches (first page of 50, newest first) on a tenant of {@link #contacts}
 * contacts, and the same searches on a small tenant of 1 000 beside it: the design's target is
 * p95 below 20 ms at 100 000 (sample-time mode), the cost following the matches, not the tenant.
 * Every contact is {@link Fixtures#contact} (the tags lead / customer / vip / partner each on
 * half of the tenant, the word "fixture" on all of it) plus a rare word {@code rare<k>} on 10
 * contacts and a tag {@code group<k>} on 100, so the queries cover rare and common matches.
 * The data is imported once per trial by 4 threads and removed at its end. Override the sizes
 * with {@code -p contacts=1000} (the CI smoke run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class RedisSearchBenchmark {

    private static final int SMALL_TENANT = 1_000;
    private static final TenantId LARGE = TenantId.of("large");
    private static final TenantId SMALL = TenantId.of("small");

    /** The large tenant's size. */
    @Param({"1000", "10000", "100000"})
    public int contacts;

    private final String prefix = "bench-search-" + UUID.randomUUID().toString().substring(0, 8);
    private StoreBackend backend;
    private ContactStore large;
    private ContactStore small;

    /** The comparisons of this class for the runner's table: absolute p95 bounds, Stowage only. */
    public static List<Comparison> comparisons() {
        List<Comparison> comparisons = new ArrayList<>();
        for (String size : List.of("1000", "10000", "100000")) {
            Map<String, String> params = Map.of("contacts", size);
            Target target = Target.p95Below(Duration.ofMillis(20));
            comparisons.add(new Comparison("Redis free-text search, rare word, " + size, RedisSearchBenchmark.class,
                    "rareWord", null, params, target));
            comparisons.add(new Comparison("Redis free-text search, common word, " + size, RedisSearchBenchmark.class,
                    "commonWord", null, params, target));
            comparisons.add(new Comparison("Redis tag search, 100 matches, " + size, RedisSearchBenchmark.class,
                    "groupTag", null, params, target));
            comparisons.add(new Comparison("Redis tag search, half the tenant, " + size, RedisSearchBenchmark.class,
                    "commonTag", null, params, target));
            comparisons.add(new Comparison("Redis free text + tag, small tenant beside " + size,
                    RedisSearchBenchmark.class, "smallTenant", null, params, target));
        }
        return comparisons;
    }

    @Setup(Level.Trial)
    public void load() throws Exception {
        backend = BenchmarkServers.redis(prefix);
        large = backend.contacts(LARGE);
        small = backend.contacts(SMALL);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> loads = new ArrayList<>();
            int batch = 1_000;
            for (int from = 0; from < contacts; from += batch) {
                int start = from;
                loads.add(pool.submit(() -> large.importContacts(contacts(start, Math.min(contacts, start + batch)))));
            }
            loads.add(pool.submit(() -> small.importContacts(contacts(0, SMALL_TENANT))));
            for (Future<?> load : loads) {
                load.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static List<Contact> contacts(int from, int to) {
        Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofDays(1));
        List<Contact> batch = new ArrayList<>(to - from);
        for (int n = from; n < to; n++) {
            ContactDraft fixture = Fixtures.contact(n);
            List<String> tags = new ArrayList<>(fixture.tags());
            tags.add("group" + n / 100);
            ContactDraft draft = fixture.toBuilder().notes(fixture.notes() + " rare" + n / 10).tags(tags).build();
            Instant at = base.plusMillis(n);
            batch.add(Fixtures.imported(UUID.randomUUID(), draft, at, at, 1));
        }
        return batch;
    }

    @Benchmark
    public Page<Contact> rareWord() {
        return large.search(ContactQuery.builder().text("rare" + ThreadLocalRandom.current().nextInt(contacts / 10)).build());
    }

    @Benchmark
    public Page<Contact> commonWord() {
        return large.search(ContactQuery.builder().text("fixture contact").build());
    }

    @Benchmark
    public Page<Contact> groupTag() {
        return large.search(ContactQuery.builder().anyTags("group" + ThreadLocalRandom.current().nextInt(contacts / 100))
                .build());
    }

    @Benchmark
    public Page<Contact> commonTag() {
        return large.search(ContactQuery.builder().allTags("lead").build());
    }

    @Benchmark
    public Page<Contact> smallTenant() {
        return small.search(ContactQuery.builder().text("rare" + ThreadLocalRandom.current().nextInt(SMALL_TENANT / 10))
                .anyTags("lead", "customer").build());
    }

    @TearDown(Level.Trial)
    public void remove() {
        backend.close();
        BenchmarkServers.deleteRedisPrefix(prefix);
    }
}
