package dev.stowage.redis;

import dev.stowage.StowageConfig;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.spi.BackendContext;
import dev.stowage.spi.BackendProvider;
import dev.stowage.spi.StoreBackend;

import java.util.Set;

/**
 * Backend {@value #NAME} for {@link dev.stowage.Stowage#open}. Keys:
 * <ul>
 *   <li>{@code stowage.redis.uri} (required): {@code redis://host:6379}, or for a Cluster one or
 *       more seed URIs separated by commas;</li>
 *   <li>{@code stowage.redis.cluster}: {@code true} if the URI names Cluster nodes (default false);</li>
 *   <li>{@code stowage.redis.prefix}: the key namespace (default {@value RedisStores#DEFAULT_PREFIX});</li>
 *   <li>{@code stowage.redis.command-timeout}: how long one command may take, e.g. {@code 2s}
 *       (default 2 s).</li>
 * </ul>
 */
public final class RedisBackendProvider implements BackendProvider {

    /** The backend's name in configuration. */
    public static final String NAME = "redis";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public RedisBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of("uri", "cluster", "prefix", "command-timeout");
    }

    @Override
    public StoreBackend open(BackendContext context) {
        StowageConfig config = context.config();
        String uri = config.get("stowage.redis.uri").orElseThrow(() -> new StoreConfigurationException(
                "stowage.redis.uri is required for the redis backend, e.g. redis://127.0.0.1:6379"));
        return RedisStores.builder(uri)
                .cluster(config.getBoolean("stowage.redis.cluster", false))
                .prefix(config.getString("stowage.redis.prefix", RedisStores.DEFAULT_PREFIX))
                .commandTimeout(config.getDuration("stowage.redis.command-timeout", RedisStores.DEFAULT_COMMAND_TIMEOUT))
                .clock(context.clock())
                .refreshTokenHasher(context.refreshTokenHasher())
                .buildBackend();
    }
}
