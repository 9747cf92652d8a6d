package dev.stowage.redis;

import dev.stowage.ImportResult;
import dev.stowage.Page;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactSort;
import dev.stowage.contact.ContactStatus;
import dev.stowage.contact.ContactStore;
import dev.stowage.contact.SortDirection;
import dev.stowage.exception.ConflictException;
import dev.stowage.testkit.Fixtures;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Redis contact indexes beyond the contracts: the word index names no token in clear,
 * {@link RedisSearchIndex#build} completes a keyspace written before the word index existed
 * (searches stay correct before and after, concurrent writers are fine), and imports written in
 * chunks keep the whole batch's rules: a source handed over across chunks, a clash found in a
 * late chunk writing nothing. The class's keyspace audit checks every index entry afterwards.
 */
abstract class ContactIndexTest extends RedisTestBase {

    private static final List<String> WORDS = List.of("amber", "basalt", "cobalt", "dune", "ember");

    @Test
    void no_key_name_carries_a_search_word() {
        TenantId tenant = TenantId.of("index-words");
        ContactStore contacts = backend.contacts(tenant);
        contacts.create(ContactDraft.builder("x@example.com").firstName("Zanzibarian").notes("quixotically private")
                .build());
        assertThat(raw.keys("{" + prefix + ":" + tenant.value() + "}*"))
                .noneMatch(key -> key.contains("zanzibarian") || key.contains("quixotically") || key.contains("private"))
                .anyMatch(key -> key.contains(":c-word:"));
        assertThat(contacts.search(ContactQuery.builder().text("QUIXOTICALLY Zanzibarian").build()).items()).hasSize(1);
    }

    @Test
    void building_the_word_index_of_an_old_keyspace_keeps_searches_correct_and_is_idempotent() {
        TenantId tenant = TenantId.of("index-old");
        ContactStore contacts = backend.contacts(tenant);
        List<Contact> written = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            written.add(contacts.create(ContactDraft.builder("user" + i + "@example.com")
                    .notes(WORDS.get(i % 5) + " " + WORDS.get(i % 3)).tags("t" + i % 2).build()));
        }
        // Rewrite the keyspace into the layout before the word index: no word sets, no marker.
        String base = "{" + prefix + ":" + tenant.value() + "}";
        List<String> wordKeys = new ArrayList<>(raw.keys(base + ":c-word:*"));
        wordKeys.add(base + ":c-words");
        raw.commands().del(wordKeys.toArray(String[]::new));
        List<String> expectedAmber = idsWith(written, "amber");

        assertThat(ids(contacts, ContactQuery.builder().text("amber").limit(100).build()))
                .as("answered by a walk before the build").containsExactlyInAnyOrderElementsOf(expectedAmber);
        assertThat(ids(contacts, ContactQuery.builder().text("amber").anyTags("t0").limit(100).build()))
                .containsExactlyInAnyOrderElementsOf(written.stream().filter(c -> c.notes().contains("amber"))
                        .filter(c -> c.tags().contains("t0")).map(c -> c.id().toString()).toList());
        // A writer of the new version changes a contact before the build: it writes only the words that change.
        Contact first = written.get(0);
        Contact changed = contacts.update(first.id(), first.version(),
                first.toDraft().toBuilder().notes(first.notes() + " dune").build());

        assertThat(RedisSearchIndex.build(backend, 7)).isEqualTo(30);

        assertThat(raw.commands().exists(base + ":c-words")).isEqualTo(1);
        assertThat(ids(contacts, ContactQuery.builder().text("amber").limit(100).build()))
                .containsExactlyInAnyOrderElementsOf(expectedAmber);
        assertThat(ids(contacts, ContactQuery.builder().text("dune amber").limit(100).build()))
                .contains(changed.id().toString());
        assertThat(RedisSearchIndex.build(backend, 7)).as("a second run").isZero();
    }

    @Test
    void an_import_larger_than_a_chunk_hands_a_source_over_across_the_batch() {
        ContactStore contacts = backend.contacts(TenantId.of("index-import"));
        Contact first = contacts.create(ContactDraft.builder("a@example.com").source("crm", "one").build());
        Contact last = contacts.create(ContactDraft.builder("b@example.com").source("crm", "two").build());
        List<Contact> batch = new ArrayList<>();
        batch.add(Fixtures.imported(first.id(), first.toDraft().toBuilder().source("crm", "two").build(),
                first.createdAt(), first.updatedAt(), first.version() + 1));
        for (int i = 0; i < 2 * RedisContactStore.IMPORT_CHUNK + 50; i++) {
            batch.add(imported(i));
        }
        batch.add(Fixtures.imported(last.id(), last.toDraft().toBuilder().source("crm", "one").build(),
                last.createdAt(), last.updatedAt(), last.version() + 1));

        assertThat(contacts.importContacts(batch)).isEqualTo(new ImportResult(batch.size() - 2, 2, 0));

        assertThat(contacts.findBySource("crm", "two")).map(Contact::id).contains(first.id());
        assertThat(contacts.findBySource("crm", "one")).map(Contact::id).contains(last.id());
        assertThat(contacts.count(ContactQuery.builder().text("imported").build())).isEqualTo(batch.size() - 2);
    }

    @Test
    void a_source_clash_in_the_last_chunk_of_an_import_writes_nothing() {
        ContactStore contacts = backend.contacts(TenantId.of("index-clash"));
        Contact owner = contacts.create(ContactDraft.builder("owner@example.com").source("crm", "taken").build());
        List<Contact> batch = new ArrayList<>();
        for (int i = 0; i < 2 * RedisContactStore.IMPORT_CHUNK + 50; i++) {
            batch.add(imported(i));
        }
        batch.add(Fixtures.imported(UUID.randomUUID(), ContactDraft.builder("clash@example.com").source("crm", "taken")
                .build(), owner.createdAt(), owner.updatedAt(), 1));

        assertThatThrownBy(() -> contacts.importContacts(batch)).isInstanceOf(ConflictException.class);

        assertThat(contacts.scan(null, 10_000)).containsExactly(owner);
    }

    @Test
    void a_search_whose_sets_are_too_large_to_read_whole_pages_through_every_match_in_order() {
        ContactStore contacts = backend.contacts(TenantId.of("index-large"));
        List<Contact> batch = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            Instant at = clock.instant().plusMillis(i % 37);
            batch.add(Fixtures.imported(UUID.randomUUID(), ContactDraft.builder("many" + i + "@example.com")
                    .lastName("Name" + i % 53).notes(i % 3 == 0 ? "common rare" + i : "common")
                    .tags(i % 2 == 0 ? List.of("many") : List.of("other")).status(ContactStatus.values()[i % 3])
                    .build(), at, at, 1));
        }
        contacts.importContacts(batch);
        for (ContactQuery query : List.of(
                ContactQuery.builder().text("common").allTags("many").sort(ContactSort.LAST_NAME, SortDirection.ASC)
                        .limit(70).build(),
                ContactQuery.builder().anyTags("many", "other").statuses(ContactStatus.values()[1])
                        .sort(ContactSort.UPDATED_AT, SortDirection.DESC).limit(90).build(),
                ContactQuery.builder().text("common").limit(500).build())) {
            List<String> expected = batch.stream().filter(query::matches).sorted(query.order())
                    .map(c -> c.id().toString()).toList();
            List<String> paged = new ArrayList<>();
            ContactQuery page = query;
            while (true) {
                Page<Contact> result = contacts.search(page);
                result.items().forEach(c -> paged.add(c.id().toString()));
                if (result.nextCursor().isEmpty()) {
                    break;
                }
                page = query.after(result.nextCursor().get());
            }
            assertThat(expected).hasSizeGreaterThan(400);
            assertThat(paged).as(query.toString()).containsExactlyElementsOf(expected);
            assertThat(contacts.count(query)).isEqualTo(expected.size());
        }
    }

    private Contact imported(int i) {
        Instant at = clock.instant();
        return Fixtures.imported(UUID.randomUUID(), ContactDraft.builder("imp" + i + "@example.com")
                .notes("imported " + WORDS.get(i % 5)).build(), at, at, 1);
    }

    private static List<String> idsWith(List<Contact> contacts, String word) {
        return contacts.stream().filter(c -> c.notes().contains(word)).map(c -> c.id().toString()).toList();
    }

    private static List<String> ids(ContactStore contacts, ContactQuery query) {
        return contacts.search(query).items().stream().map(c -> c.id().toString()).toList();
    }
}
