package dev.stowage.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.stowage.TenantId;
import dev.stowage.exception.ConflictException;
import dev.stowage.exception.InsufficientCreditsException;
import dev.stowage.exception.StoreClosedException;
import dev.stowage.exception.UnsupportedCapabilityException;
import dev.stowage.exception.ValidationException;
import dev.stowage.token.Credential;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The state shared by every store of a caching decorator: the Caffeine caches (shared across
 * tenants, keyed by tenant and lookup), the flush epoch, the bypass switch and the broadcaster.
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
final class CacheRuntime implements InvalidationBroadcaster.Listener {

    static final String CONTACTS = "contacts";
    static final String CONTACTS_BY_SOURCE = "contacts-by-source";
    static final String CONTACTS_BY_EMAIL = "contacts-by-email";
    static final String ACCOUNTS = "accounts";
    static final String CREDENTIALS = "credentials";

    private static final System.Logger LOG = System.getLogger(CacheRuntime.class.getName());
    private static final Predicate<Object> ALWAYS_USABLE = value -> true;

    /**
     * A cache key: the tenant and one lookup of it.
     *
     * @param tenant the tenant
     * @param lookup the lookup
     */
    record Key(TenantId tenant, InvalidationKey lookup) {
    }

    /**
     * A cached lookup result.
     *
     * @param value the result (a contact, an id, a list of ids, an account, a credential), or
     *              {@code null} for a cached absence
     * @param epoch the flush epoch in which its load started
     */
    record Entry(Object value, long epoch) {
    }

    private record NamedCache(String name, Cache<Key, Entry> cache) {
    }

    private final CacheOptions options;
    private final Clock clock;
    private final long originSecond;
    private final int originNano;
    private final InvalidationBroadcaster broadcaster;
    private final Cache<Key, Entry> contacts;
    private final Cache<Key, Entry> contactsBySource;
    private final Cache<Key, Entry> contactsByEmail;
    private final Cache<Key, Entry> accounts;
    private final Cache<Key, Entry> credentials;
    private final List<NamedCache> caches = new ArrayList<>();
    private final AtomicLong epoch = new AtomicLong();
    private final LongAdder bypassedReads = new LongAdder();
    private final LongAdder invalidationsSent = new LongAdder();
    private final LongAdder invalidationsReceived = new LongAdder();
    private final LongAdder flushes = new LongAdder();
    private final LongAdder channelLosses = new LongAdder();
    private final AtomicInteger owners = new AtomicInteger();
    private final List<AutoCloseable> closeHooks = new CopyOnWriteArrayList<>();
    private final ExecutorService channelEvents;
    private final List<Thread> channelThreads = new CopyOnWriteArrayList<>();
    private volatile boolean bypassing;
    private volatile boolean channelUp;
    private volatile boolean closed;

    private CacheRuntime(CacheOptions options) {
        this.options = options;
        this.clock = options.clock();
        Instant origin = clock.instant();
        this.originSecond = origin.getEpochSecond();
        this.originNano = origin.getNano();
        this.broadcaster = options.broadcaster();
        this.bypassing = broadcaster != null;
        this.channelEvents = broadcaster == null ? null : Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "stowage-cache-invalidations-" + options.nodeId());
            thread.setDaemon(true);
            channelThreads.add(thread);
            return thread;
        });
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
        if (runtime.broadcaster != null) {
            try {
                runtime.broadcaster.start(runtime);
            } catch (RuntimeException e) {
                runtime.close();
                throw e;
            }
        }
        return runtime;
    }

    // ---- reads ------------------------------------------------------------------------------

    Cache<Key, Entry> contacts() {
        return contacts;
    }

    Cache<Key, Entry> contactsBySource() {
        return contactsBySource;
    }

    Cache<Key, Entry> contactsByEmail() {
        return contactsByEmail;
    }

    Cache<Key, Entry> accounts() {
        return accounts;
    }

    Cache<Key, Entry> credentials() {
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
    Cache<Key, Entry> usable(Cache<Key, Entry> cache) {
        if (cache == null) {
            return null;
        }
        if (bypassing) {
            bypassedReads.increment();
            return null;
        }
        return cache;
    }

    /**
     * Reads through a cache: a current, usable entry is returned; otherwise the store is read
     * once per key (concurrent misses wait for that one load) and the result cached.
     *
     * @param cache  the cache, or {@code null} if it is off
     * @param key    the key
     * @param load   reads the store of record; {@code null} means absent
     * @param usable whether a cached value may still be served (false makes it a miss)
     * @return the value, or {@code null} if absent
     */
    Object read(Cache<Key, Entry> cache, Key key, Supplier<?> load, Predicate<Object> usable) {
        Cache<Key, Entry> active = usable(cache);
        if (active == null) {
            return load.get();
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            Entry entry = active.get(key, k -> {
                long startEpoch = epoch.get();
                return entryFor(load.get(), startEpoch);
            });
            if (entry == null) {
                return null;
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
    Object read(Cache<Key, Entry> cache, Key key, Supplier<?> load) {
        return read(cache, key, load, ALWAYS_USABLE);
    }

    /**
     * @return the epoch to record in an entry whose load starts now
     */
    long epoch() {
        return epoch.get();
    }

    /**
     * @param value      a loaded value, or {@code null} for absent
     * @param startEpoch {@link #epoch()} read before the load started
     * @return the entry to cache, or {@code null} for an absence that is not to be cached
     */
    Entry entryFor(Object value, long startEpoch) {
        if (value == null && !options.cacheAbsences()) {
            return null;
        }
        return new Entry(value, startEpoch);
    }

    /**
     * @param entry a cached entry
     * @return whether no flush happened since its load started
     */
    boolean isCurrent(Entry entry) {
        return entry.epoch() == epoch.get();
    }

    /**
     * Removes an entry found stale, unless another thread already replaced it.
     */
    void discard(Cache<Key, Entry> cache, Key key, Entry entry) {
        cache.asMap().remove(key, entry);
    }

    /**
     * @param credential a cached credential
     * @return whether it is expired by the store clock (then it is never served)
     */
    boolean isExpired(Credential credential) {
        return credential.isExpiredAt(dev.stowage.support.Timestamps.now(clock));
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
        publish(Invalidation.of(options.nodeId(), tenant, keys));
    }

    /**
     * Flushes this instance and tells every other instance to flush.
     */
    void flushEverywhere() {
        flush();
        publish(Invalidation.everything(options.nodeId()));
    }

    /**
     * Drops every entry of this instance. Bumping the epoch first makes entries that loads in
     * progress put back after the clear unservable.
     */
    void flush() {
        epoch.incrementAndGet();
        for (NamedCache named : caches) {
            named.cache().invalidateAll();
        }
        flushes.increment();
    }

    private void evict(TenantId tenant, List<InvalidationKey> keys) {
        for (InvalidationKey key : keys) {
            Cache<Key, Entry> cache = cacheFor(key);
            if (cache != null) {
                cache.invalidate(new Key(tenant, key));
            }
        }
    }

    private Cache<Key, Entry> cacheFor(InvalidationKey key) {
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

    private void publish(Invalidation invalidation) {
        if (broadcaster == null) {
            return;
        }
        for (String message : InvalidationCodec.encode(invalidation, broadcaster.maxMessageLength())) {
            try {
                broadcaster.publish(message);
                invalidationsSent.increment();
            } catch (RuntimeException e) {
                // The write already happened; its caller must not fail because a peer cannot be told.
                LOG.log(System.Logger.Level.WARNING, "could not broadcast a cache invalidation; other instances may "
                        + "serve stale entries until their TTL: " + e, e);
            }
        }
    }

    // ---- the broadcast channel ---------------------------------------------------------------
    //
    // Broadcasters may call these methods from their I/O threads. Applying a message can wait for
    // a load in flight (Caffeine's invalidate does), and a load may need that very I/O thread, so
    // the work is handed to one thread of our own, in arrival order. Only "bypass now" is applied
    // at once.

    @Override
    public void onMessage(String message) {
        submit(() -> apply(message));
    }

    @Override
    public synchronized void onConnected() {
        channelUp = true;
        submit(() -> {
            // Messages sent while we were not subscribed are lost: drop everything before caching again.
            flush();
            synchronized (this) {
                if (channelUp) {
                    bypassing = false;
                }
            }
            LOG.log(System.Logger.Level.INFO, "cache invalidation channel is live; caching (node "
                    + options.nodeId() + ")");
        });
    }

    @Override
    public synchronized void onDisconnected(String reason) {
        channelUp = false;
        bypassing = true;
        channelLosses.increment();
        LOG.log(System.Logger.Level.WARNING, "cache invalidation channel lost (" + reason
                + "); reading from the stores of record until it is back");
        submit(this::flush);
    }

    private void submit(Runnable event) {
        if (closed) {
            return;
        }
        try {
            channelEvents.execute(event);
        } catch (RejectedExecutionException closing) {
            // The cache is closing; nothing is served from it any more.
        }
    }

    private void apply(String message) {
        Invalidation invalidation;
        try {
            invalidation = InvalidationCodec.decode(message);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "undecodable cache invalidation, flushing the whole cache: "
                    + e.getMessage());
            flush();
            return;
        }
        if (invalidation.origin().equals(options.nodeId())) {
            return;
        }
        if (invalidation.isEverything()) {
            flush();
        } else {
            evict(invalidation.tenant(), invalidation.keys());
        }
        invalidationsReceived.increment();
    }

    boolean isBypassing() {
        return bypassing;
    }

    CacheOptions options() {
        return options;
    }

    String nodeId() {
        return options.nodeId();
    }

    // ---- statistics, life cycle --------------------------------------------------------------

    CacheStatistics statistics() {
        List<dev.stowage.cache.CacheStats> list = new ArrayList<>(caches.size());
        for (NamedCache named : caches) {
            list.add(stats(named));
        }
        return new CacheStatistics(options.nodeId(), list, bypassedReads.sum(), invalidationsSent.sum(),
                invalidationsReceived.sum(), flushes.sum(), channelLosses.sum(), bypassing);
    }

    /**
     * @return the names of the caches that are on
     */
    List<String> cacheNames() {
        return caches.stream().map(NamedCache::name).toList();
    }

    /**
     * @param name a cache's name
     * @return its counters, or zeros if it is off
     */
    dev.stowage.cache.CacheStats stats(String name) {
        for (NamedCache named : caches) {
            if (named.name().equals(name)) {
                return stats(named);
            }
        }
        return new dev.stowage.cache.CacheStats(name, 0, 0, 0, 0, Duration.ZERO, 0, 0);
    }

    private static dev.stowage.cache.CacheStats stats(NamedCache named) {
        CacheStats stats = named.cache().stats();
        return new dev.stowage.cache.CacheStats(named.name(), stats.hitCount(), stats.missCount(),
                stats.loadSuccessCount(), stats.loadFailureCount(), Duration.ofNanos(stats.totalLoadTime()),
                stats.evictionCount(), named.cache().estimatedSize());
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
        bypassing = true;
        closeHooks.forEach(CacheRuntime::closeQuietly);
        if (broadcaster != null) {
            try {
                broadcaster.close();
            } catch (RuntimeException e) {
                // The executor, its thread and the entries are released below regardless.
                LOG.log(System.Logger.Level.WARNING, "closing " + broadcaster + " failed; the cache is closed anyway", e);
            }
        }
        if (channelEvents != null) {
            channelEvents.shutdown();
            try {
                if (!channelEvents.awaitTermination(10, TimeUnit.SECONDS)) {
                    channelEvents.shutdownNow();
                }
                // A terminated executor's worker may still be unwinding; close() promises no thread is left.
                for (Thread thread : channelThreads) {
                    thread.join(TimeUnit.SECONDS.toMillis(10));
                }
            } catch (InterruptedException e) {
                channelEvents.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        for (NamedCache named : caches) {
            named.cache().invalidateAll();
            named.cache().cleanUp();
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

    private Cache<Key, Entry> register(String name, Cache<Key, Entry> cache) {
        if (cache != null) {
            caches.add(new NamedCache(name, cache));
        }
        return cache;
    }

    private Cache<Key, Entry> build(Duration ttl, boolean credentialExpiry) {
        if (ttl.isZero()) {
            return null;
        }
        Caffeine<Object, Object> builder = Caffeine.newBuilder()
                .maximumSize(options.maximumSize())
                // Maintenance runs on the calling threads: nothing runs after close().
                .executor(Runnable::run)
                // Ages follow the stores' clock, like every other expiry decision.
                .ticker(this::clockNanos)
                .recordStats();
        if (credentialExpiry) {
            return builder.expireAfter(new CredentialExpiry(saturatedNanos(ttl))).build();
        }
        return builder.expireAfterWrite(ttl).build();
    }

    /**
     * @return the store clock's time as nanoseconds since this runtime started (Caffeine's ticker)
     */
    private long clockNanos() {
        return nanosSinceOrigin(clock.instant());
    }

    private long nanosSinceOrigin(Instant instant) {
        long seconds = instant.getEpochSecond() - originSecond;
        // About 290 years either way fit in a long of nanoseconds; beyond that, saturate.
        if (seconds > 9_000_000_000L) {
            return Long.MAX_VALUE / 2;
        }
        if (seconds < -9_000_000_000L) {
            return Long.MIN_VALUE / 2;
        }
        return seconds * 1_000_000_000L + (instant.getNano() - originNano);
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    /**
     * A credential entry lives for the TTL, but never past the credential's own expiresAt.
     */
    private final class CredentialExpiry implements Expiry<Key, Entry> {
        private final long ttlNanos;

        CredentialExpiry(long ttlNanos) {
            this.ttlNanos = ttlNanos;
        }

        @Override
        public long expireAfterCreate(Key key, Entry entry, long currentTime) {
            if (entry.value() instanceof Credential credential && credential.expiresAt() != null) {
                long untilExpiry = nanosSinceOrigin(credential.expiresAt()) - currentTime;
                return Math.max(0, Math.min(ttlNanos, untilExpiry));
            }
            return ttlNanos;
        }

        @Override
        public long expireAfterUpdate(Key key, Entry entry, long currentTime, long currentDuration) {
            return expireAfterCreate(key, entry, currentTime);
        }

        @Override
        public long expireAfterRead(Key key, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
