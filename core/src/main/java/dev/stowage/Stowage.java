package dev.stowage;

import dev.stowage.encryption.CredentialKeys;
import dev.stowage.encryption.EncryptingBackend;
import dev.stowage.encryption.KeyProvider;
import dev.stowage.encryption.Keyring;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.spi.BackendContext;
import dev.stowage.spi.BackendProvider;
import dev.stowage.spi.StoreBackend;
import dev.stowage.spi.StoreMigrationContext;
import dev.stowage.spi.StoreMigrationProvider;
import dev.stowage.spi.StoresDecoratorProvider;
import dev.stowage.token.RefreshTokenHasher;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Opens {@link Stores} from configuration, finding backends with {@link ServiceLoader}: adding
 * a backend module's jar is all it takes.
 * <pre>{@code
 * Stores stores = Stowage.open(StowageConfig.of(Map.of(
 *         "stowage.backend", "postgres",
 *         "stowage.tokens.backend", "redis",
 *         "stowage.postgres.url", "jdbc:postgresql://db/app",
 *         "stowage.redis.uri", "redis://cache:6379")));
 * }</pre>
 * Keys read by core:
 * <ul>
 *   <li>{@code stowage.backend}: the backend of every store without its own setting;</li>
 *   <li>{@code stowage.contacts.backend}, {@code stowage.credits.backend},
 *       {@code stowage.tokens.backend}: per-store backends;</li>
 *   <li>{@code stowage.tenant}: the tenant of {@code stores.contacts()} and friends (default
 *       {@code default});</li>
 *   <li>{@code stowage.cache.*}: the caching decorator of {@code dev.stowage:stowage-cache}
 *       ({@code dev.stowage.cache.Caching}, found through {@link StoresDecoratorProvider}), off
 *       unless {@code stowage.cache.enabled=true}, which without that module on the class path
 *       fails saying to add it: {@code maximum-size} (entries per cache, default
 *       10000), {@code contacts.ttl} (10m), {@code credits.ttl} (1m), {@code tokens.ttl} (5m; a
 *       TTL of {@code 0s} turns that store's cache off), {@code cache-absences} (false),
 *       {@code broadcast} ({@code none}, {@code redis} or {@code postgres}: required when several
 *       instances share the stores), {@code broadcast.channel}, {@code node-id}, {@code metrics}
 *       (true: register with Micrometer's global registry when Micrometer is present),
 *       {@code statistics} (count hits, misses, loads and evictions; by default whenever the meters
 *       are registered).</li>
 *   <li>{@code stowage.metrics.enabled}: with {@code dev.stowage:stowage-micrometer} on the class
 *       path (found through {@link StoresDecoratorProvider}), every store operation is timed in
 *       Micrometer's global registry unless this is {@code false}; {@code true} without the module
 *       fails saying to add it.</li>
 * </ul>
 * <ul>
 *   <li>{@code stowage.tokens.encryption.*}: encryption at rest of credential secrets
 *       ({@link EncryptingBackend}), off unless keys are configured:
 *       {@code active-key} (the id of the key new values are encrypted with),
 *       {@code keys.<id>} (a base64 256-bit AES key; several, for rotation), or
 *       {@code key-provider} (the class name of a {@link KeyProvider}, for a KMS). Key values
 *       are never printed.</li>
 *   <li>{@code stowage.tokens.refresh-hash-key}: a base64 server key (at least 256 bits) with
 *       which every backend stores refresh tokens as HMAC-SHA-256 rather than plain SHA-256
 *       ({@link RefreshTokenHasher}; tokens issued before still work). Never printed.</li>
 *   <li>{@code stowage.tokens.refresh-grace-period}: a duration, default {@code 0s} (off), at
 *       most {@code 5m}; it needs {@code refresh-hash-key}. Within it after a rotation, the same
 *       client presenting the rotated token again
 *       ({@link dev.stowage.token.TokenStore#rotateRefreshToken(String, java.time.Duration, String)})
 *       gets the same successor instead of a revocation of the family.</li>
 * </ul>
 * Backends read {@code stowage.<backend>.*}: that is the instance named after the backend.
 * <p>
 * <b>Named backend instances</b> let two backends of one kind coexist (two PostgreSQL databases
 * or schemas, while a store moves from one to the other):
 * <ul>
 *   <li>{@code stowage.backends.<name>.type}: declares the instance {@code <name>} of a backend
 *       ({@code memory}, {@code postgres}, {@code redis} or any provider's name); a missing or
 *       unknown type, or one whose module is not on the class path, fails naming the dependency
 *       to add;</li>
 *   <li>{@code stowage.backends.<name>.<key>}: the instance's keys, the same as that backend's
 *       {@code stowage.<type>.<key>} ({@code stowage.backends.archive.url=jdbc:...}); any other key
 *       is rejected naming the valid ones. The backend is opened with its instance's keys in place
 *       of {@code stowage.<type>.*}, and sees no other instance's keys;</li>
 *   <li>{@code stowage.backend=<name>}, {@code stowage.<store>.backend=<name>}: a store is served
 *       by the instance; each instance is opened once however many stores use it.</li>
 * </ul>
 * Names are lower-case letters, digits and {@code -}; keys being matched relaxed,
 * {@code STOWAGE_BACKENDS_OLD_DB_TYPE} declares {@code old-db}. A name that is a backend's (such
 * as {@code postgres}) must be of that type, and is then configured either by
 * {@code stowage.postgres.*} or by {@code stowage.backends.postgres.*}, not both.
 * <p>
 * <b>Moving stores</b> ({@code <store>} is {@code contacts}, {@code credits} or {@code tokens}):
 * <ul>
 *   <li>{@code stowage.<store>.migration.to}: the backend or instance the store moves to, which
 *       must not be the one it is on. That backend is opened too, and both (the token ones
 *       encrypted as configured) are handed to the {@link StoreMigrationProvider} on the class
 *       path (the switching backend of {@code dev.stowage:stowage-migration}; without it a
 *       migration key fails saying to add that dependency); the store is then served by the
 *       provider's backend;</li>
 *   <li>{@code stowage.<store>.migration.<key>}: the provider's keys
 *       ({@link StoreMigrationProvider#configKeys()}, such as {@code stage}); others are
 *       rejected, and they need {@code stowage.<store>.migration.to}.</li>
 * </ul>
 * Unknown keys and backends whose module is missing fail fast with a
 * {@link StoreConfigurationException} that says what to add or change; whatever was opened
 * before a failure is closed.
 */
public final class Stowage {

    /** Keys core reads. */
    public static final Set<String> CORE_KEYS = Set.of(
            "stowage.backend", "stowage.contacts.backend", "stowage.credits.backend", "stowage.tokens.backend",
            "stowage.tenant", Keyring.ACTIVE_KEY, Keyring.KEY_PROVIDER, RefreshTokenHasher.KEY,
            RefreshTokenHasher.GRACE_PERIOD_KEY);

    /** The stores, in the order their backends are opened. */
    private static final List<String> STORES = List.of("contacts", "credits", "tokens");

    private static final Map<String, String> MODULES = Map.of(
            "memory", "dev.stowage:stowage-inmemory",
            "postgres", "dev.stowage:stowage-postgres",
            "redis", "dev.stowage:stowage-redis");

    /** The decorators Stowage publishes, by name (their keys are {@code stowage.<name>.*}), and their modules. */
    private static final Map<String, String> DECORATOR_MODULES = Map.of(
            "cache", "dev.stowage:stowage-cache",
            "metrics", "dev.stowage:stowage-micrometer");

    private Stowage() {
    }

    /**
     * @param config the configuration
     * @return the opened stores, with the system UTC clock
     * @throws StoreConfigurationException if the configuration cannot work
     */
    public static Stores open(StowageConfig config) {
        return open(config, Clock.systemUTC());
    }

    /**
     * @param config configuration entries (see {@link StowageConfig#of})
     * @return the opened stores, with the system UTC clock
     */
    public static Stores open(Map<String, ?> config) {
        return open(StowageConfig.of(config));
    }

    /**
     * @param config the configuration
     * @param clock  the clock of every store (timestamps, expiry)
     * @return the opened stores
     * @throws StoreConfigurationException if the configuration cannot work; whatever was opened
     *     before the failure is closed
     */
    public static Stores open(StowageConfig config, Clock clock) {
        return open(config, clock, Map.of());
    }

    /**
     * Opens stores whose backends may share what the application already has instead of opening
     * their own: the PostgreSQL backend uses a given {@code javax.sql.DataSource} when
     * {@code stowage.postgres.url} is not set, the Redis backend a given Lettuce {@code RedisClient}
     * or {@code RedisClusterClient} when {@code stowage.redis.uri} is not set. Shared resources are
     * never closed by the stores.
     *
     * @param config    the configuration
     * @param clock     the clock of every store (timestamps, expiry)
     * @param resources shared resources by type (see {@link BackendContext#resources()})
     * @return the opened stores
     * @throws StoreConfigurationException if the configuration cannot work
     */
    public static Stores open(StowageConfig config, Clock clock, Map<Class<?>, Object> resources) {
        Map<String, BackendProvider> providers = providers();
        Map<String, StoresDecoratorProvider> decorators = decorators();
        Optional<StoreMigrationProvider> migrations = migrationProvider();
        BackendInstances instances = BackendInstances.of(config, providers, MODULES);
        checkKeys(config, providers, decorators, instances, migrations);
        String fallback = config.get("stowage.backend").orElse(null);
        Map<String, String> backendOf = new LinkedHashMap<>();
        for (String store : STORES) {
            backendOf.put(store, backendFor(config, store, fallback));
        }
        Map<String, String> movesTo = MovingStores.targets(config, backendOf, instances);
        TenantId tenant = config.get("stowage.tenant").map(TenantId::of).orElse(TenantId.DEFAULT);

        Map<String, StoreBackend> opened = new LinkedHashMap<>();
        List<StoreBackend> moving = new ArrayList<>();
        try {
            Optional<KeyProvider> keys = CredentialKeys.fromConfig(config);
            List<String> needed = new ArrayList<>(backendOf.values());
            needed.addAll(movesTo.values());
            for (String name : needed) {
                if (!opened.containsKey(name)) {
                    try {
                        opened.put(name, openInstance(instances, providers, name, clock, resources));
                    } catch (StoreConfigurationException e) {
                        throw MovingStores.namingTarget(name, backendOf, movesTo, e);
                    }
                }
            }
            Map<String, StoreBackend> served = new LinkedHashMap<>(opened);
            if (keys.isPresent()) {
                for (String name : tokenBackends(backendOf, movesTo)) {
                    served.put(name, EncryptingBackend.wrap(opened.get(name), keys.get()));
                }
            }
            Map<String, StoreBackend> byStore = new LinkedHashMap<>();
            for (String store : STORES) {
                String target = movesTo.get(store);
                StoreBackend current = served.get(backendOf.get(store));
                if (target == null) {
                    byStore.put(store, current);
                } else {
                    StoreBackend switching = migrations.orElseThrow().open(new StoreMigrationContext(store, current,
                            served.get(target), config, clock, resources));
                    moving.add(switching);
                    byStore.put(store, switching);
                }
            }
            Stores stores = Stores.of(byStore.get("contacts"), byStore.get("credits"), byStore.get("tokens"), tenant);
            for (StoresDecoratorProvider decorator : decorators.values()) {
                stores = decorator.decorate(stores, config, clock);
            }
            return stores;
        } catch (RuntimeException e) {
            moving.forEach(backend -> closeQuietly(backend, e));
            opened.values().forEach(backend -> closeQuietly(backend, e));
            throw e;
        }
    }

    /** @return the instances the token store is served by: its backend, and the one it moves to */
    private static Set<String> tokenBackends(Map<String, String> backendOf, Map<String, String> movesTo) {
        Set<String> names = new LinkedHashSet<>();
        names.add(backendOf.get("tokens"));
        Optional.ofNullable(movesTo.get("tokens")).ifPresent(names::add);
        return names;
    }

    private static StoreBackend openInstance(BackendInstances instances, Map<String, BackendProvider> providers,
                                             String name, Clock clock, Map<Class<?>, Object> resources) {
        BackendInstances.Instance instance = instances.resolve(name);
        BackendProvider provider = provider(providers, instance.type(), instances.names());
        // The application's shared resources belong to the single instance of each type: a named
        // instance is another database or server, which must never silently use the application's.
        Map<Class<?>, Object> shared = instance.named() ? Map.of() : resources;
        try {
            return provider.open(new BackendContext(instances.configFor(instance), clock, shared));
        } catch (StoreConfigurationException e) {
            throw instance.named() ? BackendInstances.renamed(instance, e) : e;
        }
    }

    /**
     * @return the backends found on the class path, by name
     */
    public static Set<String> availableBackends() {
        return providers().keySet();
    }

    private static Map<String, BackendProvider> providers() {
        return discover(BackendProvider.class, BackendProvider::name, "backends");
    }

    private static Map<String, StoresDecoratorProvider> decorators() {
        return discover(StoresDecoratorProvider.class, StoresDecoratorProvider::name, "store decorators");
    }

    /**
     * @return the store migration provider on the class path, if any
     * @throws StoreConfigurationException if there are two different ones
     */
    private static Optional<StoreMigrationProvider> migrationProvider() {
        List<StoreMigrationProvider> found = load(StoreMigrationProvider.class);
        if (found.size() > 1) {
            throw new StoreConfigurationException("two store migration providers are on the class path: "
                    + found.get(0).getClass().getName() + " and " + found.get(1).getClass().getName()
                    + "; remove one of the jars from the class path");
        }
        return found.stream().findFirst();
    }

    /**
     * @return the implementations of a service on the class path, by name
     * @throws StoreConfigurationException if two different implementations share a name
     */
    private static <T> Map<String, T> discover(Class<T> service, Function<T, String> name, String what) {
        Map<String, T> found = new TreeMap<>();
        for (T provider : load(service)) {
            T previous = found.putIfAbsent(name.apply(provider), provider);
            if (previous != null) {
                throw new StoreConfigurationException("two " + what + " are named '" + name.apply(provider) + "': "
                        + previous.getClass().getName() + " and " + provider.getClass().getName()
                        + "; remove one of the jars from the class path");
            }
        }
        return found;
    }

    /**
     * @return the implementations of a service found through the context class loader, one per
     *     class (the same jar twice on the class path is harmless)
     */
    private static <T> List<T> load(Class<T> service) {
        ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(Stowage.class.getClassLoader());
        Map<Class<?>, T> byClass = new LinkedHashMap<>();
        for (T provider : ServiceLoader.load(service, loader)) {
            byClass.putIfAbsent(provider.getClass(), provider);
        }
        return new ArrayList<>(byClass.values());
    }

    private static void checkKeys(StowageConfig config, Map<String, BackendProvider> providers,
                                  Map<String, StoresDecoratorProvider> decorators, BackendInstances instances,
                                  Optional<StoreMigrationProvider> migrations) {
        Map<String, String> known = new TreeMap<>();
        CORE_KEYS.forEach(key -> known.put(StowageConfig.canonical(key), key));
        decorators.values().forEach(decorator -> decorator.configKeys()
                .forEach(key -> known.put(StowageConfig.canonical(key), key)));
        providers.forEach((name, provider) -> provider.configKeys()
                .forEach(key -> known.put(StowageConfig.canonical("stowage." + name + "." + key),
                        "stowage." + name + "." + key)));
        for (String key : config.keys()) {
            String canonical = StowageConfig.canonical(key);
            if (known.containsKey(canonical) || Keyring.keyIdOf(key) != null
                    || turnsOffAnAbsentDecorator(config, key, decorators)) {
                continue;
            }
            if (BackendInstances.isInstanceKey(key)) {
                instances.checkKey(key);
                continue;
            }
            Optional<String> movingStore = MovingStores.storeOf(key);
            if (movingStore.isPresent()) {
                MovingStores.checkKey(key, movingStore.get(), migrations);
                continue;
            }
            requireModuleOf(key, MODULES, providers.keySet(), name -> "the '" + name + "' backend");
            requireModuleOf(key, DECORATOR_MODULES, decorators.keySet(), name -> "the " + name);
            Set<String> shown = new TreeSet<>(known.values());
            shown.add(BackendInstances.PREFIX + "<name>.type");
            if (migrations.isPresent()) {
                shown.add(MovingStores.toKey("<store>"));
            }
            throw new StoreConfigurationException("unknown configuration key '" + key + "'; known keys are " + shown);
        }
    }

    /**
     * @throws StoreConfigurationException naming the dependency to add if the key is under
     *     {@code stowage.<name>.} of a module that is not on the class path
     */
    private static void requireModuleOf(String key, Map<String, String> modules, Set<String> present,
                                        Function<String, String> what) {
        for (Map.Entry<String, String> module : modules.entrySet()) {
            String prefix = StowageConfig.canonical("stowage." + module.getKey() + ".");
            if (StowageConfig.canonical(key).startsWith(prefix) && !present.contains(module.getKey())) {
                throw new StoreConfigurationException("configuration key '" + key + "' is for "
                        + what.apply(module.getKey()) + ", which is not on the class path: add the dependency "
                        + module.getValue());
            }
        }
    }

    /**
     * @return whether the key is {@code stowage.<decorator>.enabled=false} for a decorator whose
     *     module is not on the class path: off is what an absent decorator is anyway
     */
    private static boolean turnsOffAnAbsentDecorator(StowageConfig config, String key,
                                                     Map<String, StoresDecoratorProvider> decorators) {
        for (String name : DECORATOR_MODULES.keySet()) {
            String enabled = "stowage." + name + ".enabled";
            if (!decorators.containsKey(name) && StowageConfig.canonical(key).equals(StowageConfig.canonical(enabled))) {
                return !config.getBoolean(enabled, false);
            }
        }
        return false;
    }

    private static String backendFor(StowageConfig config, String store, String fallback) {
        return config.get("stowage." + store + ".backend").or(() -> Optional.ofNullable(fallback))
                .orElseThrow(() -> new StoreConfigurationException("no backend chosen for the " + store
                        + " store: set stowage.backend (or stowage." + store + ".backend) to one of "
                        + availableOrHint()));
    }

    private static BackendProvider provider(Map<String, BackendProvider> providers, String name,
                                            Set<String> instanceNames) {
        BackendProvider provider = providers.get(name);
        if (provider != null) {
            return provider;
        }
        String module = MODULES.get(name);
        if (module != null) {
            throw new StoreConfigurationException("backend '" + name + "' is not on the class path: add the dependency "
                    + module + " (available now: " + availableOrHint() + ")");
        }
        throw new StoreConfigurationException("unknown backend '" + name + "'; available: " + availableOrHint()
                + (instanceNames.isEmpty() ? "" : "; declared backend instances: " + String.join(", ", instanceNames)));
    }

    private static String availableOrHint() {
        return availableOrHint(availableBackends());
    }

    /**
     * @param available the names of the backends on the class path
     * @return them, or which module to add when there are none
     */
    static String availableOrHint(Set<String> available) {
        return available.isEmpty() ? "none (add dev.stowage:stowage-inmemory, -postgres or -redis)"
                : String.join(", ", available);
    }

    private static void closeQuietly(StoreBackend backend, RuntimeException failure) {
        try {
            backend.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
