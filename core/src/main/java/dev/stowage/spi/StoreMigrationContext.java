package dev.stowage.spi;

import dev.stowage.StowageConfig;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link StoreMigrationProvider} gets to open the backend of one moving store.
 *
 * @param store  the store that moves: {@code "contacts"}, {@code "credits"} or {@code "tokens"}
 * @param from   the backend the store is served by today ({@code stowage.<store>.backend}),
 *               already decorated as core decorates that store (encryption for tokens)
 * @param to     the backend named by {@code stowage.<store>.migration.to} (a backend or a named
 *               backend instance, opened by core with that instance's keys), decorated alike;
 *               either backend may also serve other stores directly
 * @param config the whole configuration; read the provider's keys with
 *               {@code config.get("stowage." + store + ".migration.stage")} and friends
 * @param clock  the stores' clock
 * @param resources what the application shares with the stores, by type (as in
 *               {@link BackendContext#resources()}); a provider may use what it knows (the
 *               switching backend: a Micrometer {@code MeterRegistry} for its meters) and ignores the rest
 */
public record StoreMigrationContext(String store, StoreBackend from, StoreBackend to, StowageConfig config,
                                    Clock clock, Map<Class<?>, Object> resources) {

    /** The stores a migration can move. */
    public static final Set<String> STORES = Set.of("contacts", "credits", "tokens");

    /**
     * @throws NullPointerException     if an argument is missing
     * @throws IllegalArgumentException if {@code store} is not one of {@link #STORES}
     */
    public StoreMigrationContext {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        resources = Map.copyOf(Objects.requireNonNull(resources, "resources"));
        if (!STORES.contains(store)) {
            throw new IllegalArgumentException("store must be one of " + STORES + ", not '" + store + "'");
        }
    }

    /**
     * A context without shared resources.
     *
     * @param store  the store that moves
     * @param from   the backend it is served by today
     * @param to     the backend it moves to
     * @param config the whole configuration
     * @param clock  the stores' clock
     */
    public StoreMigrationContext(String store, StoreBackend from, StoreBackend to, StowageConfig config, Clock clock) {
        this(store, from, to, config, clock, Map.of());
    }

    /**
     * @param key a key relative to {@code stowage.<store>.migration.}, e.g. {@code "stage"}
     * @return the full key, e.g. {@code stowage.contacts.migration.stage}
     */
    public String key(String key) {
        return "stowage." + store + ".migration." + key;
    }
}
