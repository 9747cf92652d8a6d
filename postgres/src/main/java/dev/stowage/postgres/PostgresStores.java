package dev.stowage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import dev.stowage.Stores;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.exception.StoreException;
import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.postgres.internal.schema.Public;
import dev.stowage.spi.StoreBackend;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.ValidateResult;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.RenderMapping;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DataSourceConnectionProvider;
import org.jooq.impl.DefaultConfiguration;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.SQLException;
import dev.stowage.token.RefreshTokenHasher;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Builds the PostgreSQL backend in code.
 * <pre>{@code
 * try (Stores stores = PostgresStores.builder("jdbc:postgresql://db:5432/app")
 *         .user("app").password(secret)
 *         .schema("stowage")
 *         .build()) {
 *     stores.contacts().create(ContactDraft.builder("ada@example.com").build());
 * }
 * }</pre>
 * With a JDBC URL the builder creates a HikariCP pool and {@code close()} closes it; with a
 * {@link DataSource} the caller keeps ownership and {@code close()} leaves it open. On open the
 * backend applies (or, with {@link MigrationMode#VALIDATE}, only checks) its Flyway migrations in
 * the configured schema.
 */
public final class PostgresStores {

    /** The schema used unless {@link Builder#schema} says otherwise. */
    public static final String DEFAULT_SCHEMA = "stowage";
    /** Where the Flyway migrations live in the jar. */
    public static final String MIGRATION_LOCATION = "classpath:dev/stowage/postgres/migration";
    /** The application_name connections of a created pool report, unless configured otherwise. */
    public static final String DEFAULT_APPLICATION_NAME = "stowage";

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final AtomicInteger POOL_COUNTER = new AtomicInteger();

    private PostgresStores() {
    }

    /**
     * @param dataSource a DataSource the caller owns (it is not closed by the backend)
     * @return a builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"), null);
    }

    /**
     * @param jdbcUrl a PostgreSQL JDBC URL such as {@code jdbc:postgresql://host:5432/db}; the
     *                backend creates (and closes) a HikariCP pool for it
     * @return a builder
     */
    public static Builder builder(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new StoreConfigurationException("the PostgreSQL JDBC URL must start with jdbc:postgresql:, e.g."
                    + " jdbc:postgresql://localhost:5432/app");
        }
        return new Builder(null, jdbcUrl);
    }

    /**
     * Settings of the PostgreSQL backend. Not thread-safe; {@link #build()} and
     * {@link #buildBackend()} may be called more than once, each opening a new backend.
     */
    public static final class Builder {
        private final DataSource dataSource;
        private final String jdbcUrl;
        private String user;
        private String password;
        private String schema = DEFAULT_SCHEMA;
        private MigrationMode migration = MigrationMode.MIGRATE;
        private Clock clock = Clock.systemUTC();
        private RefreshTokenHasher refreshTokenHasher = RefreshTokenHasher.sha256();
        private Duration statementTimeout = Duration.ofSeconds(30);
        private int maxPoolSize = 10;
        private int minIdle = 2;
        private Duration connectionTimeout = Duration.ofSeconds(5);
        private Duration idleTimeout = Duration.ofMinutes(10);
        private Duration maxLifetime = Duration.ofMinutes(30);
        private String applicationName = DEFAULT_APPLICATION_NAME;

        private Builder(DataSource dataSource, String jdbcUrl) {
            this.dataSource = dataSource;
            this.jdbcUrl = jdbcUrl;
        }

        /**
         * @param value the database user for a pool the builder creates (or put it in the URL)
         * @return this builder
         */
        public Builder user(String value) {
            this.user = value;
            return this;
        }

        /**
         * @param value the password for a pool the builder creates (or put it in the URL)
         * @return this builder
         */
        public Builder password(String value) {
            this.password = value;
            return this;
        }

        /**
         * @param value the schema holding the tables: lower-case letters, digits and {@code _},
         *              at most 63 characters, not starting with a digit; default {@value PostgresStores#DEFAULT_SCHEMA}
         * @return this builder
         */
        public Builder schema(String value) {
            this.schema = value;
            return this;
        }

        /**
         * @param value migrate on open (the default) or validate only
         * @return this builder
         */
        public Builder migration(MigrationMode value) {
            this.migration = Objects.requireNonNull(value, "migration");
            return this;
        }

        /**
         * @param value the clock of every timestamp and expiry decision (default: system UTC);
         *              the database's own clock is never used
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * @param value how refresh tokens are hashed (default: SHA-256;
         *              {@link RefreshTokenHasher#hmacSha256} for a server key)
         * @return this builder
         */
        public Builder refreshTokenHasher(RefreshTokenHasher value) {
            this.refreshTokenHasher = Objects.requireNonNull(value, "refreshTokenHasher");
            return this;
        }

        /**
         * How long one statement may run before the server cancels it and the call fails with
         * {@link dev.stowage.exception.StoreTimeoutException}. Default 30 seconds; zero disables
         * it. A pool the builder creates sets it on each connection (millisecond precision); for
         * a caller's DataSource it is applied per statement through JDBC, in whole seconds
         * rounded up.
         *
         * @param value the timeout, zero or positive
         * @return this builder
         */
        public Builder statementTimeout(Duration value) {
            this.statementTimeout = Objects.requireNonNull(value, "statementTimeout");
            return this;
        }

        /**
         * @param value most connections of a created pool, 1..1000; default 10
         * @return this builder
         */
        public Builder maxPoolSize(int value) {
            this.maxPoolSize = value;
            return this;
        }

        /**
         * @param value idle connections a created pool keeps, 0..maxPoolSize; default 2
         * @return this builder
         */
        public Builder minIdle(int value) {
            this.minIdle = value;
            return this;
        }

        /**
         * @param value how long a call waits for a pooled connection (and for a new connection
         *              to be established) before failing with
         *              {@link dev.stowage.exception.StoreUnavailableException}; at least 250 ms,
         *              default 5 seconds
         * @return this builder
         */
        public Builder connectionTimeout(Duration value) {
            this.connectionTimeout = Objects.requireNonNull(value, "connectionTimeout");
            return this;
        }

        /**
         * @param value how long a connection above minIdle may sit idle; default 10 minutes
         * @return this builder
         */
        public Builder idleTimeout(Duration value) {
            this.idleTimeout = Objects.requireNonNull(value, "idleTimeout");
            return this;
        }

        /**
         * @param value the longest life of a pooled connection; at least 30 seconds, default 30 minutes
         * @return this builder
         */
        public Builder maxLifetime(Duration value) {
            this.maxLifetime = Objects.requireNonNull(value, "maxLifetime");
            return this;
        }

        /**
         * @param value the {@code application_name} a created pool's connections report in
         *              {@code pg_stat_activity}; default {@value PostgresStores#DEFAULT_APPLICATION_NAME}
         * @return this builder
         */
        public Builder applicationName(String value) {
            this.applicationName = Objects.requireNonNull(value, "applicationName");
            return this;
        }

        /**
         * Opens the backend and wraps it for the default tenant.
         *
         * @return the stores; closing them closes the backend
         * @throws StoreConfigurationException if a setting cannot work or the schema does not validate
         * @throws StoreUnavailableException   if PostgreSQL cannot be reached
         */
        public Stores build() {
            return Stores.of(buildBackend());
        }

        /**
         * Opens the backend: creates the pool (for a URL), applies or validates the migrations
         * and prepares the typed queries for the schema.
         *
         * @return the backend; the caller closes it
         * @throws StoreConfigurationException if a setting cannot work or the schema does not validate
         * @throws StoreUnavailableException   if PostgreSQL cannot be reached
         */
        public StoreBackend buildBackend() {
            validate();
            HikariDataSource pool = dataSource == null ? createPool() : null;
            DataSource target = dataSource != null ? dataSource : pool;
            try {
                migrate(dataSource != null ? dataSource : migrationDataSource());
                Runnable replaceIdleConnections = pool == null ? () -> { } : () -> {
                    HikariPoolMXBean connections = pool.getHikariPoolMXBean();
                    if (connections != null) {
                        connections.softEvictConnections();
                    }
                };
                Database db = new Database(dsl(target), clock, "PostgreSQL schema '" + schema + "'", statementTimeout,
                        replaceIdleConnections);
                return new PostgresBackend(db, pool, refreshTokenHasher);
            } catch (RuntimeException e) {
                if (pool != null) {
                    pool.close();
                }
                throw e;
            }
        }

        private void validate() {
            if (schema == null || !SCHEMA_NAME.matcher(schema).matches()) {
                throw new StoreConfigurationException("schema '" + schema + "' is not usable: use 1 to 63 lower-case"
                        + " letters, digits and '_', not starting with a digit (e.g. " + DEFAULT_SCHEMA + ")");
            }
            if (statementTimeout.isNegative()) {
                throw new StoreConfigurationException("statementTimeout must be zero (none) or positive, was "
                        + statementTimeout);
            }
            if (dataSource != null) {
                return;
            }
            if (maxPoolSize < 1 || maxPoolSize > 1_000) {
                throw new StoreConfigurationException("maxPoolSize must be between 1 and 1000, was " + maxPoolSize);
            }
            if (minIdle < 0 || minIdle > maxPoolSize) {
                throw new StoreConfigurationException("minIdle must be between 0 and maxPoolSize (" + maxPoolSize
                        + "), was " + minIdle);
            }
            if (connectionTimeout.toMillis() < 250) {
                throw new StoreConfigurationException("connectionTimeout must be at least 250ms, was " + connectionTimeout);
            }
            if (maxLifetime.toSeconds() < 30) {
                throw new StoreConfigurationException("maxLifetime must be at least 30s, was " + maxLifetime);
            }
            if (idleTimeout.isNegative()) {
                throw new StoreConfigurationException("idleTimeout must not be negative, was " + idleTimeout);
            }
        }

        private HikariDataSource createPool() {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl);
            if (user != null) {
                config.setUsername(user);
            }
            if (password != null) {
                config.setPassword(password);
            }
            config.setPoolName("stowage-postgres-" + schema + "-" + POOL_COUNTER.incrementAndGet());
            config.setMaximumPoolSize(maxPoolSize);
            config.setMinimumIdle(minIdle);
            config.setConnectionTimeout(connectionTimeout.toMillis());
            config.setValidationTimeout(Math.min(5_000, Math.max(250, connectionTimeout.toMillis() / 2)));
            config.setIdleTimeout(idleTimeout.toMillis());
            config.setMaxLifetime(maxLifetime.toMillis());
            config.addDataSourceProperty("ApplicationName", applicationName);
            config.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, connectionTimeout.toSeconds())));
            if (!statementTimeout.isZero()) {
                // Server-side, so the server stops the work; the socket timeout (with a margin for
                // the server to answer with the cancellation) covers a server that stops answering.
                config.addDataSourceProperty("options", "-c statement_timeout=" + statementTimeout.toMillis());
                config.addDataSourceProperty("socketTimeout", Long.toString(statementTimeout.toSeconds() + 15));
            }
            try {
                return new HikariDataSource(config);
            } catch (HikariPool.PoolInitializationException e) {
                throw openFailure(e);
            }
        }

        /**
         * Migrations run on their own short-lived connection without the statement timeout, so a
         * migration that builds an index on a large table is not cancelled; those connections
         * are closed when Flyway is done.
         */
        private DataSource migrationDataSource() {
            PGSimpleDataSource simple = new PGSimpleDataSource();
            simple.setUrl(jdbcUrl);
            if (user != null) {
                simple.setUser(user);
            }
            if (password != null) {
                simple.setPassword(password);
            }
            simple.setApplicationName(applicationName + "-migration");
            simple.setConnectTimeout((int) Math.max(1, connectionTimeout.toSeconds()));
            return simple;
        }

        private void migrate(DataSource target) {
            Flyway flyway = Flyway.configure(PostgresStores.class.getClassLoader())
                    .dataSource(target)
                    .schemas(schema)
                    .defaultSchema(schema)
                    .createSchemas(migration == MigrationMode.MIGRATE)
                    .locations(MIGRATION_LOCATION)
                    .load();
            try {
                if (migration == MigrationMode.MIGRATE) {
                    flyway.migrate();
                    return;
                }
                ValidateResult result = flyway.validateWithResult();
                if (!result.validationSuccessful) {
                    throw new StoreConfigurationException("schema '" + schema + "' does not hold the migrations of this"
                            + " stowage-postgres version (" + result.getAllErrorMessages() + "); open once with"
                            + " migration MIGRATE, or apply " + MIGRATION_LOCATION + " with Flyway to schema '"
                            + schema + "'");
                }
            } catch (FlywayException e) {
                throw openFailure(e);
            }
        }

        private DSLContext dsl(DataSource target) {
            Settings settings = new Settings()
                    .withRenderMapping(new RenderMapping().withSchemata(
                            new MappedSchema().withInput(Public.PUBLIC.getName()).withOutput(schema)))
                    .withExecuteLogging(false)
                    .withFetchWarnings(false);
            if (dataSource != null && !statementTimeout.isZero()) {
                long seconds = statementTimeout.toSeconds() + (statementTimeout.toSecondsPart() == 0
                        && statementTimeout.toNanosPart() == 0 ? 0 : 1);
                settings = settings.withQueryTimeout((int) Math.min(Integer.MAX_VALUE, seconds));
            }
            return DSL.using(new DefaultConfiguration()
                    .set(new DataSourceConnectionProvider(target))
                    .set(SQLDialect.POSTGRES)
                    .set(settings));
        }

        private StoreException openFailure(Exception failure) {
            String state = null;
            for (Throwable cause = failure; cause != null && state == null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql) {
                    state = sql.getSQLState();
                }
            }
            String where = dataSource != null ? "the given DataSource" : redacted(jdbcUrl);
            if (state != null && (state.startsWith("28") || state.equals("3D000") || state.equals("42501"))) {
                return new StoreConfigurationException("PostgreSQL at " + where + " refused the connection or the"
                        + " migration (" + failure.getMessage() + "); check the database name, user, password and"
                        + " privileges (the user needs CREATE on the database to migrate)", failure);
            }
            if (state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"))
                    || failure instanceof HikariPool.PoolInitializationException) {
                return new StoreUnavailableException("PostgreSQL at " + where + " cannot be reached ("
                        + failure.getMessage() + "); check that the server is up and the URL is right", failure);
            }
            return new StoreConfigurationException("opening PostgreSQL schema '" + schema + "' at " + where
                    + " failed: " + failure.getMessage() + "; check that the user may create and use the schema, "
                    + "and that its migration history belongs to this Stowage version", failure);
        }

        private static String redacted(String url) {
            return url.replaceAll("(?i)(password=)[^&]*", "$1***");
        }
    }
}
