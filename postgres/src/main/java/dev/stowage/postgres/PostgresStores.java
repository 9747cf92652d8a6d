package dev.stowage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.stowage.Stores;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.exception.StoreException;
import dev.stowage.exception.StoreTimeoutException;
import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.postgres.internal.schema.Public;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Secrets;
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
import dev.stowage.token.RefreshTokenHasher;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
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
    /** How long one statement may run unless {@link Builder#statementTimeout} says otherwise. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    /** The longest a call waits for a pooled connection by default, if the statement timeout is longer. */
    public static final Duration MAX_DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    /** Most connections of a created pool unless {@link Builder#maxPoolSize} says otherwise. */
    public static final int DEFAULT_MAX_POOL_SIZE = 10;
    /** Idle connections a created pool keeps unless {@link Builder#minIdle} says otherwise. */
    public static final int DEFAULT_MIN_IDLE = 2;
    /** How long a connection above minIdle may sit idle unless {@link Builder#idleTimeout} says otherwise. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** The longest life of a pooled connection unless {@link Builder#maxLifetime} says otherwise. */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(30);
    /** The smallest connection timeout HikariCP accepts. */
    private static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);

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
     *                backend creates (and closes) a HikariCP pool for it. Its {@code user} and
     *                {@code password} parameters are taken out of the URL and passed to the driver
     *                as properties, so they never appear where the driver logs the URL; the
     *                builder's {@link Builder#user} and {@link Builder#password} win over them
     * @return a builder
     * @throws StoreConfigurationException if the URL is malformed (a port that is not a number,
     *     credentials before the host, a parameter value the driver would refuse), saying what to fix
     */
    public static Builder builder(String jdbcUrl) {
        return new Builder(null, PostgresUrl.parse(jdbcUrl));
    }

    /**
     * Settings of the PostgreSQL backend. Not thread-safe; {@link #build()} and
     * {@link #buildBackend()} may be called more than once, each opening a new backend.
     */
    public static final class Builder {
        private final DataSource dataSource;
        private final PostgresUrl jdbcUrl;
        private String user;
        private String password;
        private String schema = DEFAULT_SCHEMA;
        private MigrationMode migration = MigrationMode.MIGRATE;
        private Clock clock = Clock.systemUTC();
        private RefreshTokenHasher refreshTokenHasher = RefreshTokenHasher.sha256();
        private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
        private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;
        private int minIdle = DEFAULT_MIN_IDLE;
        private Duration connectionTimeout;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration maxLifetime = DEFAULT_MAX_LIFETIME;
        private String applicationName = DEFAULT_APPLICATION_NAME;

        private Builder(DataSource dataSource, PostgresUrl jdbcUrl) {
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
         * rounded up. Every wait for the server's answer is also bounded by a network timeout of
         * that timeout plus {@link TimedConnections#MARGIN one second} (for a pool the builder
         * creates, pgjdbc's {@code socketTimeout}, in whole seconds rounded up), so a call fails with
         * {@code StoreTimeoutException} even when the server stops answering (frozen, cut off),
         * which a server-side timeout cannot catch.
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
         *              {@link dev.stowage.exception.StoreTimeoutException} (or
         *              {@link dev.stowage.exception.StoreUnavailableException} when connecting
         *              failed); at least 250 ms. Default: the statement timeout, at most
         *              5 seconds ({@link PostgresStores#MAX_DEFAULT_CONNECTION_TIMEOUT}), so the one
         *              statement-timeout setting bounds a whole call
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
            if (connectionTimeout != null && connectionTimeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0) {
                throw new StoreConfigurationException("connectionTimeout must be at least 250ms, was "
                        + connectionTimeout);
            }
            if (maxLifetime.toSeconds() < 30) {
                throw new StoreConfigurationException("maxLifetime must be at least 30s, was " + maxLifetime);
            }
            if (idleTimeout.isNegative()) {
                throw new StoreConfigurationException("idleTimeout must not be negative, was " + idleTimeout);
            }
        }

        /**
         * @return the configured connection timeout, or the statement timeout between 250 ms and
         *     {@link #MAX_DEFAULT_CONNECTION_TIMEOUT}
         */
        private Duration effectiveConnectionTimeout() {
            if (connectionTimeout != null) {
                return connectionTimeout;
            }
            if (statementTimeout.isZero() || statementTimeout.compareTo(MAX_DEFAULT_CONNECTION_TIMEOUT) > 0) {
                return MAX_DEFAULT_CONNECTION_TIMEOUT;
            }
            return statementTimeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0 ? MIN_CONNECTION_TIMEOUT : statementTimeout;
        }

        private String effectiveUser() {
            return user != null ? user : jdbcUrl.user();
        }

        private String effectivePassword() {
            return password != null ? password : jdbcUrl.password();
        }

        private HikariDataSource createPool() {
            Duration waitForConnection = effectiveConnectionTimeout();
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl.url());
            if (effectiveUser() != null) {
                config.setUsername(effectiveUser());
            }
            if (effectivePassword() != null) {
                config.setPassword(effectivePassword());
            }
            if (jdbcUrl.sslPassword() != null) {
                config.addDataSourceProperty("sslpassword", jdbcUrl.sslPassword());
            }
            config.setPoolName("stowage-postgres-" + schema + "-" + POOL_COUNTER.incrementAndGet());
            config.setMaximumPoolSize(maxPoolSize);
            config.setMinimumIdle(minIdle);
            config.setConnectionTimeout(waitForConnection.toMillis());
            config.setValidationTimeout(Math.min(5_000, Math.max(250, waitForConnection.toMillis() / 2)));
            config.setIdleTimeout(idleTimeout.toMillis());
            config.setMaxLifetime(maxLifetime.toMillis());
            config.addDataSourceProperty("ApplicationName", applicationName);
            config.addDataSourceProperty("connectTimeout", Long.toString(wholeSeconds(waitForConnection)));
            // Server errors quote rows in their detail ("Failing row contains (...)"), tokens included.
            config.addDataSourceProperty("logServerErrorDetail", "false");
            if (!statementTimeout.isZero()) {
                // Server-side, so the server stops the work. The socket timeout is the network
                // timeout of every read, the login of a new connection included, which would
                // otherwise wait for a frozen server forever.
                config.addDataSourceProperty("options", "-c statement_timeout=" + statementTimeout.toMillis());
                config.addDataSourceProperty("socketTimeout",
                        Long.toString(wholeSeconds(statementTimeout.plus(TimedConnections.MARGIN))));
            }
            try {
                return new HikariDataSource(config);
            } catch (RuntimeException e) {
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
            simple.setUrl(jdbcUrl.url());
            if (effectiveUser() != null) {
                simple.setUser(effectiveUser());
            }
            if (effectivePassword() != null) {
                simple.setPassword(effectivePassword());
            }
            if (jdbcUrl.sslPassword() != null) {
                simple.setSslPassword(jdbcUrl.sslPassword());
            }
            simple.setApplicationName(applicationName + "-migration");
            simple.setConnectTimeout((int) wholeSeconds(effectiveConnectionTimeout()));
            simple.setLogServerErrorDetail(false);
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
            Duration enforced = statementTimeout;
            if (dataSource != null && !statementTimeout.isZero()) {
                long seconds = wholeSeconds(statementTimeout);
                settings = settings.withQueryTimeout((int) Math.min(Integer.MAX_VALUE, seconds));
                enforced = Duration.ofSeconds(seconds);
            }
            return DSL.using(new DefaultConfiguration()
                    // A pool built here bounds every read already, by its socketTimeout (createPool()):
                    // setting it again around each call cost three socket system calls per call.
                    .set(new TimedConnections(target, dataSource == null ? Duration.ZERO : enforced))
                    .set(SQLDialect.POSTGRES)
                    .set(settings));
        }

        private StoreException openFailure(Exception failure) {
            List<String> secrets = new ArrayList<>(jdbcUrl == null ? List.of() : jdbcUrl.secrets());
            if (password != null) {
                secrets.add(password);
            }
            UnaryOperator<String> masking = Secrets.masking(secrets);
            Throwable cause = Secrets.redact(failure, text -> masking.apply(SqlFailure.withoutDetail(text)));
            String where = dataSource != null ? "the given DataSource" : "'" + masking.apply(jdbcUrl.url()) + "'";
            String detail = masking.apply(SqlFailure.summary(failure));
            return switch (SqlFailure.classify(failure)) {
                case ACCESS -> new StoreConfigurationException("PostgreSQL at " + where + " refused the connection or"
                        + " the migration (" + detail + "); check the database name, user, password, sslmode and"
                        + " privileges (the user needs CREATE on the database to migrate)", cause);
                case CONNECTION -> new StoreUnavailableException("could not connect to PostgreSQL at " + where + " ("
                        + detail + "); check that the server is up and that the URL's host and port are right", cause);
                case TIMEOUT -> new StoreTimeoutException("PostgreSQL at " + where + " did not answer within "
                        + effectiveConnectionTimeout().toMillis() + " ms while opening (" + detail + "); check that"
                        + " the server is up and not overloaded, or raise connectionTimeout", cause);
                default -> new StoreConfigurationException("opening PostgreSQL schema '" + schema + "' at " + where
                        + " failed: " + detail + "; check the URL's parameters, that the user may create and use the"
                        + " schema, and that its migration history belongs to this Stowage version", cause);
            };
        }

        private static long wholeSeconds(Duration value) {
            long seconds = value.toSeconds();
            return value.toNanosPart() == 0 ? Math.max(1, seconds) : seconds + 1;
        }
    }
}
