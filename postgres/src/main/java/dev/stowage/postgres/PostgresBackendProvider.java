package dev.stowage.postgres;

import dev.stowage.spi.BackendContext;
import dev.stowage.spi.BackendOption;
import dev.stowage.spi.BackendProvider;
import dev.stowage.spi.StoreBackend;

import javax.sql.DataSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Opens the {@code postgres} backend from configuration, for {@link dev.stowage.Stowage#open}.
 * Its keys, all under {@code stowage.postgres.}, are the rows of {@link #OPTIONS}: that one
 * table is what {@link #configKeys()} accepts, what {@link #open} applies and what the module
 * README documents. Without {@code stowage.postgres.url}, a {@link DataSource} shared through
 * {@link BackendContext#resource} (the Spring Boot starter shares the application's) is used, and
 * left open on close; its pool settings then are the DataSource's own.
 */
public final class PostgresBackendProvider implements BackendProvider {

    /** The required JDBC URL. */
    static final BackendOption<PostgresStores.Builder> URL = BackendOption.required("url",
            "jdbc:postgresql://localhost:5432/app", "the JDBC URL (its user and password parameters are never logged)");

    /** Every configuration key of the backend, in the order the README lists them. */
    public static final List<BackendOption<PostgresStores.Builder>> OPTIONS = List.of(
            URL,
            BackendOption.text("user", null, "the database user, unless in the URL", PostgresStores.Builder::user),
            BackendOption.secret("password", "the user's password, unless in the URL", PostgresStores.Builder::password),
            BackendOption.text("schema", PostgresStores.DEFAULT_SCHEMA, "the schema of the tables",
                    PostgresStores.Builder::schema),
            BackendOption.choice("migration", MigrationMode.MIGRATE, "migrate on open, or validate only",
                    PostgresStores.Builder::migration),
            BackendOption.duration("statement-timeout", PostgresStores.DEFAULT_STATEMENT_TIMEOUT,
                    "how long one statement may run; 0 for none", PostgresStores.Builder::statementTimeout),
            BackendOption.text("application-name", PostgresStores.DEFAULT_APPLICATION_NAME,
                    "application_name in pg_stat_activity", PostgresStores.Builder::applicationName),
            BackendOption.integer("pool.max-size", PostgresStores.DEFAULT_MAX_POOL_SIZE,
                    "most connections of the pool", PostgresStores.Builder::maxPoolSize),
            BackendOption.integer("pool.min-idle", PostgresStores.DEFAULT_MIN_IDLE,
                    "idle connections the pool keeps", PostgresStores.Builder::minIdle),
            BackendOption.duration("pool.connection-timeout", "statement-timeout, at most "
                            + BackendOption.format(PostgresStores.MAX_DEFAULT_CONNECTION_TIMEOUT),
                    "how long a call waits for a connection", PostgresStores.Builder::connectionTimeout),
            BackendOption.duration("pool.idle-timeout", PostgresStores.DEFAULT_IDLE_TIMEOUT,
                    "how long a connection above min-idle may sit idle", PostgresStores.Builder::idleTimeout),
            BackendOption.duration("pool.max-lifetime", PostgresStores.DEFAULT_MAX_LIFETIME,
                    "the longest life of a pooled connection", PostgresStores.Builder::maxLifetime));

    /** Used by {@link java.util.ServiceLoader}. */
    public PostgresBackendProvider() {
    }

    @Override
    public String name() {
        return PostgresBackend.NAME;
    }

    @Override
    public Set<String> configKeys() {
        return BackendOption.keys(OPTIONS);
    }

    @Override
    public StoreBackend open(BackendContext context) {
        Optional<String> url = URL.value(context.config(), name());
        Optional<DataSource> shared = context.resource(DataSource.class);
        PostgresStores.Builder builder = (url.isEmpty() && shared.isPresent() ? PostgresStores.builder(shared.get())
                : PostgresStores.builder(URL.require(context.config(), name())))
                .clock(context.clock())
                .refreshTokenHasher(context.refreshTokenHasher());
        return BackendOption.applyAll(OPTIONS, builder, context.config(), name()).buildBackend();
    }
}
