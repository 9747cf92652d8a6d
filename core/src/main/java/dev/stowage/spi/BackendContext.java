package dev.stowage.spi;

import dev.stowage.StowageConfig;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link BackendProvider} gets to open its backend.
 *
 * @param config the configuration as this backend instance sees it; read the backend's own keys
 *               with {@code config.get("stowage." + name() + ".url")} and friends. For a named
 *               instance ({@code stowage.backends.<instance>.type}) its keys
 *               {@code stowage.backends.<instance>.*} appear there in place of
 *               {@code stowage.<name>.*}, so a provider need not know about instances; keys of
 *               other instances are left out
 * @param clock     the clock every store must take its timestamps and expiry decisions from
 * @param resources objects the embedding application already has and wants shared rather than
 *                  opened again (a {@code javax.sql.DataSource}, a Lettuce {@code RedisClient}),
 *                  by the type a backend asks for with {@link #resource}; a backend uses one only
 *                  when its own connection keys ({@code stowage.postgres.url}, ...) are not set,
 *                  and never closes it. The Spring Boot starter fills it from the application's beans.
 */
public record BackendContext(StowageConfig config, Clock clock, Map<Class<?>, Object> resources) {

    /**
     * @throws NullPointerException     if an argument is missing
     * @throws IllegalArgumentException if a resource is not an instance of its type
     */
    public BackendContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        resources = Map.copyOf(Objects.requireNonNull(resources, "resources"));
        resources.forEach((type, resource) -> {
            if (!type.isInstance(resource)) {
                throw new IllegalArgumentException("resource " + resource.getClass().getName() + " is not a "
                        + type.getName());
            }
        });
    }

    /**
     * A context without shared resources: every backend opens its own connections.
     *
     * @param config the whole configuration
     * @param clock  the stores' clock
     */
    public BackendContext(StowageConfig config, Clock clock) {
        this(config, clock, Map.of());
    }

    /**
     * @param type the type of the resource, e.g. {@code javax.sql.DataSource.class}
     * @param <T>  that type
     * @return the application's shared resource of that type, if it gave one
     */
    public <T> Optional<T> resource(Class<T> type) {
        return Optional.ofNullable(resources.get(type)).map(type::cast);
    }

    /**
     * @return how the backend's token stores must hash refresh tokens, from
     *     {@value dev.stowage.token.RefreshTokenHasher#KEY} (plain SHA-256 without it)
     * @throws dev.stowage.exception.StoreConfigurationException if the key is malformed
     */
    public dev.stowage.token.RefreshTokenHasher refreshTokenHasher() {
        return dev.stowage.token.RefreshTokenHasher.fromConfig(config);
    }
}
