package dev.stowage.readme;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.credit.Posting;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.postgres.PostgresStores;
import dev.stowage.redis.RedisStores;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java snippets of the root README, as written (see {@link EveryReadmeSnippetIsRunTest}). */
class RootReadmeTest {

    @Test
    void the_quickstart_works_as_written() {
        // README README.md
        try (Stores stores = InMemoryStores.create(Clock.systemUTC())) {
            Contact ada = stores.contacts().create(ContactDraft.builder("ada@example.com")
                    .firstName("Ada").lastName("Lovelace").tags("vip").build());            // version 1
            Contact moved = stores.contacts().update(ada.id(), ada.version(),
                    ada.toDraft().toBuilder().company("Analytical Engines").build());       // version 2
            stores.credits().post(Posting.purchase("user-42", 100));
            stores.credits().post(Posting.deduction("user-42", 30).withIdempotencyKey("request-1"));
            long balance = stores.credits().account("user-42").orElseThrow().balance();     // 70
            Stores acme = stores.forTenant(TenantId.of("acme"));   // sees none of the above
            checkQuickstart(stores, ada, moved, balance, acme); // not in the README
        }
        // END README
    }

    private static void checkQuickstart(Stores stores, Contact ada, Contact moved, long balance, Stores acme) {
        assertThat(ada.version()).isEqualTo(1);
        assertThat(moved.version()).isEqualTo(2);
        assertThat(moved.company()).isEqualTo("Analytical Engines");
        assertThat(balance).isEqualTo(70);
        assertThat(acme.contacts().get(ada.id())).isEmpty();
        assertThat(acme.credits().account("user-42")).isEmpty();
        assertThat(stores.contacts().get(ada.id())).contains(moved);
    }

    @Test
    void only_the_line_that_opens_the_stores_changes_for_postgresql_and_redis() {
        String jdbcUrl = ReadmeServers.jdbcUrl();
        String redisUri = ReadmeServers.redisUri();
        String secret = ReadmeServers.APP_PASSWORD;
        // README README.md
        Stores inPostgres = PostgresStores.builder(jdbcUrl)
                .user("app").password(secret).build();
        Stores inRedis = RedisStores.builder(redisUri).build();
        // END README
        try (inPostgres; inRedis) {
            for (Stores stores : new Stores[]{inPostgres, inRedis}) {
                stores.credits().post(Posting.purchase("user-42", 100));
                assertThat(stores.credits().account("user-42").orElseThrow().balance()).isEqualTo(100);
            }
            assertThat(inPostgres.contactsBackend().name()).isEqualTo("postgres");
            assertThat(inRedis.contactsBackend().name()).isEqualTo("redis");
        }
    }

    @Test
    void the_configuration_example_finds_the_memory_backend_with_the_service_loader() {
        // README README.md
        Stores stores = Stowage.open(Map.of(
                "stowage.backend", "memory",          // every store without its own setting
                "stowage.tokens.backend", "memory",   // per store: stowage.contacts/credits/tokens.backend
                "stowage.tenant", "acme"));           // tenant of stores.contacts() and friends
        // END README
        try (stores) {
            assertThat(stores.tenant()).isEqualTo(TenantId.of("acme"));
            assertThat(stores.contactsBackend().name()).isEqualTo("memory");
            assertThat(stores.backends()).hasSize(1);
            Contact created = stores.contacts().create(ContactDraft.builder("grace@example.com").build());
            assertThat(stores.contacts().get(created.id())).contains(created);
        }
    }
}
