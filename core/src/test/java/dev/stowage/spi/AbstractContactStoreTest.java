package dev.stowage.spi;

import dev.stowage.ImportResult;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactStore;
import dev.stowage.exception.ConflictException;
import dev.stowage.exception.ValidationException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A backend author's store gets the argument checks and shared rules of
 * {@link AbstractContactStore} for free: a bad argument never reaches a hook, and the rules
 * around the hooks (order, dedupe, revision, import decisions) hold whatever the hooks return.
 * The full behaviour is the testkit's contact contract, which every backend runs.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AbstractContactStoreTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** Hooks that record their calls and hold a fixed list of contacts. */
    static final class RecordingStore extends AbstractContactStore {
        final List<String> calls = new ArrayList<>();
        final List<Contact> held = new ArrayList<>();
        Object lastArgument;

        RecordingStore(Clock clock) {
            super(clock);
        }

        private <T> T called(String hook, Object argument, T result) {
            calls.add(hook);
            lastArgument = argument;
            return result;
        }

        @Override
        protected void insert(Contact contact) {
            called("insert", contact, null);
        }

        @Override
        protected Optional<Contact> read(UUID id) {
            return called("read", id, Optional.empty());
        }

        @Override
        protected Collection<Contact> readAll(Set<UUID> ids) {
            return called("readAll", ids, held.stream().filter(contact -> ids.contains(contact.id())).toList());
        }

        @Override
        protected Optional<Contact> readBySource(String source, String sourceId) {
            return called("readBySource", source, Optional.empty());
        }

        @Override
        protected Collection<Contact> readByEmail(String normalizedEmail) {
            return called("readByEmail", normalizedEmail, held);
        }

        @Override
        protected Contact applyUpdate(Update update) {
            return called("applyUpdate", update, revision(update, held.isEmpty() ? null : held.get(0)));
        }

        @Override
        protected Contact upsert(ContactDraft draft) {
            return called("upsert", draft, upserted(held.isEmpty() ? null : held.get(0), draft));
        }

        @Override
        protected boolean remove(UUID id, Long expectedVersion) {
            return called("remove", expectedVersion, false);
        }

        @Override
        protected List<Contact> searchMatches(ContactQuery query) {
            return called("searchMatches", query, held);
        }

        @Override
        protected long countMatches(ContactQuery query) {
            return called("countMatches", query, 0L);
        }

        @Override
        protected List<Contact> scanAfter(UUID afterId, int limit) {
            return called("scanAfter", afterId, List.of());
        }

        @Override
        protected ImportResult importBatch(List<Contact> batch) {
            return called("importBatch", batch, ImportResult.EMPTY);
        }
    }

    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final RecordingStore store = new RecordingStore(clock);

    private static Contact contact(int n, Instant createdAt, long version) {
        return Contact.of(new UUID(0, n), ContactDraft.builder("c" + n + "@example.com").build(), createdAt,
                createdAt, version);
    }

    private void rejects(ThrowingCallable call, String field) {
        assertThatThrownBy(call).as(field)
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void no_bad_argument_reaches_a_hook() {
        ContactDraft unsourced = ContactDraft.builder("a@example.com").build();
        rejects(() -> store.create(null), "draft");
        rejects(() -> store.get(null), "id");
        rejects(() -> store.getAll(null), "ids");
        rejects(() -> store.getAll(Arrays.asList(UUID.randomUUID(), null)), "ids[1]");
        rejects(() -> store.getAll(IntStream.range(0, 1_001).mapToObj(i -> new UUID(0, i)).toList()), "ids");
        rejects(() -> store.findBySource("a b", "1"), "source");
        rejects(() -> store.findBySource("crm", null), "sourceId");
        rejects(() -> store.findByEmail(" "), "email");
        rejects(() -> store.update(null, 1, unsourced), "id");
        rejects(() -> store.update(UUID.randomUUID(), 1, null), "changes");
        rejects(() -> store.update((Contact) null), "edited");
        rejects(() -> store.upsertBySource(null), "draft");
        rejects(() -> store.upsertBySource(unsourced), "source");
        rejects(() -> store.delete(null), "id");
        rejects(() -> store.delete(null, 1), "id");
        rejects(() -> store.search(null), "query");
        rejects(() -> store.count(null), "query");
        rejects(() -> store.scan(null, 0), "limit");
        rejects(() -> store.scan(null, 10_001), "limit");
        rejects(() -> store.importContacts(null), "contacts");
        rejects(() -> store.importContacts(Collections.singletonList(null)), "contacts[0]");
        rejects(() -> store.importContacts(List.of(contact(1, T0, 1), contact(1, T0, 2))), "contacts[1].id");
        rejects(() -> store.importContacts(List.of(contact(1, T0, Contact.MAX_IMPORTED_VERSION + 1))),
                "contacts[0].version");
        rejects(() -> new RecordingStore(null), "clock");

        assertThat(store.calls).isEmpty();
    }

    @Test
    void create_hands_the_hook_a_new_contact_at_version_one_stamped_by_the_clock() {
        Contact created = store.create(ContactDraft.builder("a@example.com").build());

        assertThat(store.lastArgument).isEqualTo(created);
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.createdAt()).isEqualTo(T0).isEqualTo(created.updatedAt());
    }

    @Test
    void get_all_reads_each_id_once_and_answers_in_the_order_first_given() {
        Contact one = contact(1, T0, 1);
        Contact two = contact(2, T0, 1);
        store.held.addAll(List.of(one, two));

        List<Contact> found = store.getAll(List.of(two.id(), new UUID(9, 9), one.id(), two.id()));

        assertThat(found).containsExactly(two, one);
        assertThat((Set<?>) store.lastArgument).hasSize(3);
        assertThat(store.getAll(List.of())).isEmpty();
        assertThat(store.calls).containsExactly("readAll");
    }

    @Test
    void find_by_email_normalizes_the_address_and_puts_the_oldest_first() {
        Contact newer = contact(1, T0, 1);
        Contact older = contact(2, T0.minusSeconds(5), 1);
        store.held.addAll(List.of(newer, older));

        assertThat(store.findByEmail("Ada@Example.COM")).containsExactly(older, newer);
        assertThat(store.lastArgument).isEqualTo("ada@example.com");
    }

    @Test
    void the_revision_rule_bumps_the_version_and_never_moves_updated_at_back() {
        Contact fromTheFuture = contact(1, T0.plusSeconds(60), 4);
        store.held.add(fromTheFuture);
        ContactDraft changes = ContactDraft.builder("new@example.com").build();

        Contact updated = store.update(fromTheFuture.id(), 4, changes);

        assertThat(updated.version()).isEqualTo(5);
        assertThat(updated.updatedAt()).isEqualTo(fromTheFuture.updatedAt());
        assertThat(updated.createdAt()).isEqualTo(fromTheFuture.createdAt());
        assertThatThrownBy(() -> store.update(fromTheFuture.id(), 3, changes))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.VERSION_MISMATCH));
        store.held.clear();
        assertThatThrownBy(() -> store.update(fromTheFuture.id(), 4, changes))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.MISSING));
    }

    @Test
    void an_upsert_of_identical_fields_keeps_the_stored_contact_and_a_changed_one_is_a_revision() {
        ContactDraft draft = ContactDraft.builder("a@example.com").source("crm", "1").build();
        Contact stored = Contact.of(new UUID(0, 1), draft, T0.minusSeconds(1), T0.minusSeconds(1), 3);
        store.held.add(stored);

        assertThat(store.upsertBySource(draft)).isSameAs(stored);
        Contact changed = store.upsertBySource(draft.toBuilder().firstName("Ada").build());
        assertThat(changed.version()).isEqualTo(4);
        assertThat(changed.updatedAt()).isEqualTo(T0);
    }

    @Test
    void an_import_keeps_the_newer_version_and_an_empty_batch_asks_nothing() {
        Contact stored = contact(1, T0, 3);

        assertThat(AbstractContactStore.importAction(null, stored)).isEqualTo(AbstractContactStore.ImportAction.INSERT);
        assertThat(AbstractContactStore.importAction(contact(1, T0, 2), stored))
                .isEqualTo(AbstractContactStore.ImportAction.REPLACE);
        assertThat(AbstractContactStore.importAction(stored, stored)).isEqualTo(AbstractContactStore.ImportAction.SKIP);
        assertThat(AbstractContactStore.importAction(contact(1, T0, 4), stored))
                .isEqualTo(AbstractContactStore.ImportAction.SKIP);
        assertThat(AbstractContactStore.importResult(List.of(AbstractContactStore.ImportAction.INSERT,
                AbstractContactStore.ImportAction.SKIP, AbstractContactStore.ImportAction.REPLACE,
                AbstractContactStore.ImportAction.INSERT))).isEqualTo(new ImportResult(2, 1, 1));
        assertThat(store.importContacts(List.of())).isEqualTo(ImportResult.EMPTY);
        assertThat(store.calls).isEmpty();
    }

    @Test
    void search_cuts_the_page_and_its_cursor_from_the_matches() {
        store.held.addAll(List.of(contact(1, T0, 1), contact(2, T0, 1), contact(3, T0, 1)));
        ContactQuery query = ContactQuery.builder().limit(2).build();

        var page = store.search(query);

        assertThat(page.items()).hasSize(2);
        assertThat(page.nextCursor()).contains(query.cursorAfter(page.items().get(1)));
        ContactStore asInterface = store;
        assertThat(asInterface.count(query)).isZero();
    }
}
