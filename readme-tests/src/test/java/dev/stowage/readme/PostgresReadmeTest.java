package dev.stowage.readme;

import dev.stowage.Stores;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.postgres.MigrationMode;
import dev.stowage.postgres.PostgresStores;
import dev.stowage.spi.StoreBackend;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java snippets of postgres/README.md, as written, on a private server that checks passwords. */
class PostgresReadmeTest {

    private final String jdbcUrl = ReadmeServers.jdbcUrl();
    private final String secret = ReadmeServers.APP_PASSWORD;

    @Test
    void the_builder_with_a_jdbc_url_opens_migrates_and_writes() {
        // README postgres/README.md
        try (Stores stores = PostgresStores.builder(jdbcUrl)
                .user("app").password(secret)
                .schema("stowage")                       // default "stowage"
                .migration(MigrationMode.MIGRATE)        // default: apply pending migrations on open
                .statementTimeout(Duration.ofSeconds(5)) // default 30 s
                .maxPoolSize(10)
                .build()) {
            Contact ada = stores.contacts().create(ContactDraft.builder("ada@example.com").build());
            assertThat(stores.contacts().get(ada.id())).contains(ada); // not in the README
        }
        // END README
        try (Stores again = PostgresStores.builder(jdbcUrl).user("app").password(secret)
                .migration(MigrationMode.VALIDATE).build()) {
            assertThat(again.contacts().findByEmail("ada@example.com")).isNotEmpty();
        }
    }

    @Test
    void the_builder_with_a_callers_data_source_leaves_it_open() throws Exception {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        dataSource.setUser("app");
        dataSource.setPassword(secret);
        // README postgres/README.md
        StoreBackend backend = PostgresStores.builder(dataSource).schema("crm").buildBackend();
        Stores stores = Stores.of(backend);
        // END README
        try (stores) {
            assertThat(stores.credits().account("nobody")).isEmpty();
        }
        try (var connection = dataSource.getConnection()) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }
}
