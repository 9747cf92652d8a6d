package dev.stowage.spring;

import java.util.Map;

/**
 * What the application already has and the stores share instead of opening their own (its
 * {@code DataSource}, its Lettuce client), passed to {@code Stowage.open} as
 * {@link dev.stowage.spi.BackendContext#resources()}. A backend uses a shared resource only when
 * its own connection key ({@code stowage.postgres.url}, {@code stowage.redis.uri}) is not set,
 * and never closes it. Declare a bean of this type to share something else, or nothing.
 *
 * @param byType the shared resources by the type backends ask for
 */
public record StowageResources(Map<Class<?>, Object> byType) {

    /**
     * Copies the map.
     */
    public StowageResources {
        byType = Map.copyOf(byType);
    }

    /**
     * @return nothing shared: every backend opens its own connections
     */
    public static StowageResources none() {
        return new StowageResources(Map.of());
    }
}
