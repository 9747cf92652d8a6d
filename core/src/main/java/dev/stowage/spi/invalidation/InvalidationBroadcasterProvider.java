package dev.stowage.spi.invalidation;

import dev.stowage.spi.BackendContext;

import java.util.Set;

/**
 * Makes a broadcaster available to configuration: {@code stowage.cache.broadcast=<name>}.
 * Registered in {@code META-INF/services/dev.stowage.spi.invalidation.InvalidationBroadcasterProvider}
 * by the module that implements it (for example {@code redis} by stowage-redis, {@code postgres}
 * by stowage-postgres), which usually reads its connection settings from its backend's keys. The
 * cache that uses it (stowage-cache) finds it with {@link java.util.ServiceLoader}; a backend
 * implements it without depending on the cache.
 */
public interface InvalidationBroadcasterProvider {

    /** The configuration key of the channel every instance of one deployment publishes on. */
    String CHANNEL_KEY = "stowage.cache.broadcast.channel";

    /** The channel used when {@link #CHANNEL_KEY} is not set. */
    String DEFAULT_CHANNEL = "stowage_cache_invalidation";

    /**
     * @return the name used in {@code stowage.cache.broadcast}; lower-case letters and digits
     */
    String name();

    /**
     * The broadcaster's own configuration keys, relative to {@code stowage.cache.broadcast.<name>.};
     * any other key under that prefix is rejected. The shared
     * {@code stowage.cache.broadcast.channel} is always accepted.
     *
     * @return the accepted keys
     */
    Set<String> configKeys();

    /**
     * Opens (but does not start) the broadcaster.
     *
     * @param context the whole configuration and the store clock
     * @return the broadcaster; the cache closes it
     * @throws dev.stowage.exception.StoreConfigurationException if the configuration cannot work
     */
    InvalidationBroadcaster open(BackendContext context);
}
