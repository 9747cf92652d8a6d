package dev.stowage.postgres;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.StowageConfig;
import dev.stowage.contact.ContactDraft;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.spi.BackendOption;
import dev.stowage.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The builder and the configuration keys: what works, and that what cannot work fails on open
 * with a message saying what to change.
 */
class BuilderAndConfigurationTest {

    private final String schema = TestDatabase.uniqueSchema(BuilderAndConfigurationTest.class);
    private final MutableClock clock = MutableClock.standard();

    @AfterEach
    void dropSchema() {
        TestDatabase.dropSchema(schema);
    }

    @Test
    void build_gives_stores_of_the_default_tenant_that_close_the_pool() {
        String applicationName = "stowage-builder-" + schema;
        try (Stores stores = TestDatabase.builder(schema, clock).applicationName(applicationName).minIdle(1).build()) {
            assertThat(stores.contacts().create(ContactDraft.builder("ada@example.com").build()).createdAt())
                    .isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
            assertThat(stores.tenant().value()).isEqualTo("default");
            assertThat(RestartTest.connectionsOf(applicationName)).isPositive();
        }
        assertThat(RestartTest.connectionsAfterClose(applicationName)).isZero();
    }

    @Test
    void every_documented_key_is_accepted_by_stowage_open() {
        Map<String, Object> config = new HashMap<>(Map.of(
                "stowage.backend", "postgres",
                "stowage.postgres.url", TestDatabase.url(),
                "stowage.postgres.schema", schema,
                "stowage.postgres.migration", "MIGRATE",
                "stowage.postgres.statement-timeout", "5s",
                "stowage.postgres.application-name", "stowage-config-" + schema,
                "stowage.postgres.pool.max-size", "3",
                "stowage.postgres.pool.min-idle", "1",
                "stowage.postgres.pool.connection-timeout", "2s",
                "stowage.postgres.pool.idle-timeout", "1m"));
        config.put("stowage.postgres.pool.max-lifetime", "10m");
        try (Stores stores = Stowage.open(StowageConfig.of(config), clock)) {
            assertThat(stores.contactsBackend().name()).isEqualTo("postgres");
            assertThat(stores.credits().account("none")).isEmpty();
        }
        assertThat(new PostgresBackendProvider().configKeys()).containsExactlyInAnyOrder("url", "user", "password",
                "schema", "migration", "statement-timeout", "application-name", "pool.max-size", "pool.min-idle",
                "pool.connection-timeout", "pool.idle-timeout", "pool.max-lifetime");
    }

    @Test
    void a_statement_timeout_of_zero_turns_it_off() {
        try (Stores stores = Stowage.open(StowageConfig.of(Map.of("stowage.backend", "postgres",
                "stowage.postgres.url", TestDatabase.url(), "stowage.postgres.schema", schema,
                "stowage.postgres.statement-timeout", "0")), clock)) {
            assertThat(stores.tokens().isAccessTokenRevoked("jti")).isFalse();
        }
    }

    @Test
    void a_missing_url_says_which_key_to_set() {
        assertThatThrownBy(() -> Stowage.open(StowageConfig.of(Map.of("stowage.backend", "postgres")), clock))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("stowage.postgres.url");
    }

    @Test
    void an_unknown_migration_mode_names_the_accepted_ones() {
        assertThatThrownBy(() -> Stowage.open(StowageConfig.of(Map.of("stowage.backend", "postgres",
                "stowage.postgres.url", TestDatabase.url(), "stowage.postgres.migration", "sometimes")), clock))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("'migrate' or 'validate'");
    }

    @Test
    void an_unknown_key_under_the_postgres_prefix_is_rejected() {
        assertThatThrownBy(() -> Stowage.open(StowageConfig.of(Map.of("stowage.backend", "postgres",
                "stowage.postgres.url", TestDatabase.url(), "stowage.postgres.pool-size", "3")), clock))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("stowage.postgres.pool-size");
    }

    @Test
    void a_schema_name_that_needs_quoting_is_refused() {
        assertThatThrownBy(() -> TestDatabase.builder("Bad-Schema", clock).buildBackend())
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("lower-case");
    }

    @Test
    void impossible_pool_settings_are_refused_before_connecting() {
        assertThatThrownBy(() -> TestDatabase.builder(schema, clock).maxPoolSize(0).buildBackend())
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("maxPoolSize");
        assertThatThrownBy(() -> TestDatabase.builder(schema, clock).maxPoolSize(2).minIdle(3).buildBackend())
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("minIdle");
        assertThatThrownBy(() -> TestDatabase.builder(schema, clock).statementTimeout(Duration.ofSeconds(-1))
                .buildBackend()).isInstanceOf(StoreConfigurationException.class);
        assertThatThrownBy(() -> PostgresStores.builder("jdbc:mysql://localhost/db"))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("jdbc:postgresql:");
    }

    @Test
    void an_unreachable_server_fails_the_open_as_unavailable() {
        assertThatThrownBy(() -> PostgresStores.builder("jdbc:postgresql://127.0.0.1:1/test?user=postgres")
                .clock(Clock.systemUTC()).connectionTimeout(Duration.ofSeconds(1)).buildBackend())
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("could not connect to PostgreSQL");
    }

    @Test
    void a_database_that_does_not_exist_is_a_configuration_error() {
        String url = TestDatabase.url().replaceFirst("/test", "/no_such_database_" + schema);
        assertThatThrownBy(() -> PostgresStores.builder(url).schema(schema).buildBackend())
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("check the database name");
    }

    @Test
    void a_malformed_url_is_a_configuration_error_that_says_what_to_fix() {
        assertThatThrownBy(() -> PostgresStores.builder("jdbc:postgresql://127.0.0.1:notaport/test"))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("port 'notaport'").hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> Stowage.open(StowageConfig.of(Map.of("stowage.backend", "postgres",
                "stowage.postgres.url", "jdbc:postgresql://127.0.0.1:notaport/test")), clock))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("notaport");
        assertThatThrownBy(() -> PostgresStores.builder("jdbc:postgresql://app:pw@127.0.0.1/test"))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("?user=");
        assertThatThrownBy(() -> PostgresStores.builder("jdbc:postgresql://127.0.0.1:99999/test"))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("99999");
    }

    @Test
    void a_parameter_value_the_driver_would_refuse_is_a_configuration_error_not_an_outage() {
        assertThatThrownBy(() -> PostgresStores.builder(withParameter("sslmode=bogus")).buildBackend())
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("sslmode=bogus").hasMessageContaining("verify-full")
                .hasMessageNotContaining("server is up");
        assertThatThrownBy(() -> PostgresStores.builder(withParameter("connectTimeout=soon")).buildBackend())
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("connectTimeout");
    }

    @Test
    void the_option_table_is_what_the_provider_accepts_and_what_the_readme_documents() throws Exception {
        assertThat(new PostgresBackendProvider().configKeys())
                .containsExactlyElementsOf(PostgresBackendProvider.OPTIONS.stream().map(BackendOption::key).toList());
        List<String> documented = Files.readAllLines(Path.of("README.md")).stream()
                .filter(line -> line.startsWith("| `stowage.postgres.")).toList();
        List<String> expected = PostgresBackendProvider.OPTIONS.stream().map(option -> option.documentationRow("postgres"))
                .toList();
        assertThat(documented).as("the key table of postgres/README.md; expected:%n%s", String.join("\n", expected))
                .containsExactlyElementsOf(expected);
    }

    private static String withParameter(String parameter) {
        String url = TestDatabase.url();
        return url + (url.contains("?") ? "&" : "?") + parameter;
    }
}
