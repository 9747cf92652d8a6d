package dev.stowage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stowage.Stowage;
import dev.stowage.StowageConfig;
import dev.stowage.TenantId;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.exception.StoreException;
import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.exception.ValidationException;
import dev.stowage.postgres.cache.PostgresInvalidationBroadcaster;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.LogCapture;
import dev.stowage.testkit.MutableClock;
import dev.stowage.testkit.PrivatePostgres;
import dev.stowage.testkit.SecretLeaks;
import dev.stowage.token.CredentialDraft;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Passwords and token values never appear in a message, a cause (any message of the chain,
 * suppressed ones included) or a log line, on every failure path the backend has: malformed
 * URLs, an unreachable server, wrong passwords and missing privileges against a private server
 * that checks passwords (scram-sha-256; a role the test creates), a database that does not
 * exist, and writes of credentials the server rejects (its error detail quotes the row). Logs
 * are captured at DEBUG and above for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsNeverLeakTest {

    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final String WRONG_PASSWORD = "wrong-" + UUID.randomUUID();
    private static final String ACCESS_TOKEN = "access-" + UUID.randomUUID();
    private static final String REFRESH_TOKEN = "refresh-" + UUID.randomUUID();
    private static final List<String> SECRETS = List.of(PASSWORD, WRONG_PASSWORD, ACCESS_TOKEN, REFRESH_TOKEN);

    private final MutableClock clock = MutableClock.standard();
    private PrivatePostgres server;
    private LogCapture logs;

    @BeforeAll
    void start() {
        logs = LogCapture.start();
        server = PrivatePostgres.start();
        server.execute("CREATE ROLE stowage_app LOGIN PASSWORD '" + PASSWORD + "'",
                "CREATE ROLE stowage_reader LOGIN PASSWORD '" + PASSWORD + "'",
                "CREATE DATABASE app OWNER stowage_app",
                "REVOKE CREATE ON DATABASE app FROM PUBLIC");
    }

    @AfterAll
    void stop() {
        try {
            server.close();
        } finally {
            logs.close();
        }
        SecretLeaks.assertNoneIn(logs.lines(), SECRETS);
        assertThat(logs.lines()).as("the capture saw the driver's and the pool's logs").isNotEmpty();
    }

    @Test
    void malformed_urls_are_configuration_errors_that_do_not_quote_the_password() {
        for (String url : List.of(
                "jdbc:postgresql://127.0.0.1:notaport/app?user=stowage_app&password=" + PASSWORD,
                "jdbc:postgresql://stowage_app:" + PASSWORD + "@127.0.0.1:" + server.port() + "/app",
                "jdbc:postgresql://127.0.0.1:" + server.port() + "/app?sslmode=bogus&password=" + PASSWORD,
                "jdbc:postgresql://127.0.0.1:" + server.port() + "/app?connectTimeout=soon&password=" + PASSWORD,
                "jdbc:mysql://127.0.0.1:3306/app?password=" + PASSWORD)) {
            Throwable failure = catchThrowable(() -> PostgresStores.builder(url).buildBackend());
            assertThat(failure).as(url).isInstanceOf(StoreConfigurationException.class);
            SecretLeaks.assertNoneIn(failure, SECRETS);
        }
    }

    @Test
    void an_unreachable_server_is_unavailable_without_the_password() {
        expectNoSecret(StoreUnavailableException.class, () -> PostgresStores.builder(
                "jdbc:postgresql://127.0.0.1:1/app?user=stowage_app&password=" + PASSWORD)
                .connectionTimeout(Duration.ofSeconds(1)).buildBackend());
        expectNoSecret(StoreUnavailableException.class, () -> PostgresStores.builder("jdbc:postgresql://127.0.0.1:1/app")
                .user("stowage_app").password(PASSWORD).connectionTimeout(Duration.ofSeconds(1)).buildBackend());
    }

    @Test
    void a_wrong_password_is_a_configuration_error_quoting_neither_password() {
        String url = server.jdbcUrl("app");
        expectNoSecret(StoreConfigurationException.class, () -> PostgresStores.builder(url).user("stowage_app")
                .password(WRONG_PASSWORD).buildBackend());
        expectNoSecret(StoreConfigurationException.class, () -> PostgresStores.builder(url + "?user=stowage_app&password="
                + WRONG_PASSWORD).buildBackend());
        expectNoSecret(StoreConfigurationException.class, () -> Stowage.open(StowageConfig.of(Map.of(
                "stowage.backend", "postgres", "stowage.postgres.url", url, "stowage.postgres.user", "stowage_app",
                "stowage.postgres.password", WRONG_PASSWORD)), clock));
    }

    @Test
    void a_user_without_privileges_or_a_missing_database_is_a_configuration_error_without_the_password() {
        expectNoSecret(StoreConfigurationException.class, () -> PostgresStores.builder(server.jdbcUrl("app"))
                .user("stowage_reader").password(PASSWORD).schema("reader").buildBackend());
        expectNoSecret(StoreConfigurationException.class, () -> PostgresStores.builder(server.jdbcUrl("no_such_db")
                + "?user=stowage_app&password=" + PASSWORD).buildBackend());
    }

    @Test
    void the_right_password_in_the_url_works_and_stays_out_of_every_log() {
        try (StoreBackend backend = PostgresStores.builder(server.jdbcUrl("app") + "?user=stowage_app&password="
                + PASSWORD + "&sslmode=disable").schema("app_ok").clock(clock).buildBackend()) {
            assertThat(backend.tokens(TenantId.of("ok")).isAccessTokenRevoked("jti")).isFalse();
            assertThat(backend.toString()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void a_credential_write_the_server_rejects_never_quotes_the_tokens() {
        String schema = "rejecting";
        try (StoreBackend backend = PostgresStores.builder(server.jdbcUrl("app")).user("stowage_app")
                .password(PASSWORD).schema(schema).clock(clock).buildBackend()) {
            rejectTokensOn(schema);
            expectNoSecret(ValidationException.class, () -> backend.tokens(TenantId.of("t")).putCredential(
                    CredentialDraft.builder("ada", "google", ACCESS_TOKEN).refreshToken(REFRESH_TOKEN).build()));
        }
    }

    @Test
    void a_callers_data_source_that_reports_row_details_still_never_quotes_the_tokens() {
        String schema = "rejecting_theirs";
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl("app"));
        config.setUsername("stowage_app");
        config.setPassword(PASSWORD);
        config.setMaximumPoolSize(2);
        try (HikariDataSource callers = new HikariDataSource(config);
             StoreBackend backend = PostgresStores.builder(callers).schema(schema).clock(clock).buildBackend()) {
            rejectTokensOn(schema);
            expectNoSecret(ValidationException.class, () -> backend.tokens(TenantId.of("t")).putCredential(
                    CredentialDraft.builder("ada", "google", ACCESS_TOKEN).refreshToken(REFRESH_TOKEN).build()));
        }
    }

    @Test
    void the_cache_channel_masks_the_url() {
        expectNoSecret(StoreConfigurationException.class, () -> PostgresInvalidationBroadcaster.builder(
                "jdbc:mysql://127.0.0.1/app?password=" + PASSWORD));
        Throwable failure = catchThrowable(() -> PostgresInvalidationBroadcaster.builder(
                "jdbc:postgresql://127.0.0.1:1/app?user=stowage_app&password=" + PASSWORD).build()
                .start(new dev.stowage.spi.invalidation.InvalidationBroadcaster.Listener() {
                    @Override
                    public void onMessage(String message) {
                    }

                    @Override
                    public void onConnected() {
                    }

                    @Override
                    public void onDisconnected(String reason) {
                    }
                }));
        assertThat(failure).isInstanceOf(StoreException.class);
        SecretLeaks.assertNoneIn(failure, SECRETS);
    }

    /** A CHECK the server enforces with a detail that quotes the whole row, tokens included. */
    private void rejectTokensOn(String schema) {
        try (var connection = java.sql.DriverManager.getConnection(server.jdbcUrl("app") + "?user=postgres&password="
                + server.superuserPassword()); var statement = connection.createStatement()) {
            statement.execute("ALTER TABLE \"" + schema + "\".credential ADD CONSTRAINT no_google_tokens"
                    + " CHECK (provider <> 'google')");
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void expectNoSecret(Class<? extends StoreException> expected, ThrowingCallable call) {
        SecretLeaks.assertFailsWithout(expected, call, SECRETS);
    }
}
