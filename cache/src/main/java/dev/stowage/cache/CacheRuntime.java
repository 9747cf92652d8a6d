package dev.stowage.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.stowage.TenantId;
import dev.stowage.exception.ConflictException;
import dev.stowage.exception.InsufficientCreditsException;
import dev.stowage.exception.StoreClosedException;
import dev.stowage.exception.UnsupportedCapabilityException;
import dev.stowage.exception.ValidationException;
import dev.stowage.spi.invalidation.Invalidation;
import dev.stowage.spi.invalidation.InvalidationKey;
import dev.stowage.support.Timestamps;
import dev.stowage.token.Credential;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.IdentityHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The state shared by every store of a caching decorator: the Caffeine caches (shared across
 * tenants, keyed by tenant and lookup) and the flush epoch. Its side roles are types of their own,
 * as Caffeine's are: the {@link InvalidationChannel} (broadcast and the bypass switch), the
 * {@link ClockTicker} (entry ages by the stores' clock, with {@link CredentialExpiry}) and the
 * {@link CacheCounters} (statistics).
 * <p>
 * Three rules keep the cache exact:
 * <ol>
 *   <li>Only a Caffeine loader ever inserts an entry, and writes only ever invalidate. Caffeine
 *       makes {@code invalidate(key)} wait for a load of that key in progress, so a load that
 *       read the store before a write commits cannot leave its old value behind once the write
 *       has invalidated (locally, or on another instance through the broadcast).</li>
 *   <li>Every entry remembers the flush epoch in which its load started; a flush bumps the epoch
 *       before clearing, so an entry loaded across a flush is never served even if a load in
 *       progress put it back after the clear.</li>
 *   <li>While the broadcast channel is down (and before it first connects), reads bypass the
 *       cache: invalidations from other instances could be missed.</li>
 * </ol>
 */
final class CacheRuntime {

    static final String CONTACTS = "contacts";
    static final String CONTACTS_BY_SOURCE = "contacts-by-source";
    static final String CONTACTS_BY_EMAIL = "contacts-by-email";
    static final String ACCOUNTS = "accounts";
    static final String CREDENTIALS = "credentials";

    private static final System.Logger LOG = System.getLogger(CacheRuntime.class.getName());
    private static final Predicate<Object> ALWAYS_USABLE = value -> true;

    /**
     * Per cache, the lookups Caffeine counts in a way the statistics correct: a hit attempt
     * ({@link #cached}) that missed and was followed by the loading lookup of {@link #read} (a miss
     * counted twice), and another tenant's entry found under a contact id (a hit that served nothing).
     */
    private static final class Corrections {
        final LongAdder repeatedMisses = new LongAdder();
        final LongAdder otherTenantHits = new LongAdder();

        void repeatedMiss() {
            repeatedMisses.increment();
        }

        void otherTenantHit() {
            otherTenantHits.increment();
        }
    }

    /** Counts a correction, when statistics are recorded at all (Caffeine's counters are zeros otherwise). */
    private void correct(Cache<Object, CacheEntry> cache, Consumer<Corrections> correction) {
        if (options.recordStatistics()) {
            correction.accept(corrections.get(cache));
        }
    }

    private final CacheOptions options;
    private final Clock clock;
    private final ClockTicker ticker;
    private final CacheCounters counters = new CacheCounters();
    private final InvalidationChannel channel;
    private final Cache<Object, CacheEntry> contacts;
    private final Cache<Object, CacheEntry> contactsBySource;
    private final Cache<Object, CacheEntry> contactsByEmail;
    private final Cache<Object, CacheEntry> accounts;
    private final Cache<Object, CacheEntry> credentials;
    /** The caches that are on, by name, in the order statistics list them. */
    private final Map<String, Cache<Object, CacheEntry>> caches = new LinkedHashMap<>();
    private final Map<Cache<Object, CacheEntry>, Corrections> corrections = new IdentityHashMap<>();
    private final AtomicLong epoch = new AtomicLong();
    private final AtomicInteger owners = new AtomicInteger();
    private final List<AutoCloseable> closeHooks = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private CacheRuntime(CacheOptions options) {
        this.options = options;
        this.clock = options.clock();
        this.ticker = ClockTicker.forClock(clock);
        this.channel = new InvalidationChannel(options.broadcaster(), options.nodeId(), counters, this::flush,
                this::evict);
        this.contacts = register(CONTACTS, build(options.contactsTtl(), false));
        this.contactsBySource = register(CONTACTS_BY_SOURCE, build(options.contactsTtl(), false));
        this.contactsByEmail = register(CONTACTS_BY_EMAIL, build(options.contactsTtl(), false));
        this.accounts = register(ACCOUNTS, build(options.creditsTtl(), false));
        this.credentials = register(CREDENTIALS, build(options.tokensTtl(), true));
    }

    /**
     * Creates the caches and starts the broadcaster, if any.
     *
     * @param options the options
     * @return the running state; reads bypass the cache until the broadcaster reports a live subscription
     */
    static CacheRuntime start(CacheOptions options) {
        CacheRuntime runtime = new CacheRuntime(options);
        try {
            runtime.channel.start();
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    // ---- reads ------------------------------------------------------------------------------

    Cache<Object, CacheEntry> contacts() {
        return contacts;
    }

    Cache<Object, CacheEntry> contactsBySource() {
        return contactsBySource;
    }

    Cache<Object, CacheEntry> contactsByEmail() {
        return contactsByEmail;
    }

    Cache<Object, CacheEntry> accounts() {
        return accounts;
    }

    Cache<Object, CacheEntry> credentials() {
        return credentials;
    }

    Clock clock() {
        return clock;
    }

    /**
     * @param cache a cache, or {@code null} if it is off
     * @return the cache if reads may use it now, else {@code null} (counted as a bypassed read
     *     when the cache is on but the channel is down)
     */
    Cache<Object, CacheEntry> usable(Cache<Object, CacheEntry> cache) {
        if (cache == null) {
            return null;
        }
        if (channel.isBypassing()) {
            counters.bypassedRead();
            return null;
        }
        return cache;
    }

    /** What {@link #cached} answers when Caffeine held nothing for the key (and counted a miss). */
    static final CacheEntry MISS = new CacheEntry(TenantId.DEFAULT, null, Long.MIN_VALUE, Optional.empty());
    /** What {@link #cached} answers when the key holds another tenant's entry: read the store, cache nothing. */
    static final CacheEntry OTHER_TENANT = new CacheEntry(TenantId.DEFAULT, null, Long.MIN_VALUE + 1, Optional.empty());

    /**
     * The hit path, which allocates nothing (no loader, no lambda).
     *
     * @param cache  the cache, or {@code null} if it is off
     * @param key    the key
     * @param tenant the tenant reading
     * @param usable whether a cached value may still be served
     * @return a current, usable entry to serve; else {@link #MISS}, {@link #OTHER_TENANT} or
     *     {@code null} (the cache is off or bypassed, or the entry was stale: it is then discarded),
     *     and the caller reads through {@link #read}, passing this answer on
     */
    CacheEntry cached(Cache<Object, CacheEntry> cache, Object key, TenantId tenant, Predicate<Object> usable) {
        if (cache == null || channel.isBypassing()) {
            // read() counts the bypassed read.
            return null;
        }
        return checked(cache, key, tenant, usable, cache.getIfPresent(key));
    }

    private CacheEntry checked(Cache<Object, CacheEntry> cache, Object key, TenantId tenant, Predicate<Object> usable,
                               CacheEntry entry) {
        if (entry == null) {
            return MISS;
        }
        if (!entry.isFor(tenant)) {
            correct(cache, Corrections::otherTenantHit);
            return OTHER_TENANT;
        }
        if (isCurrent(entry) && usable.test(entry.value())) {
            return entry;
        }
        discard(cache, key, entry);
        return null;
    }

    /**
     * {@link #cached} for values that stay usable until invalidated.
     */
    CacheEntry cached(Cache<Object, CacheEntry> cache, Object key, TenantId tenant) {
        if (cache == null || channel.isBypassing()) {
            return null;
        }
        CacheEntry entry = cache.getIfPresent(key);
        // The common hit, checked with as little as possible; anything else takes the full path.
        if (entry != null && entry.tenant() == tenant && entry.epoch() == epoch.get()) {
            return entry;
        }
        return checked(cache, key, tenant, ALWAYS_USABLE, entry);
    }

    /**
     * Reads through a cache: a current, usable entry is returned; otherwise the store is read
     * once per key (concurrent misses wait for that one load) and the result cached.
     *
     * @param cache  the cache, or {@code null} if it is off
     * @param key    the key
     * @param tenant the tenant reading
     * @param load   reads the store of record; {@code null} means absent
     * @param usable whether a cached value may still be served (false makes it a miss)
     * @param cached what {@link #cached} just answered for this key; after a {@link #MISS} Caffeine
     *               counts this read's miss twice, and the statistics take one away
     * @return the value, or {@code null} if absent
     */
    Object read(Cache<Object, CacheEntry> cache, Object key, TenantId tenant, Supplier<?> load, Predicate<Object> usable,
                CacheEntry cached) {
        Cache<Object, CacheEntry> active = cached == OTHER_TENANT ? null : usable(cache);
        if (active == null) {
            return load.get();
        }
        if (cached == MISS) {
            correct(active, Corrections::repeatedMiss);
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            CacheEntry entry = active.get(key, k -> {
                long startEpoch = epoch.get();
                return entryFor(tenant, load.get(), startEpoch);
            });
            if (entry == null) {
                return null;
            }
            if (!entry.isFor(tenant)) {
                correct(active, Corrections::otherTenantHit);
                return load.get();
            }
            if (isCurrent(entry) && usable.test(entry.value())) {
                return entry.value();
            }
            discard(active, key, entry);
        }
        // Flushed twice while reading: the store of record answers.
        return load.get();
    }

    /**
     * {@link #read} for values that stay usable until invalidated.
     */
    Object read(Cache<Object, CacheEntry> cache, Object key, TenantId tenant, Supplier<?> load, CacheEntry cached) {
        return read(cache, key, tenant, load, ALWAYS_USABLE, cached);
    }

    /**
     * @param cached an answer of {@link #cached}
     * @return whether it is an entry to serve
     */
    static boolean isHit(CacheEntry cached) {
        return cached != null && cached != MISS && cached != OTHER_TENANT;
    }

    /**
     * @return the epoch to record in an entry whose load starts now
     */
    long epoch() {
        return epoch.get();
    }

    /**
     * @param tenant     the tenant the value was loaded for
     * @param value      a loaded value, or {@code null} for absent
     * @param startEpoch {@link #epoch()} read before the load started
     * @return the entry to cache, or {@code null} for an absence that is not to be cached
     */
    CacheEntry entryFor(TenantId tenant, Object value, long startEpoch) {
        if (value == null && !options.cacheAbsences()) {
            return null;
        }
        return new CacheEntry(tenant, value, startEpoch, Optional.ofNullable(value));
    }

    /**
     * @param entry a cached entry
     * @return whether no flush happened since its load started
     */
    boolean isCurrent(CacheEntry entry) {
        return entry.epoch() == epoch.get();
    }

    /**
     * Removes an entry found stale, unless another thread already replaced it.
     */
    void discard(Cache<Object, CacheEntry> cache, Object key, CacheEntry entry) {
        cache.asMap().remove(key, entry);
    }

    /**
     * @param credential a cached credential
     * @return whether it is expired by the store clock (then it is never served)
     */
    boolean isExpired(Credential credential) {
        return credential.isExpiredAt(Timestamps.now(clock));
    }

    // ---- writes -----------------------------------------------------------------------------

    /**
     * Runs a write against the store of record, then invalidates what it made stale, here and
     * (through the broadcaster) everywhere else.
     *
     * @param tenant    the tenant written to
     * @param write     the write
     * @param written   the keys the completed write made stale
     * @param uncertain the keys to invalidate when the write failed in a way that may have
     *                  written anyway (timeout, lost connection); {@code null} from it flushes everything
     * @param <T>       the write's result
     * @return the write's result
     */
    <T> T write(TenantId tenant, Supplier<T> write, Function<? super T, List<InvalidationKey>> written,
                Supplier<List<InvalidationKey>> uncertain) {
        T result;
        try {
            result = write.get();
        } catch (RuntimeException failure) {
            if (!provesNothingWritten(failure)) {
                invalidateAfterUncertainWrite(tenant, uncertain, failure);
            }
            throw failure;
        }
        invalidate(tenant, written.apply(result));
        return result;
    }

    private void invalidateAfterUncertainWrite(TenantId tenant, Supplier<List<InvalidationKey>> uncertain,
                                               RuntimeException failure) {
        List<InvalidationKey> keys;
        try {
            keys = uncertain.get();
        } catch (RuntimeException unexpected) {
            failure.addSuppressed(unexpected);
            keys = null;
        }
        if (keys == null) {
            flushEverywhere();
        } else {
            invalidate(tenant, keys);
        }
    }

    /**
     * Every store method is atomic, so these failures guarantee that nothing was written.
     */
    private static boolean provesNothingWritten(RuntimeException failure) {
        return failure instanceof ValidationException || failure instanceof ConflictException
                || failure instanceof InsufficientCreditsException || failure instanceof StoreClosedException
                || failure instanceof UnsupportedCapabilityException;
    }

    /**
     * Evicts keys of a tenant here and broadcasts them.
     */
    void invalidate(TenantId tenant, List<InvalidationKey> keys) {
        if (keys.isEmpty()) {
            return;
        }
        evict(tenant, keys);
        channel.publish(Invalidation.of(options.nodeId(), tenant, keys));
    }

    /**
     * Flushes this instance and tells every other instance to flush.
     */
    void flushEverywhere() {
        flush();
        channel.publish(Invalidation.everything(options.nodeId()));
    }

    /**
     * Drops every entry of this instance. Bumping the epoch first makes entries that loads in
     * progress put back after the clear unservable.
     */
    void flush() {
        epoch.incrementAndGet();
        for (Cache<Object, CacheEntry> cache : caches.values()) {
            cache.invalidateAll();
        }
        counters.flushed();
    }

    private void evict(TenantId tenant, List<InvalidationKey> keys) {
        for (InvalidationKey key : keys) {
            Cache<Object, CacheEntry> cache = cacheFor(key);
            if (cache != null) {
                cache.invalidate(CacheKey.of(tenant, key));
            }
        }
    }

    private Cache<Object, CacheEntry> cacheFor(InvalidationKey key) {
        if (key instanceof InvalidationKey.ContactId) {
            return contacts;
        }
        if (key instanceof InvalidationKey.ContactSource) {
            return contactsBySource;
        }
        if (key instanceof InvalidationKey.ContactEmail) {
            return contactsByEmail;
        }
        if (key instanceof InvalidationKey.AccountId) {
            return accounts;
        }
        return credentials;
    }

    boolean isBypassing() {
        return channel.isBypassing();
    }

    CacheOptions options() {
        return options;
    }

    String nodeId() {
        return options.nodeId();
    }

    // ---- statistics, life cycle --------------------------------------------------------------

    CacheStatistics statistics() {
        return counters.snapshot(options.nodeId(), options.recordStatistics(), caches, this::corrected, channel.isBypassing());
    }

    /**
     * @return the names of the caches that are on
     */
    List<String> cacheNames() {
        return List.copyOf(caches.keySet());
    }

    /**
     * @param name a cache's name
     * @return its counters, or zeros if it is off
     */
    CacheStats stats(String name) {
        return corrected(name, caches.get(name));
    }

    /**
     * @param name  a cache's name
     * @param cache the cache, or {@code null} if it is off
     * @return Caffeine's counters of it, corrected by {@link Corrections}
     */
    private CacheStats corrected(String name, Cache<?, ?> cache) {
        Corrections correction = cache == null ? null : corrections.get(cache);
        // The corrections are read before Caffeine's counters, which already hold every lookup they correct.
        long repeated = correction == null ? 0 : correction.repeatedMisses.sum();
        long otherTenant = correction == null ? 0 : correction.otherTenantHits.sum();
        return CacheCounters.stats(name, cache, repeated, otherTenant);
    }

    /**
     * @param hook closed with the runtime (e.g. meters to unregister)
     */
    void onClose(AutoCloseable hook) {
        closeHooks.add(hook);
        if (closed) {
            closeQuietly(hook);
        }
    }

    void retain() {
        owners.incrementAndGet();
    }

    /**
     * Called by each decorator that shares this runtime when it closes; the last one closes it.
     */
    void release() {
        if (owners.decrementAndGet() == 0) {
            close();
        }
    }

    private void close() {
        closed = true;
        channel.close();
        ticker.close();
        closeHooks.forEach(CacheRuntime::closeQuietly);
        for (Cache<Object, CacheEntry> cache : caches.values()) {
            cache.invalidateAll();
            cache.cleanUp();
        }
    }

    private static void closeQuietly(AutoCloseable hook) {
        try {
            hook.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + hook + " failed: " + e, e);
        }
    }

    // ---- construction ------------------------------------------------------------------------

    private Cache<Object, CacheEntry> register(String name, Cache<Object, CacheEntry> cache) {
        if (cache != null) {
            caches.put(name, cache);
            corrections.put(cache, new Corrections());
        }
        return cache;
    }

    private Cache<Object, CacheEntry> build(Duration ttl, boolean credentialExpiry) {
        if (ttl.isZero()) {
            return null;
        }
        Caffeine<Object, Object> builder = Caffeine.newBuilder()
                .maximumSize(options.maximumSize())
                // Maintenance runs on the calling threads: nothing runs after close().
                .executor(Runnable::run)
                // Ages follow the stores' clock, like every other expiry decision.
                .ticker(ticker);
        if (options.recordStatistics()) {
            builder.recordStats();
        }
        if (credentialExpiry) {
            return builder.expireAfter(new CredentialExpiry(ticker, ttl)).build();
        }
        return builder.expireAfterWrite(ttl).build();
    }
}
