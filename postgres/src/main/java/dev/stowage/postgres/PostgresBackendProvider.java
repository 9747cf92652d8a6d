package dev.stowage.postgres;

import dev.stowage.StowageConfig;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.spi.BackendContext;
import dev.stowage.spi.BackendProvider;
import dev.stowage.spi.StoreBackend;

import java.util.Locale;
import java.util.Set;

/**
 * Opens the {@code postgres} backend from configuration, for
 * {@link dev.stowage.Stowage#open}. Keys (all under {@code stowage.postgres.}):
 * <ul>
 *   <li>{@code url} (required): the JDBC URL, e.g. {@code jdbc:postgresql://db:5432/app};</li>
 *   <li>{@code user}, {@code password}: credentials, unless in the URL;</li>
 *   <li>{@code schema}: default {@code stowage};</li>
 *   <li>{@code migration}: {@code migrate} (default) or {@code validate};</li>
 *   <li>{@code statement-timeout}: e.g. {@code 30s} (default), {@code 0} for none;</li>
 *   <li>{@code application-name}: reported in {@code pg_stat_activity}, default {@code stowage};</li>
 *   <li>{@code pool.max-size} (default 10), {@code pool.min-idle} (default 2),
 *       {@code pool.connection-timeout} (default 5s), {@code pool.idle-timeout} (default 10m),
 *       {@code pool.max-lifetime} (default 30m).</li>
 * </ul>
 */
public final class PostgresBackendProvider implements BackendProvider {

    private static final String PREFIX = "stowage." + PostgresBackend.NAME + ".";

    /** Used by {@link java.util.ServiceLoader}. */
    public PostgresBackendProvider() {
    }

    @Override
    public String name() {
        return PostgresBackend.NAME;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of("url", "user", "password", "schema", "migration", "statement-timeout", "application-name",
                "pool.max-size", "pool.min-idle", "pool.connection-timeout", "pool.idle-timeout", "pool.max-lifetime");
    }

    @Override
    public StoreBackend open(BackendContext context) {
        StowageConfig config = context.config();
        String url = config.get(PREFIX + "url").orElseThrow(() -> new StoreConfigurationException(
                PREFIX + "url is required for the postgres backend, e.g. jdbc:postgresql://localhost:5432/app"));
        PostgresStores.Builder builder = PostgresStores.builder(url).clock(context.clock());
        builder.refreshTokenHasher(context.refreshTokenHasher());
        config.get(PREFIX + "user").ifPresent(builder::user);
        config.get(PREFIX + "password").ifPresent(builder::password);
        config.get(PREFIX + "schema").ifPresent(builder::schema);
        config.get(PREFIX + "migration").ifPresent(mode -> builder.migration(migrationMode(mode)));
        config.get(PREFIX + "application-name").ifPresent(builder::applicationName);
        String timeout = PREFIX + "statement-timeout";
        if (config.get(timeout).filter("0"::equals).isPresent()) {
            builder.statementTimeout(java.time.Duration.ZERO);
        } else if (config.get(timeout).isPresent()) {
            builder.statementTimeout(config.getDuration(timeout, null));
        }
        if (config.get(PREFIX + "pool.max-size").isPresent()) {
            builder.maxPoolSize(config.getInt(PREFIX + "pool.max-size", 0));
        }
        if (config.get(PREFIX + "pool.min-idle").isPresent()) {
            builder.minIdle(config.getInt(PREFIX + "pool.min-idle", 0));
        }
        if (config.get(PREFIX + "pool.connection-timeout").isPresent()) {
            builder.connectionTimeout(config.getDuration(PREFIX + "pool.connection-timeout", null));
        }
        if (config.get(PREFIX + "pool.idle-timeout").isPresent()) {
            builder.idleTimeout(config.getDuration(PREFIX + "pool.idle-timeout", null));
        }
        if (config.get(PREFIX + "pool.max-lifetime").isPresent()) {
            builder.maxLifetime(config.getDuration(PREFIX + "pool.max-lifetime", null));
        }
        return builder.buildBackend();
    }

    private static MigrationMode migrationMode(String value) {
        try {
            return MigrationMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StoreConfigurationException(PREFIX + "migration must be 'migrate' or 'validate', was '" + value + "'");
        }
    }
}
