package dev.stowage.migration.switching;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.verify.VerificationState;
import dev.stowage.spi.StoreBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stage controller's gates: one stage at a time, each refusal saying why, steps back, retiring. */
class StageGatesTest {

    private final StoreBackend oldStore = InMemoryStores.backend(Clock.systemUTC());
    private final StoreBackend newStore = InMemoryStores.backend(Clock.systemUTC());
    private SwitchingBackend backend;
    private StageController contacts;
    private Stores stores;

    @BeforeEach
    void open() {
        backend = SwitchingBackend.builder(oldStore, newStore)
                .contacts(ProgrammaticStageSource.startingAt(Stage.OFF)).metrics(false).build();
        contacts = backend.controller(StoreKind.CONTACTS);
        stores = Stores.of(backend).forTenant(TenantId.of("gates"));
    }

    @AfterEach
    void close() {
        backend.close();
    }

    @Test
    void advancing_needs_a_validated_verification_since_the_stage_began() {
        stores.contacts().create(ContactDraft.builder("before@example.com").build());
        assertThat(contacts.advance()).isEqualTo(Stage.DUAL_WRITE);
        assertThatThrownBy(contacts::advance).isInstanceOf(StageChangeRefusedException.class)
                .hasMessageContaining("no verification since DUAL_WRITE began").hasMessageContaining("stays DUAL_WRITE");
        assertThat(contacts.verify().state(StoreKind.CONTACTS)).isEqualTo(VerificationState.MISMATCHED);
        assertThatThrownBy(contacts::advance).isInstanceOf(StageChangeRefusedException.class)
                .hasMessageContaining("the repair queue holds 1 keys, among them the differences of the last verification,"
                        + " which is MISMATCHED");
        assertThat(backend.repairQueue().size(StoreKind.CONTACTS)).isEqualTo(1);
        contacts.backfill();
        assertThat(contacts.verify().state(StoreKind.CONTACTS)).isEqualTo(VerificationState.VALIDATED);
        assertThat(contacts.advance()).isEqualTo(Stage.SHADOW);
        assertThat(backend.stage(StoreKind.CONTACTS)).isEqualTo(Stage.SHADOW);
        assertThat(backend.stage(StoreKind.CREDITS)).as("a store without a source stays OFF").isEqualTo(Stage.OFF);
    }

    @Test
    void a_difference_a_verification_finds_is_queued_for_repair_so_the_next_one_validates() {
        contacts.advance();
        contacts.verify();
        Instant written = Instant.parse("2026-01-01T00:00:00Z");
        Contact stray = Contact.of(UUID.randomUUID(), ContactDraft.builder("stray@example.com").build(), written, written, 1);
        newStore.contacts(TenantId.of("gates")).importContacts(List.of(stray));

        assertThat(contacts.verify().state(StoreKind.CONTACTS)).isEqualTo(VerificationState.MISMATCHED);
        assertThat(backend.repairQueue().size(StoreKind.CONTACTS)).isEqualTo(1);
        assertThat(contacts.verify().state(StoreKind.CONTACTS)).isEqualTo(VerificationState.VALIDATED);
        assertThat(newStore.contacts(TenantId.of("gates")).get(stray.id())).as("gone as on the authoritative store").isEmpty();
        assertThat(contacts.advance()).isEqualTo(Stage.SHADOW);
    }

    @Test
    void advancing_is_refused_while_the_repair_queue_holds_keys_of_the_store() {
        contacts.advance();
        contacts.verify();
        backend.repairQueue().add(RepairKey.of(StoreKind.CONTACTS, TenantId.of("gates"), RepairKey.Kind.CONTACT,
                UUID.randomUUID().toString()));
        assertThatThrownBy(contacts::advance).isInstanceOf(StageChangeRefusedException.class)
                .hasMessageContaining("the repair queue holds 1 keys");
        assertThat(backend.reconciler().drain(StoreKind.CONTACTS).repaired()).isEqualTo(1);
        contacts.verify();
        assertThat(contacts.advance()).isEqualTo(Stage.SHADOW);
    }

    @Test
    void every_step_back_is_allowed_before_complete_and_none_after() {
        assertThatThrownBy(contacts::back).hasMessageContaining("OFF: there is no stage before it");
        for (Stage expected : new Stage[] {Stage.DUAL_WRITE, Stage.SHADOW, Stage.LIVE, Stage.RAMP_DOWN, Stage.COMPLETE}) {
            if (expected != Stage.DUAL_WRITE) {
                contacts.verify();
            }
            assertThat(contacts.advance()).isEqualTo(expected);
            if (expected != Stage.COMPLETE) {
                Stage back = Stage.values()[expected.ordinal() - 1];
                assertThat(contacts.back()).isEqualTo(back);
                if (back != Stage.OFF) {
                    contacts.verify();
                }
                assertThat(contacts.advance()).isEqualTo(expected);
            }
        }
        assertThatThrownBy(contacts::back).hasMessageContaining("COMPLETE");
        assertThatThrownBy(contacts::advance).hasMessageContaining("retire()");
    }

    @Test
    void retiring_needs_complete_and_a_fresh_validated_verification() {
        assertThatThrownBy(contacts::retire).hasMessageContaining("retire only after COMPLETE");
        contacts.advance();
        for (int i = 0; i < 4; i++) {
            contacts.verify();
            contacts.advance();
        }
        assertThatThrownBy(contacts::retire).hasMessageContaining("no verification since COMPLETE began");
        stores.contacts().create(ContactDraft.builder("only-new@example.com").build());
        contacts.verify();
        assertThatThrownBy(contacts::retire).hasMessageContaining("MISMATCHED");
        assertThat(contacts.retired()).isFalse();
        contacts.backfill();
        assertThat(backend.controller(StoreKind.CONTACTS)).isSameAs(contacts);
        new ReverseCopy(backend).run();
        contacts.verify();
        contacts.retire();
        assertThat(contacts.retired()).isTrue();
    }

    /** At COMPLETE the old store no longer receives writes; copying new to old makes them equal again for the test. */
    private record ReverseCopy(SwitchingBackend backend) {
        void run() {
            dev.stowage.migration.Migration.from(backend.newBackend()).to(backend.oldBackend())
                    .stores(StoreKind.CONTACTS).metrics(false).run();
        }
    }
}
