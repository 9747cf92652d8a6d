package dev.stowage;

import dev.stowage.encryption.CredentialKeys;
import dev.stowage.encryption.EncryptingBackend;
import dev.stowage.encryption.KeyProvider;
import dev.stowage.encryption.Keyring;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.spi.BackendContext;
import dev.stowage.spi.BackendProvider;
import dev.stowage.spi.StoreBackend;
import dev.stowage.spi.StoresDecoratorProvider;
import dev.stowage.token.RefreshTokenHasher;

import java.time.Clock;
import java.util.LinkedHashMap;
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
 *       (true: register with Micrometer's global registry when Micrometer is present).</li>
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
 * Backends read {@code stowage.<backend>.*}. Unknown keys and backends whose module is missing
 * fail fast with a {@link StoreConfigurationException} that says what to add or change.
 */
public final class Stowage {

    /** Keys core reads. */
    public static final Set<String> CORE_KEYS = Set.of(
            "stowage.backend", "stowage.contacts.backend", "stowage.credits.backend", "stowage.tokens.backend",
            "stowage.tenant", Keyring.ACTIVE_KEY, Keyring.KEY_PROVIDER, RefreshTokenHasher.KEY,
            RefreshTokenHasher.GRACE_PERIOD_KEY);

    private static final Map<String, String> MODULES = Map.of(
            "memory", "dev.stowage:stowage-inmemory",
            "postgres", "dev.stowage:stowage-postgres",
            "redis", "dev.stowage:stowage-redis");

    /** The decorators Stowage publishes, by name (their keys are {@code stowage.<name>.*}), and their modules. */
    private static final Map<String, String> DECORATOR_MODULES = Map.of(
            "cache", "dev.stowage:stowage-cache");

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
     * @throws StoreConfigurationException if the configuration cannot work
     */
    public static Stores open(StowageConfig config, Clock clock) {
        Map<String, BackendProvider> providers = providers();
        Map<String, StoresDecoratorProvider> decorators = decorators();
        checkKeys(config, providers, decorators);
        String fallback = config.get("stowage.backend").orElse(null);
        String contacts = backendFor(config, "contacts", fallback);
        String credits = backendFor(config, "credits", fallback);
        String tokens = backendFor(config, "tokens", fallback);
        TenantId tenant = config.get("stowage.tenant").map(TenantId::of).orElse(TenantId.DEFAULT);

        Map<String, StoreBackend> opened = new LinkedHashMap<>();
        try {
            Optional<KeyProvider> keys = CredentialKeys.fromConfig(config);
            for (String name : List.of(contacts, credits, tokens)) {
                if (!opened.containsKey(name)) {
                    opened.put(name, provider(providers, name).open(new BackendContext(config, clock)));
                }
            }
            if (keys.isPresent()) {
                opened.put(tokens, EncryptingBackend.wrap(opened.get(tokens), keys.get()));
            }
            Stores stores = Stores.of(opened.get(contacts), opened.get(credits), opened.get(tokens), tenant);
            for (StoresDecoratorProvider decorator : decorators.values()) {
                stores = decorator.decorate(stores, config, clock);
            }
            return stores;
        } catch (RuntimeException e) {
            opened.values().forEach(backend -> closeQuietly(backend, e));
            throw e;
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
     * @return the implementations of a service on the class path, by name
     * @throws StoreConfigurationException if two different implementations share a name
     */
    private static <T> Map<String, T> discover(Class<T> service, Function<T, String> name, String what) {
        Map<String, T> found = new TreeMap<>();
        ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(Stowage.class.getClassLoader());
        for (T provider : ServiceLoader.load(service, loader)) {
            T previous = found.putIfAbsent(name.apply(provider), provider);
            if (previous != null && previous.getClass() != provider.getClass()) {
                throw new StoreConfigurationException("two " + what + " are named '" + name.apply(provider) + "': "
                        + previous.getClass().getName() + " and " + provider.getClass().getName()
                        + "; remove one of the jars from the class path");
            }
        }
        return found;
    }

    private static void checkKeys(StowageConfig config, Map<String, BackendProvider> providers,
                                  Map<String, StoresDecoratorProvider> decorators) {
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
            requireModuleOf(key, MODULES, providers.keySet(), name -> "the '" + name + "' backend");
            requireModuleOf(key, DECORATOR_MODULES, decorators.keySet(), name -> "the " + name);
            throw new StoreConfigurationException("unknown configuration key '" + key + "'; known keys are "
                    + new TreeSet<>(known.values()));
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

    private static BackendProvider provider(Map<String, BackendProvider> providers, String name) {
        BackendProvider provider = providers.get(name);
        if (provider != null) {
            return provider;
        }
        String module = MODULES.get(name);
        if (module != null) {
            throw new StoreConfigurationException("backend '" + name + "' is not on the class path: add the dependency "
                    + module + " (available now: " + availableOrHint() + ")");
        }
        throw new StoreConfigurationException("unknown backend '" + name + "'; available: " + availableOrHint());
    }

    private static String availableOrHint() {
        Set<String> available = availableBackends();
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
