package dev.stowage.readme;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.credit.Posting;
import dev.stowage.postgres.PostgresStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The named-instances snippet of the root README's "By configuration": two PostgreSQL instances
 * of one database, in the schemas {@code main} and {@code ledger} (this class's own, dropped
 * after each test), and each store's data in the instance it was given to.
 */
class NamedBackendInstancesReadmeTest {

    private final String jdbcUrl = ReadmeServers.jdbcUrl();
    private final String secret = ReadmeServers.APP_PASSWORD;

    @AfterEach
    void dropTheSchemas() throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "app", secret);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS main CASCADE");
            statement.execute("DROP SCHEMA IF EXISTS ledger CASCADE");
        }
    }

    @Test
    void two_postgresql_instances_each_hold_the_stores_given_to_them() {
        // README README.md
        Stores stores = Stowage.open(Map.ofEntries(
                entry("stowage.backend", "postgres"),                 // the instance named after its type
                entry("stowage.postgres.url", jdbcUrl),
                entry("stowage.postgres.user", "app"),
                entry("stowage.postgres.password", secret),
                entry("stowage.postgres.schema", "main"),
                entry("stowage.backends.ledger.type", "postgres"),    // a second one, named "ledger"
                entry("stowage.backends.ledger.url", jdbcUrl),
                entry("stowage.backends.ledger.user", "app"),
                entry("stowage.backends.ledger.password", secret),
                entry("stowage.backends.ledger.schema", "ledger"),
                entry("stowage.credits.backend", "ledger")));         // credits in "ledger", the rest in "postgres"
        // END README
        Contact ada;
        try (stores) {
            assertThat(stores.backends()).hasSize(2);
            assertThat(stores.tokensBackend()).isSameAs(stores.contactsBackend());
            ada = stores.contacts().create(ContactDraft.builder("ada@example.com").build());
            stores.credits().post(Posting.purchase("user-42", 100));
        }
        try (Stores main = schema("main"); Stores ledger = schema("ledger")) {
            assertThat(main.contacts().get(ada.id())).contains(ada);
            assertThat(main.credits().account("user-42")).isEmpty();
            assertThat(ledger.credits().account("user-42").orElseThrow().balance()).isEqualTo(100);
            assertThat(ledger.contacts().get(ada.id())).isEmpty();
        }
    }

    private Stores schema(String schema) {
        return PostgresStores.builder(jdbcUrl).user("app").password(secret).schema(schema).build();
    }
}
