package dev.stowage.inmemory;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.credit.Posting;
import dev.stowage.exception.StoreClosedException;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The README's examples, verbatim where possible, so the README cannot silently rot. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReadmeExamplesTest {

    @Test
    void the_quickstart_works_as_written() {
        Stores opened;
        try (Stores stores = InMemoryStores.create(Clock.systemUTC())) {
            opened = stores;
            Contact ada = stores.contacts().create(ContactDraft.builder("ada@example.com")
                    .firstName("Ada").lastName("Lovelace").tags("vip").build());            // version 1
            Contact moved = stores.contacts().update(ada.id(), ada.version(),
                    ada.toDraft().toBuilder().company("Analytical Engines").build());       // version 2
            stores.credits().post(Posting.purchase("user-42", 100));
            stores.credits().post(Posting.deduction("user-42", 30).withIdempotencyKey("request-1"));
            long balance = stores.credits().account("user-42").orElseThrow().balance();     // 70
            Stores acme = stores.forTenant(TenantId.of("acme"));   // sees none of the above

            assertThat(ada.version()).isEqualTo(1);
            assertThat(moved.version()).isEqualTo(2);
            assertThat(moved.company()).isEqualTo("Analytical Engines");
            assertThat(balance).isEqualTo(70);
            assertThat(acme.contacts().get(ada.id())).isEmpty();
            assertThat(acme.credits().account("user-42")).isEmpty();
        }
        assertThatThrownBy(opened::contacts).isInstanceOf(StoreClosedException.class);
    }

    @Test
    void the_configuration_example_finds_the_memory_backend_with_the_service_loader() {
        try (Stores stores = Stowage.open(Map.of(
                "stowage.backend", "memory",          // every store without its own setting
                "stowage.tokens.backend", "memory",   // per store: stowage.contacts/credits/tokens.backend
                "stowage.tenant", "acme"))) {         // tenant of stores.contacts() and friends
            assertThat(stores.tenant()).isEqualTo(TenantId.of("acme"));
            assertThat(stores.contactsBackend().name()).isEqualTo("memory");
            assertThat(stores.backends()).hasSize(1);
            Contact created = stores.contacts().create(ContactDraft.builder("grace@example.com").build());
            assertThat(stores.contacts().get(created.id())).contains(created);
        }
    }
}
