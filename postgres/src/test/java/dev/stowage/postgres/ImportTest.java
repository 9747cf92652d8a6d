package dev.stowage.postgres;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactStore;
import dev.stowage.exception.ConflictException;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bulk imports beyond the contract: a batch may move source keys between its own contacts (the
 * reference's rule: a key held by a contact the batch replaces is free), a skipped contact keeps
 * its key, and a full batch of ten thousand contacts with quotes and backslashes in every kind of
 * column goes through the single unnest statement.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportTest {

    private final String schema = TestDatabase.uniqueSchema(ImportTest.class);
    private final MutableClock clock = MutableClock.standard();
    private final Instant past = Instant.parse("2025-06-01T12:00:00.123456Z");
    private StoreBackend postgres;

    @BeforeAll
    void open() {
        postgres = TestDatabase.builder(schema, clock).buildBackend();
    }

    @AfterAll
    void close() {
        postgres.close();
        TestDatabase.dropSchema(schema);
    }

    @Test
    void a_batch_may_swap_the_source_keys_of_two_stored_contacts() {
        // Compared with the expected outcome, not the reference: the in-memory store's index
        // loses a key when a batch swaps keys (reported to its owner).
        ContactStore store = postgres.contacts(TenantId.of("swap"));
        Contact first = store.create(sourced("first@example.com", "id-1"));
        Contact second = store.create(sourced("second@example.com", "id-2"));

        ImportResult result = store.importContacts(List.of(
                Contact.of(first.id(), sourced("first@example.com", "id-2"), past, past, 2),
                Contact.of(second.id(), sourced("second@example.com", "id-1"), past, past, 2)));

        assertThat(result).isEqualTo(new ImportResult(0, 2, 0));
        assertThat(store.findBySource("crm", "id-1")).map(Contact::id).contains(second.id());
        assertThat(store.findBySource("crm", "id-2")).map(Contact::id).contains(first.id());
    }

    @Test
    void a_skipped_contact_keeps_its_source_key_against_the_batch() {
        assertSameOnBothBackends(store -> {
            Contact newer = store.create(sourced("newer@example.com", "id-1"));
            Contact stale = Contact.of(newer.id(), sourced("newer@example.com", "id-9"), past, past, 1);
            Contact thief = Contact.of(UUID.randomUUID(), sourced("thief@example.com", "id-1"), past, past, 1);
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                    () -> store.importContacts(List.of(stale, thief)));
            return List.of(failure == null ? "no failure" : failure.getClass().getSimpleName(),
                    store.findBySource("crm", "id-1").orElseThrow().email());
        });
    }

    @Test
    void ten_thousand_contacts_import_in_one_call_and_a_second_call_skips_them_all() {
        ContactStore store = postgres.contacts(TenantId.of("bulk"));
        List<Contact> batch = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ContactDraft draft = ContactDraft.builder("bulk-" + i + "@example.com").lastName("Name \"" + i + "\\")
                    .tags("t" + (i % 7), "quote\"d", "back\\slash").customFields(Map.of("n", i, "s", "x\"y"))
                    .source("crm", "bulk-" + i).build();
            batch.add(Contact.of(UUID.randomUUID(), draft, past.plusSeconds(i), past.plusSeconds(i), 1 + i % 3));
        }
        assertThat(store.importContacts(batch)).isEqualTo(new ImportResult(10_000, 0, 0));
        assertThat(store.importContacts(batch)).isEqualTo(new ImportResult(0, 0, 10_000));
        assertThat(store.get(batch.get(4_321).id())).contains(batch.get(4_321));
        assertThat(store.scan(null, 10_000)).hasSize(10_000).containsAll(batch);
        assertThatThrownBy(() -> store.importContacts(List.of(Contact.of(UUID.randomUUID(),
                sourced("clash@example.com", "bulk-7"), past, past, 1))))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void a_new_batch_whose_source_another_contact_holds_writes_nothing_and_names_the_conflict() {
        ContactStore store = postgres.contacts(TenantId.of("fresh-clash"));
        Contact holder = store.create(sourced("holder@example.com", "held"));
        List<Contact> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(Contact.of(UUID.randomUUID(), sourced("fresh-" + i + "@example.com", i == 57 ? "held" : "fresh-" + i),
                    past, past, 1));
        }
        assertThatThrownBy(() -> store.importContacts(batch)).isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(((ConflictException) e).reason()).isEqualTo(ConflictException.Reason.DUPLICATE_KEY));
        assertThat(store.scan(null, 1_000)).as("nothing of the batch was written").containsExactly(holder);

        batch.set(57, Contact.of(batch.get(57).id(), sourced("fresh-57@example.com", "fresh-57"), past, past, 1));
        assertThat(store.importContacts(batch)).isEqualTo(new ImportResult(100, 0, 0));
        List<Contact> newer = batch.stream().map(contact -> Contact.of(contact.id(), contact.toDraft(), past, past, 2)).toList();
        assertThat(store.importContacts(newer)).as("stored ids take the guarded path").isEqualTo(new ImportResult(0, 100, 0));
        assertThat(store.get(newer.get(57).id())).contains(newer.get(57));
    }

    private static ContactDraft sourced(String email, String sourceId) {
        return ContactDraft.builder(email).source("crm", sourceId).build();
    }

    private void assertSameOnBothBackends(Function<ContactStore, List<Object>> scenario) {
        TenantId tenant = TenantId.of("t-" + UUID.randomUUID().toString().substring(0, 8));
        List<Object> onPostgres = scenario.apply(postgres.contacts(tenant));
        try (var reference = InMemoryStores.create(clock)) {
            assertThat(onPostgres).isEqualTo(scenario.apply(reference.contacts()));
        }
    }
}
