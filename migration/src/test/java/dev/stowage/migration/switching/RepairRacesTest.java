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
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writes whose replication fails at an awkward moment. One slips in between the gate's look at
 * the repair queue and the pause of a flip: its key is owed to the store that was authoritative,
 * so the flip repairs it in that direction while every write is paused (or is refused), and the
 * application never works on the store that missed the write. Another fails while the reconciler
 * repairs the same key: the key's removal from the queue does not drop it.
 */
class RepairRacesTest {

    private static final TenantId TENANT = TenantId.of("flip");

    private final StoreBackend oldStore = InMemoryStores.backend(Clock.systemUTC());
    private final StoreBackend newStore = InMemoryStores.backend(Clock.systemUTC());
    private final AtomicBoolean newUnreachable = new AtomicBoolean();
    private final AtomicReference<Runnable> beforeNextImport = new AtomicReference<>();
    private final SlippedWrite source = new SlippedWrite(ProgrammaticStageSource.startingAt(Stage.OFF));
    private SwitchingBackend backend;
    private StageController contacts;
    private Stores stores;

    @BeforeEach
    void toShadow() {
        StoreBackend altered = Altered.beforeContactImports(
                Altered.contactImportsFailingWhile(newStore, newUnreachable::get), () -> beforeNextImport.getAndSet(null));
        backend = SwitchingBackend.builder(oldStore, altered).contacts(source).metrics(false).build();
        contacts = backend.controller(StoreKind.CONTACTS);
        stores = Stores.of(backend).forTenant(TENANT);
        stores.contacts().create(ContactDraft.builder("before@example.com").build());
        contacts.advance();
        contacts.backfill();
        assertThat(contacts.verify().state(StoreKind.CONTACTS)).isEqualTo(VerificationState.VALIDATED);
        assertThat(contacts.advance()).isEqualTo(Stage.SHADOW);
        assertThat(contacts.verify().state(StoreKind.CONTACTS)).isEqualTo(VerificationState.VALIDATED);
    }

    @AfterEach
    void close() {
        backend.close();
    }

    /** Creates a contact through the switching backend while the new store refuses its replication. */
    private Contact createWhileNewIsUnreachable(String email) {
        newUnreachable.set(true);
        try {
            return stores.contacts().create(ContactDraft.builder(email).build());
        } finally {
            newUnreachable.set(false);
        }
    }

    @Test
    void a_key_queued_after_the_gate_is_repaired_towards_the_new_authority_before_it_takes_over() {
        AtomicReference<Contact> slipped = new AtomicReference<>();
        source.beforeNextChange(() -> slipped.set(createWhileNewIsUnreachable("slipped@example.com")));

        assertThat(contacts.advance()).isEqualTo(Stage.LIVE);

        Contact contact = slipped.get();
        assertThat(contact).as("the write slipped in after the gate").isNotNull();
        assertThat(backend.repairQueue().size(StoreKind.CONTACTS)).as("repaired during the flip's pause").isZero();
        assertThat(newStore.contacts(TENANT).get(contact.id())).as("on the store that is authoritative now")
                .contains(contact);
        Contact updated = stores.contacts().update(contact.id(), contact.version(),
                contact.toDraft().toBuilder().lastName("After").build());
        assertThat(updated.version()).isEqualTo(contact.version() + 1);
        backend.reconciler().drain(StoreKind.CONTACTS);
        assertThat(oldStore.contacts(TENANT).get(contact.id())).as("the old store follows").contains(updated);
    }

    @Test
    void a_flip_whose_queued_keys_cannot_be_repaired_while_paused_is_refused_and_keeps_the_stage() {
        AtomicReference<Contact> slipped = new AtomicReference<>();
        source.beforeNextChange(() -> {
            slipped.set(createWhileNewIsUnreachable("slipped@example.com"));
            newUnreachable.set(true);
        });

        assertThatThrownBy(contacts::advance).isInstanceOf(StageChangeRefusedException.class)
                .hasMessageContaining("1 keys queued for repair could not be copied")
                .hasMessageContaining("The stage stays SHADOW");
        assertThat(backend.stage(StoreKind.CONTACTS)).isEqualTo(Stage.SHADOW);
        assertThat(backend.repairQueue().size(StoreKind.CONTACTS)).as("the key stays queued").isEqualTo(1);

        newUnreachable.set(false);
        Contact contact = slipped.get();
        Contact updated = stores.contacts().update(contact.id(), contact.version(),
                contact.toDraft().toBuilder().lastName("Still old").build());
        assertThat(updated.version()).as("writes resumed on the old store").isEqualTo(contact.version() + 1);
        assertThat(contacts.verify().state(StoreKind.CONTACTS)).isEqualTo(VerificationState.VALIDATED);
        assertThat(contacts.advance()).isEqualTo(Stage.LIVE);
        assertThat(newStore.contacts(TENANT).get(contact.id())).contains(updated);
    }

    @Test
    void a_write_whose_replication_fails_while_the_reconciler_repairs_its_key_stays_owed() {
        Contact contact = stores.contacts().findByEmail("before@example.com").get(0);
        backend.repairQueue().add(RepairKey.of(StoreKind.CONTACTS, TENANT, RepairKey.Kind.CONTACT, contact.id().toString()));
        AtomicReference<Contact> written = new AtomicReference<>();
        beforeNextImport.set(() -> {
            newUnreachable.set(true);
            try {
                written.set(stores.contacts().update(contact.id(), contact.version(),
                        contact.toDraft().toBuilder().lastName("During the repair").build()));
            } finally {
                newUnreachable.set(false);
            }
        });

        assertThat(backend.reconciler().drain(StoreKind.CONTACTS).repaired()).isEqualTo(1);

        assertThat(written.get()).as("the write ran while the repair copied the key").isNotNull();
        assertThat(newStore.contacts(TENANT).get(contact.id())).as("the write whose replication failed reached the new"
                + " store, or its key would still be queued").contains(written.get());
        assertThat(backend.repairQueue().size(StoreKind.CONTACTS)).isZero();
    }

    /**
     * A programmatic source that runs one write just before its next change: between the
     * controller's gates and the pause, as another instance's write would.
     */
    private static final class SlippedWrite implements MutableStageSource {

        private final ProgrammaticStageSource real;
        private Runnable beforeNextChange;

        SlippedWrite(ProgrammaticStageSource real) {
            this.real = real;
        }

        void beforeNextChange(Runnable write) {
            this.beforeNextChange = write;
        }

        @Override
        public Stage stage() {
            return real.stage();
        }

        @Override
        public WritePermit beginWrite() {
            return real.beginWrite();
        }

        @Override
        public void set(Stage next, Runnable whilePaused) {
            Runnable write = beforeNextChange;
            beforeNextChange = null;
            if (write != null) {
                write.run();
            }
            real.set(next, whilePaused);
        }

        @Override
        public Duration longestPause() {
            return real.longestPause();
        }
    }
}
