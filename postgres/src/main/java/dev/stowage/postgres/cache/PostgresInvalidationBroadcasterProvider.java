package dev.stowage.postgres.cache;

import dev.stowage.StowageConfig;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.spi.BackendContext;
import dev.stowage.spi.invalidation.InvalidationBroadcaster;
import dev.stowage.spi.invalidation.InvalidationBroadcasterProvider;

import java.util.Set;

/**
 * {@code stowage.cache.broadcast=postgres}: invalidations over LISTEN/NOTIFY, connecting with the
 * PostgreSQL backend's {@code stowage.postgres.url}, {@code .user} and {@code .password}, on
 * {@code stowage.cache.broadcast.channel}.
 */
public final class PostgresInvalidationBroadcasterProvider implements InvalidationBroadcasterProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public PostgresInvalidationBroadcasterProvider() {
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Set<String> configKeys() {
        return Set.of();
    }

    @Override
    public InvalidationBroadcaster open(BackendContext context) {
        StowageConfig config = context.config();
        String url = config.get("stowage.postgres.url").orElseThrow(() -> new StoreConfigurationException(
                "stowage.cache.broadcast=postgres needs stowage.postgres.url, e.g. jdbc:postgresql://localhost:5432/app"));
        PostgresInvalidationBroadcaster.Builder builder = PostgresInvalidationBroadcaster.builder(url)
                .channel(config.getString(InvalidationBroadcasterProvider.CHANNEL_KEY, InvalidationBroadcasterProvider.DEFAULT_CHANNEL));
        config.get("stowage.postgres.user").ifPresent(builder::user);
        config.get("stowage.postgres.password").ifPresent(builder::password);
        return builder.build();
    }
}
