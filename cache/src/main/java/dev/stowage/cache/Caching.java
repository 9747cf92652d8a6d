package dev.stowage.cache;

import dev.stowage.Stores;
import dev.stowage.StowageConfig;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.exception.ValidationException;
import dev.stowage.spi.BackendContext;
import dev.stowage.spi.StoreBackend;
import dev.stowage.spi.invalidation.InvalidationBroadcaster;
import dev.stowage.spi.invalidation.InvalidationBroadcasterProvider;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The caching decorator: a Caffeine cache in front of any backend, exact through this instance
 * and, with an {@link InvalidationBroadcaster}, across instances.
 * <pre>{@code
 * Stores stores = Caching.wrap(PostgresStores.builder(dataSource).clock(clock).build(),
 *         CacheOptions.builder().clock(clock).broadcaster(broadcaster).build());
 * // or by configuration: stowage.cache.enabled=true, stowage.cache.broadcast=redis
 * }</pre>
 * <b>Cached</b> (read-through, one store read per key however many threads miss together):
 * {@code ContactStore.get(id)}, {@code findBySource}, {@code findByEmail},
 * {@code CreditStore.account}, {@code TokenStore.credential(subject, provider)}.
 * <b>Never cached</b>: searches, counts, pages, scans, {@code getAll}, credit history and ledger
 * entries, credential lists, and everything that decides money or security: postings and their
 * idempotency checks, refresh-token issue / rotation / lookup, revocations and the denylist.
 * <p>
 * Every write through the decorator evicts what it changed after the store of record accepted
 * it (also when it failed in a way that may have written) and broadcasts the same keys. A
 * credential is never served at or past its own {@code expiresAt} by the store clock. Absences
 * are cached only with {@link CacheOptions#cacheAbsences()}. When the broadcast channel is down
 * the cache is flushed and bypassed until it is back. Writes that go around every decorator (a
 * migration writing to the store directly, manual SQL) are only picked up after the TTL, or
 * after {@link CachingBackend#flush()}.
 */
public final class Caching {

    /** {@code true} turns the decorator on in {@link dev.stowage.Stowage#open}. */
    public static final String ENABLED = "stowage.cache.enabled";
    /** Most entries per cache. */
    public static final String MAXIMUM_SIZE = "stowage.cache.maximum-size";
    /** TTL of contact lookups; {@code 0s} turns them off. */
    public static final String CONTACTS_TTL = "stowage.cache.contacts.ttl";
    /** TTL of credit accounts; {@code 0s} turns them off. */
    public static final String CREDITS_TTL = "stowage.cache.credits.ttl";
    /** TTL of credentials (never beyond their expiry); {@code 0s} turns them off. */
    public static final String TOKENS_TTL = "stowage.cache.tokens.ttl";
    /** Whether "not found" is cached. */
    public static final String CACHE_ABSENCES = "stowage.cache.cache-absences";
    /** {@code none} or the name of a broadcaster ({@code redis}, {@code postgres}). */
    public static final String BROADCAST = "stowage.cache.broadcast";
    /** The channel broadcasters publish on; every instance of one deployment uses the same. */
    public static final String BROADCAST_CHANNEL = InvalidationBroadcasterProvider.CHANNEL_KEY;
    /** This instance's node id in invalidation messages (default: random). */
    public static final String NODE_ID = "stowage.cache.node-id";
    /** Whether the statistics are registered with Micrometer's global registry when Micrometer is present. */
    public static final String METRICS = "stowage.cache.metrics";
    /**
     * Whether hits, misses, loads and evictions are counted ({@link CacheOptions#recordStatistics()}); by
     * default whenever the meters are registered ({@link #METRICS} and Micrometer present), else not.
     */
    public static final String STATISTICS = "stowage.cache.statistics";
    /** Default of {@link #BROADCAST_CHANNEL}. */
    public static final String DEFAULT_CHANNEL = InvalidationBroadcasterProvider.DEFAULT_CHANNEL;

    private static final Set<String> KEYS = Set.of(ENABLED, MAXIMUM_SIZE, CONTACTS_TTL, CREDITS_TTL, TOKENS_TTL,
            CACHE_ABSENCES, BROADCAST, BROADCAST_CHANNEL, NODE_ID, METRICS, STATISTICS);

    private static final Map<String, String> BROADCASTER_MODULES = Map.of(
            "redis", "dev.stowage:stowage-redis",
            "postgres", "dev.stowage:stowage-postgres");

    private Caching() {
    }

    /**
     * Wraps one backend; every store it hands out is cached.
     *
     * @param backend the backend; the returned decorator closes it
     * @param options how to cache; {@code options.clock()} must be the backend's clock
     * @return the caching backend
     * @throws StoreConfigurationException if the backend is already cached
     */
    public static CachingBackend wrap(StoreBackend backend, CacheOptions options) {
        if (backend.unwrap(CachingBackend.class).isPresent()) {
            throw new StoreConfigurationException("this backend is already cached; wrap the original backend once");
        }
        CacheRuntime runtime = CacheRuntime.start(options);
        return new CachingBackend(backend, runtime, EnumSet.allOf(CachingBackend.Kind.class));
    }

    /**
     * Wraps the backends of opened stores. One set of caches (and one broadcaster) serves all of
     * them; each backend's decorator caches only the stores it serves here.
     *
     * @param stores  opened stores; use only the returned ones afterwards (closing them closes the backends)
     * @param options how to cache; {@code options.clock()} must be the stores' clock
     * @return stores of the same tenant over the cached backends
     * @throws StoreConfigurationException if a backend is already cached
     */
    public static Stores wrap(Stores stores, CacheOptions options) {
        for (StoreBackend backend : stores.backends()) {
            if (backend.unwrap(CachingBackend.class).isPresent()) {
                throw new StoreConfigurationException("these stores are already cached; wrap the original stores once");
            }
        }
        Map<StoreBackend, Set<CachingBackend.Kind>> kinds = new IdentityHashMap<>();
        kinds.computeIfAbsent(stores.contactsBackend(), b -> EnumSet.noneOf(CachingBackend.Kind.class))
                .add(CachingBackend.Kind.CONTACTS);
        kinds.computeIfAbsent(stores.creditsBackend(), b -> EnumSet.noneOf(CachingBackend.Kind.class))
                .add(CachingBackend.Kind.CREDITS);
        kinds.computeIfAbsent(stores.tokensBackend(), b -> EnumSet.noneOf(CachingBackend.Kind.class))
                .add(CachingBackend.Kind.TOKENS);
        CacheRuntime runtime = CacheRuntime.start(options);
        Map<StoreBackend, CachingBackend> wrapped = new IdentityHashMap<>();
        kinds.forEach((backend, served) -> wrapped.put(backend, new CachingBackend(backend, runtime, served)));
        return Stores.of(wrapped.get(stores.contactsBackend()), wrapped.get(stores.creditsBackend()),
                wrapped.get(stores.tokensBackend()), stores.tenant());
    }

    /**
     * @param stores stores, cached or not
     * @return the caching decorator behind them, if they are cached
     */
    public static Optional<CachingBackend> backendOf(Stores stores) {
        return stores.backends().stream()
                .flatMap(backend -> backend.unwrap(CachingBackend.class).stream())
                .findFirst();
    }

    /**
     * @param stores stores, cached or not
     * @return their cache's counters, if they are cached
     */
    public static Optional<CacheStatistics> statistics(Stores stores) {
        return backendOf(stores).map(CachingBackend::statistics);
    }

    /**
     * @return every configuration key the cache reads, including those of the broadcasters on the class path
     */
    public static Set<String> configKeys() {
        Set<String> keys = new LinkedHashSet<>(KEYS);
        broadcasterProviders().forEach((name, provider) -> provider.configKeys()
                .forEach(key -> keys.add("stowage.cache.broadcast." + name + "." + key)));
        return keys;
    }

    /**
     * Applies the {@code stowage.cache.*} configuration to opened stores. Used by
     * {@link dev.stowage.Stowage#open} (through {@link CachingDecoratorProvider}); returns the stores unchanged unless
     * {@code stowage.cache.enabled=true}.
     *
     * @param stores the opened stores
     * @param config the configuration
     * @param clock  the stores' clock
     * @return the stores, cached if enabled
     * @throws StoreConfigurationException if a cache setting cannot work (the caller closes the stores)
     */
    public static Stores configure(Stores stores, StowageConfig config, Clock clock) {
        if (!config.getBoolean(ENABLED, false)) {
            return stores;
        }
        boolean bindMeters = bindsMeters(config, micrometerPresent());
        CacheOptions.Builder builder = CacheOptions.builder()
                .clock(clock)
                .maximumSize(config.getInt(MAXIMUM_SIZE, (int) CacheOptions.DEFAULT_MAXIMUM_SIZE))
                .contactsTtl(config.getDuration(CONTACTS_TTL, CacheOptions.DEFAULT_CONTACTS_TTL))
                .creditsTtl(config.getDuration(CREDITS_TTL, CacheOptions.DEFAULT_CREDITS_TTL))
                .tokensTtl(config.getDuration(TOKENS_TTL, CacheOptions.DEFAULT_TOKENS_TTL))
                .cacheAbsences(config.getBoolean(CACHE_ABSENCES, false))
                .recordStatistics(recordsStatistics(config, micrometerPresent()));
        config.get(NODE_ID).ifPresent(builder::nodeId);
        CacheOptions options;
        try {
            options = builder.build();
        } catch (ValidationException e) {
            throw new StoreConfigurationException("invalid cache setting: " + e.getMessage());
        }
        String broadcast = config.getString(BROADCAST, "none");
        InvalidationBroadcaster broadcaster = broadcast.equals("none") ? null
                : broadcasterProvider(broadcast).open(new BackendContext(config, clock));
        Stores cached;
        try {
            cached = wrap(stores, options.toBuilder().broadcaster(broadcaster).build());
        } catch (RuntimeException e) {
            if (broadcaster != null) {
                broadcaster.close();
            }
            throw e;
        }
        if (bindMeters) {
            try {
                backendOf(cached).ifPresent(MicrometerBinding::bindToGlobalRegistry);
            } catch (RuntimeException e) {
                cached.close();
                throw e;
            }
        }
        return cached;
    }

    /**
     * @param config            the configuration
     * @param meterRegistryKnown whether a Micrometer registry is there to publish in
     * @return {@link #STATISTICS}, by default whether the meters are published
     */
    public static boolean recordsStatistics(StowageConfig config, boolean meterRegistryKnown) {
        return config.getBoolean(STATISTICS, config.getBoolean(METRICS, true) && meterRegistryKnown);
    }

    /**
     * @param config             the configuration
     * @param meterRegistryKnown whether a Micrometer registry is there to publish in
     * @return whether the cache's meters are to be published: {@link #METRICS} (default true) with a registry,
     *     unless the statistics they need are turned off
     * @throws StoreConfigurationException if {@link #METRICS} is set to true and {@link #STATISTICS} to false
     */
    public static boolean bindsMeters(StowageConfig config, boolean meterRegistryKnown) {
        boolean metrics = config.getBoolean(METRICS, true);
        boolean statistics = recordsStatistics(config, meterRegistryKnown);
        if (metrics && !statistics && config.get(METRICS).isPresent()) {
            throw new StoreConfigurationException(METRICS + "=true needs the statistics the meters publish: remove "
                    + STATISTICS + "=false, or set " + METRICS + "=false");
        }
        return metrics && statistics && meterRegistryKnown;
    }

    /**
     * @return whether Micrometer is on the class path (checked without loading any class that needs it)
     */
    static boolean micrometerPresent() {
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry", false, Caching.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static InvalidationBroadcasterProvider broadcasterProvider(String name) {
        Map<String, InvalidationBroadcasterProvider> providers = broadcasterProviders();
        InvalidationBroadcasterProvider provider = providers.get(name);
        if (provider != null) {
            return provider;
        }
        String module = BROADCASTER_MODULES.get(name);
        String available = providers.isEmpty() ? "none" : String.join(", ", providers.keySet());
        if (module != null) {
            throw new StoreConfigurationException(BROADCAST + "=" + name + " needs the dependency " + module
                    + " (broadcasters on the class path: " + available + ")");
        }
        throw new StoreConfigurationException("unknown " + BROADCAST + " '" + name + "'; use none or one of: " + available);
    }

    private static Map<String, InvalidationBroadcasterProvider> broadcasterProviders() {
        Map<String, InvalidationBroadcasterProvider> providers = new TreeMap<>();
        ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(Caching.class.getClassLoader());
        List<String> clashes = new ArrayList<>();
        for (InvalidationBroadcasterProvider provider : ServiceLoader.load(InvalidationBroadcasterProvider.class, loader)) {
            InvalidationBroadcasterProvider previous = providers.putIfAbsent(provider.name(), provider);
            if (previous != null && previous.getClass() != provider.getClass()) {
                clashes.add(provider.name());
            }
        }
        if (!clashes.isEmpty()) {
            throw new StoreConfigurationException("two cache broadcasters are named " + clashes
                    + "; remove one of the jars from the class path");
        }
        return providers;
    }
}
