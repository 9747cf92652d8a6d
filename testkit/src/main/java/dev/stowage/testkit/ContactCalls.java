package dev.stowage.testkit;

import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactSort;
import dev.stowage.contact.ContactStatus;
import dev.stowage.contact.ContactStore;
import dev.stowage.contact.SortDirection;
import dev.stowage.testkit.BadInputProperties.Call;
import dev.stowage.testkit.BadInputProperties.Seed;
import dev.stowage.testkit.BadInputProperties.StoreKind;
import dev.stowage.testkit.BadInputs.Labelled;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static dev.stowage.testkit.BadInputs.NOW;
import static dev.stowage.testkit.BadInputs.show;

/** The {@link ContactStore} calls of {@link BadInputProperties}: every method, generated arguments. */
final class ContactCalls {

    private static final UUID FIRST = UUID.fromString("01900000-0000-7000-8000-000000000001");
    private static final UUID SECOND = UUID.fromString("01900000-0000-7000-8000-000000000002");
    private static final String[] EMAILS = {"contact1@example.com", "CONTACT2@example.com", "new@example.com"};
    /** Stands for the cursor of the first page of a search with limit 1, taken from the store itself. */
    private static final String FIRST_PAGE_CURSOR = "<the first page's cursor>";

    /** Seeds two contacts (one with a source) and reads them all back. */
    static final StoreKind<ContactStore> KIND = new StoreKind<>(
            (backend, tenant) -> backend.contacts(tenant),
            store -> {
                store.importContacts(List.of(seeded(FIRST), seeded(SECOND)));
                return Seed.NONE;
            },
            (store, seed) -> store.scan(null, 10_000).toString());

    private ContactCalls() {
    }

    private static Contact seeded(UUID id) {
        ContactDraft draft = id.equals(FIRST) ? Fixtures.sourcedContact(1) : Fixtures.contact(2);
        return Contact.of(id, draft, NOW.minusSeconds(120), NOW.minusSeconds(60), id.equals(FIRST) ? 3 : 1);
    }

    /** @return one generated call of any contact store method */
    static Arbitrary<Call<ContactStore>> calls() {
        return Arbitraries.oneOf(create(), update(), updateContact(), upsert(), reads(), getAll(), findBySource(),
                delete(), search(), scan(), imports());
    }

    private static Arbitrary<Labelled<ContactDraft>> drafts() {
        Arbitrary<List<String>> tags = BadInputs.listsOf(BadInputs.texts("lead", "vip"), 3);
        Arbitrary<ContactStatus> statuses = Arbitraries.of(ContactStatus.class).injectNull(0.3);
        return Combinators.combine(BadInputs.texts(EMAILS), BadInputs.texts("Ada"), BadInputs.texts("Lovelace"),
                        BadInputs.texts("Acme"), statuses, tags, BadInputs.json(), BadInputs.identifiers("crm", "crm-1"))
                .as((email, first, last, company, status, tagList, custom, source) -> new Labelled<>(
                        "draft(" + show(email) + ", " + show(first) + ", " + show(last) + ", " + show(company) + ", "
                                + status + ", " + tagList + ", " + custom + ", source " + show(source) + ")",
                        () -> ContactDraft.builder(email).firstName(first).lastName(last).company(company).status(status)
                                .tags(tagList).customFields(custom)
                                .source(source, source == null ? null : "crm".equals(source) ? "crm-1" : source).build()));
    }

    private static Arbitrary<Call<ContactStore>> create() {
        return drafts().map(draft -> call("create(" + draft + ")", store -> store.create(draft.value().get())));
    }

    private static Arbitrary<Call<ContactStore>> update() {
        return Combinators.combine(BadInputs.ids(FIRST, SECOND), BadInputs.longs(), drafts()).as((id, version, draft) ->
                call("update(" + id + ", " + version + ", " + draft + ")",
                        store -> store.update(id, version, draft.value().get())));
    }

    private static Arbitrary<Call<ContactStore>> updateContact() {
        return Combinators.combine(Arbitraries.of(FIRST, SECOND), BadInputs.longs(), BadInputs.instants(), drafts())
                .as((id, version, updatedAt, draft) -> call("update(contact " + id + " at version " + version
                        + " updated " + updatedAt + " as " + draft + ")", store -> store.update(
                        Contact.of(id, draft.value().get(), NOW.minusSeconds(120), updatedAt, version))));
    }

    private static Arbitrary<Call<ContactStore>> upsert() {
        return drafts().map(draft -> call("upsertBySource(" + draft + ")",
                store -> store.upsertBySource(draft.value().get())));
    }

    private static Arbitrary<Call<ContactStore>> reads() {
        return Combinators.combine(Arbitraries.of("get", "delete"), BadInputs.ids(FIRST, SECOND))
                .as((method, id) -> call(method + "(" + id + ")",
                        store -> method.equals("get") ? store.get(id) : store.delete(id)));
    }

    private static Arbitrary<Call<ContactStore>> delete() {
        return Combinators.combine(BadInputs.ids(FIRST, SECOND), BadInputs.longs()).as((id, version) -> call(
                "delete(" + id + ", " + version + ")", store -> store.delete(id, version)));
    }

    private static Arbitrary<Call<ContactStore>> getAll() {
        Arbitrary<Collection<UUID>> ids = Arbitraries.oneOf(
                BadInputs.listsOf(BadInputs.ids(FIRST, SECOND), 4).map(list -> list),
                Arbitraries.just(java.util.Collections.nCopies(1_001, FIRST)));
        return ids.map(list -> call("getAll(" + (list != null && list.size() > 10 ? list.size() + " ids" : list) + ")",
                store -> store.getAll(list)));
    }

    private static Arbitrary<Call<ContactStore>> findBySource() {
        return Combinators.combine(BadInputs.identifiers("crm"), BadInputs.identifiers("crm-1"), BadInputs.texts(EMAILS))
                .as((source, sourceId, email) -> Arbitraries.of(
                        call("findBySource(" + show(source) + ", " + show(sourceId) + ")",
                                store -> store.findBySource(source, sourceId)),
                        call("findByEmail(" + show(email) + ")", store -> store.findByEmail(email))))
                .flatMap(choice -> choice);
    }

    private static Arbitrary<Call<ContactStore>> search() {
        Arbitrary<ContactStatus[]> statuses = Arbitraries.oneOf(
                Arbitraries.of(ContactStatus.class).array(ContactStatus[].class).ofMaxSize(2),
                Arbitraries.just(new ContactStatus[] {null}), Arbitraries.just((ContactStatus[]) null));
        Arbitrary<List<String>> tags = BadInputs.listsOf(BadInputs.texts("lead", "vip"), 2);
        Arbitrary<ContactSort> sorts = Arbitraries.of(ContactSort.class).injectNull(0.1);
        Arbitrary<SortDirection> directions = Arbitraries.of(SortDirection.class).injectNull(0.1);
        Arbitrary<String> cursors = Arbitraries.oneOf(Arbitraries.just(FIRST_PAGE_CURSOR),
                BadInputs.cursors(List.of("YzE"), List.of()));
        Arbitrary<Labelled<ContactQuery>> queries = Combinators.combine(statuses, tags, tags, BadInputs.texts("Acme"),
                        BadInputs.instants(), BadInputs.texts("fixture", "ada"), Combinators.combine(sorts, directions)
                                .as((sort, direction) -> new Object[] {sort, direction}), BadInputs.limits())
                .as((status, any, all, company, after, text, order, limit) -> new Labelled<>(
                        "query(statuses " + Arrays.toString(status) + ", any " + any + ", all " + all + ", company "
                                + show(company) + ", after " + after + ", text " + show(text) + ", sort "
                                + Arrays.toString(order) + ", limit " + limit + ")",
                        () -> ContactQuery.builder().statuses(status).anyTags(any).allTags(all).company(company)
                                .updatedAfter(after).text(text).sort((ContactSort) order[0], (SortDirection) order[1])
                                .limit(limit).build()));
        return Combinators.combine(Arbitraries.of("search", "count"), queries, cursors).as((method, query, cursor) -> call(
                method + "(" + query + " after cursor " + show(cursor) + ")", store -> {
                    ContactQuery built = query.value().get();
                    if (cursor != null) {
                        String resolved = cursor.equals(FIRST_PAGE_CURSOR)
                                ? store.search(built.toBuilder().cursor(null).limit(1).build()).nextCursor().orElse(null)
                                : cursor;
                        built = built.toBuilder().cursor(resolved).build();
                    }
                    return method.equals("search") ? store.search(built) : store.count(built);
                }));
    }

    private static Arbitrary<Call<ContactStore>> scan() {
        return Combinators.combine(BadInputs.ids(FIRST, SECOND), BadInputs.limits()).as((after, limit) -> call(
                "scan(" + after + ", " + limit + ")", store -> store.scan(after, limit)));
    }

    private static Arbitrary<Call<ContactStore>> imports() {
        Arbitrary<Labelled<Contact>> contacts = Arbitraries.oneOf(
                Combinators.combine(BadInputs.ids(FIRST, SECOND), drafts(), BadInputs.instants(), BadInputs.longs())
                        .as((id, draft, at, version) -> new Labelled<>("contact " + id + " " + draft + " at " + at
                                + " version " + version, () -> Contact.of(id, draft.value().get(), at, at, version))),
                Arbitraries.just(new Labelled<>("no contact", () -> null)));
        return BadInputs.listsOf(contacts, 3).map(list -> call("importContacts(" + list + ")",
                store -> store.importContacts(BadInputs.built(list))));
    }

    private static Call<ContactStore> call(String label, Function<ContactStore, Object> action) {
        return new Call<>(label, (store, seed) -> action.apply(store));
    }
}
