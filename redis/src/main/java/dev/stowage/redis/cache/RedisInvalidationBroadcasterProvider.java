package dev.stowage.redis.cache;

import dev.stowage.StowageConfig;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.spi.BackendContext;
import dev.stowage.spi.invalidation.InvalidationBroadcaster;
import dev.stowage.spi.invalidation.InvalidationBroadcasterProvider;

import java.util.Set;

/**
 * {@code stowage.cache.broadcast=redis}: invalidations over Redis pub/sub, connecting with the
 * Redis backend's {@code stowage.redis.uri} and {@code stowage.redis.cluster}, on
 * {@code stowage.cache.broadcast.channel}.
 */
public final class RedisInvalidationBroadcasterProvider implements InvalidationBroadcasterProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public RedisInvalidationBroadcasterProvider() {
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Set<String> configKeys() {
        return Set.of();
    }

    @Override
    public InvalidationBroadcaster open(BackendContext context) {
        StowageConfig config = context.config();
        String uri = config.get("stowage.redis.uri").orElseThrow(() -> new StoreConfigurationException(
                "stowage.cache.broadcast=redis needs stowage.redis.uri, e.g. redis://127.0.0.1:6379"));
        return RedisInvalidationBroadcaster.open(uri, config.getBoolean("stowage.redis.cluster", false),
                config.getString(InvalidationBroadcasterProvider.CHANNEL_KEY, InvalidationBroadcasterProvider.DEFAULT_CHANNEL));
    }
}
