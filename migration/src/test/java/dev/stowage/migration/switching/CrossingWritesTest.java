package dev.stowage.migration.switching;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactStore;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.verify.Verification;
import dev.stowage.migration.verify.VerificationState;
import dev.stowage.spi.StoreBackend;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances write one contact at once: one updates it while the other deletes it, and the
 * delete (on both stores) lands between the update and its replication. The replication must not
 * bring the deleted contact back on the other store.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CrossingWritesTest {

    private static final TenantId TENANT = TenantId.of("crossing");

    @Test
    void an_update_whose_contact_another_instance_deleted_meanwhile_is_not_replicated_back() {
        StoreBackend oldStore = InMemoryStores.backend(Clock.systemUTC());
        StoreBackend realNew = InMemoryStores.backend(Clock.systemUTC());
        Contact contact = oldStore.contacts(TENANT).create(ContactDraft.builder("both@example.com").build());
        realNew.contacts(TENANT).importContacts(List.of(contact));
        StoreBackend newStore = Altered.beforeFirstContactImport(realNew, () -> {
            // The other instance's delete: the authoritative store, then its replication.
            oldStore.contacts(TENANT).delete(contact.id());
            realNew.contacts(TENANT).delete(contact.id());
        });
        try (SwitchingBackend backend = SwitchingBackend.builder(oldStore, newStore)
                .contacts(ProgrammaticStageSource.startingAt(Stage.DUAL_WRITE)).metrics(false).build()) {
            ContactStore contacts = backend.contacts(TENANT);

            contacts.update(contact.id(), contact.version(), contact.toDraft().toBuilder().lastName("Changed").build());

            assertThat(oldStore.contacts(TENANT).get(contact.id())).isEmpty();
            assertThat(realNew.contacts(TENANT).get(contact.id())).as("not brought back on the new store").isEmpty();
            assertThat(backend.repairQueue().size(StoreKind.CONTACTS)).isZero();
            assertThat(Verification.of(oldStore, realNew).stores(StoreKind.CONTACTS).run().state())
                    .isEqualTo(VerificationState.VALIDATED);
        }
    }
}
