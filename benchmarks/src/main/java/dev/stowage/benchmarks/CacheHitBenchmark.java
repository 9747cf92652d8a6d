package dev.stowage.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.stowage.TenantId;
import dev.stowage.cache.CacheOptions;
import dev.stowage.cache.CachingBackend;
import dev.stowage.cache.Caching;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactStore;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.Fixtures;
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

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A cache hit: {@code ContactStore.get} through the caching decorator (over the in-memory
 * backend, which a hit never reaches) for contacts already cached, against a plain Caffeine
 * {@code getIfPresent} of the same contacts by id in a cache of the same maximum size and nothing
 * else (no expiry, no statistics: the floor). The decorator runs with its default options
 * (statistics not recorded). The design's target: Stowage ≤ 2× the plain lookup, and no allocation
 * per hit (the runner's gc profiler reports the bytes per operation). The in-memory backend is
 * closed once the contacts are cached, so a read that missed the cache would fail the run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CacheHitBenchmark {

    /** Contacts cached and read in turn (a power of two, so the next index is a mask). */
    static final int CONTACTS = 1_024;

    private StoreBackend backend;
    private CachingBackend cached;
    private ContactStore store;
    private Cache<UUID, Contact> plain;
    private UUID[] ids;
    private int next;

    /** @return the cache hit, ≤ 2× a plain Caffeine lookup */
    public static List<Comparison> comparisons() {
        return List.of(new Comparison("Cache hit (contacts.get)", CacheHitBenchmark.class, "stowageHit", "caffeineHit",
                Map.of(), Target.costAtMost(2.0)));
    }

    /**
     * Creates the contacts, reads each once through the decorator, fills the plain cache, then
     * closes the backend under the decorator.
     */
    @Setup(Level.Trial)
    public void setUp() {
        Clock clock = Clock.systemUTC();
        CacheOptions options = CacheOptions.builder().clock(clock).build();
        backend = InMemoryStores.backend(clock);
        cached = Caching.wrap(backend, options);
        store = cached.contacts(TenantId.DEFAULT);
        plain = Caffeine.newBuilder().maximumSize(options.maximumSize()).build();
        ids = new UUID[CONTACTS];
        for (int n = 0; n < CONTACTS; n++) {
            Contact contact = store.create(Fixtures.contact(n));
            ids[n] = contact.id();
            plain.put(contact.id(), contact);
            if (!store.get(contact.id()).equals(Optional.of(contact))) {
                throw new IllegalStateException("the decorator does not return the contact it created");
            }
        }
        // From here on only hits can answer: a read reaching the backend throws StoreClosedException.
        backend.close();
    }

    private UUID nextId() {
        UUID id = ids[next];
        next = (next + 1) & (CONTACTS - 1);
        return id;
    }

    /** @return the cached contact, through the decorator */
    @Benchmark
    public Optional<Contact> stowageHit() {
        return store.get(nextId());
    }

    /** @return the cached contact, from plain Caffeine */
    @Benchmark
    public Contact caffeineHit() {
        return plain.getIfPresent(nextId());
    }

    /** Closes the decorator. */
    @TearDown(Level.Trial)
    public void tearDown() {
        cached.close();
    }
}
