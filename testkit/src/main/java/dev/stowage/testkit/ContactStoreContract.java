package dev.stowage.testkit;

import dev.stowage.ImportResult;
import dev.stowage.Page;
import dev.stowage.TenantId;
import dev.stowage.contact.Address;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactSort;
import dev.stowage.contact.ContactStatus;
import dev.stowage.contact.ContactStore;
import dev.stowage.contact.SortDirection;
import dev.stowage.exception.ConflictException;
import dev.stowage.exception.ConflictException.Reason;
import dev.stowage.support.Emails;
import dev.stowage.support.Ids;
import dev.stowage.support.JsonValues;
import dev.stowage.support.Timestamps;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The contract every {@link ContactStore} must pass. Extend it in a backend's tests and implement
 * {@link #openBackend(java.time.Clock)}; see {@link StoreContract}. The expected results come
 * from the reference semantics in {@link ContactQuery} ({@code matches}, {@code order},
 * {@code cursorAfter}) and from the {@link ContactStore} Javadoc.
 */
public abstract class ContactStoreContract extends StoreContract {

    private static final ContactQuery EVERYTHING = ContactQuery.builder().limit(ContactQuery.MAX_LIMIT).build();

    /**
     * @return the contact store of the current test's tenant
     */
    protected ContactStore store() {
        return backend.contacts(tenant);
    }

    /**
     * @param other a tenant
     * @return that tenant's contact store
     */
    protected ContactStore storeOf(TenantId other) {
        return backend.contacts(other);
    }

    // ------------------------------------------------------------------ helpers

    /** Creates contacts 0..count-1, moving the clock one millisecond before each. */
    private List<Contact> createContacts(int count) {
        List<Contact> created = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            clock.advance(Duration.ofMillis(1));
            created.add(store().create(Fixtures.contact(n)));
        }
        return created;
    }

    /**
     * A varied data set of 30 contacts: some created in the same microsecond (ties on the time
     * sorts), a few updated afterwards so that updatedAt order differs from createdAt order.
     */
    private List<Contact> dataset() {
        for (int n = 0; n < 30; n++) {
            if (n % 5 != 0) {
                clock.advance(Duration.ofMillis(1));
            }
            store().create(Fixtures.contact(n));
        }
        List<Contact> all = everything();
        for (Contact contact : all) {
            long n = (Long) contact.customFields().get("n");
            if (n % 4 == 3) {
                clock.advance(Duration.ofMillis(1));
                store().update(contact.id(), contact.version(),
                        contact.toDraft().toBuilder().notes("Fixture contact number " + n + " revised").build());
            }
        }
        return everything();
    }

    /** Every contact of the tenant, by scan. */
    private List<Contact> everything() {
        return everythingOf(store());
    }

    private static List<Contact> everythingOf(ContactStore store) {
        List<Contact> all = new ArrayList<>();
        UUID after = null;
        while (true) {
            List<Contact> batch = store.scan(after, 500);
            all.addAll(batch);
            if (batch.size() < 500) {
                return all;
            }
            after = batch.get(batch.size() - 1).id();
        }
    }

    /** The reference answer: the matching contacts of {@code all} in the query's total order. */
    private static List<Contact> expected(ContactQuery query, Collection<Contact> all) {
        return all.stream().filter(query::matches).sorted(query.order()).toList();
    }

    private static List<UUID> ids(Collection<Contact> contacts) {
        return contacts.stream().map(Contact::id).toList();
    }

    private List<Contact> readAllPages(ContactQuery first) {
        return readAllPages(first, (pageNumber, page) -> { });
    }

    /**
     * Follows the cursors from {@code first} to the end, checking each page's size and cursor,
     * and calls {@code betweenPages} after every non-empty page that has a successor.
     */
    private List<Contact> readAllPages(ContactQuery first, BiConsumer<Integer, Page<Contact>> betweenPages) {
        List<Contact> all = new ArrayList<>();
        ContactQuery query = first;
        for (int pageNumber = 1; ; pageNumber++) {
            assertThat(pageNumber).as("pages needed; the cursors must make progress").isLessThan(10_000);
            Page<Contact> page = store().search(query);
            assertThat(page.items()).as("page %d", pageNumber).hasSizeLessThanOrEqualTo(query.limit());
            all.addAll(page.items());
            if (page.nextCursor().isEmpty()) {
                return all;
            }
            assertThat(page.nextCursor()).as("page %d: a next cursor must move past the cursor of its page", pageNumber)
                    .isNotEqualTo(Optional.ofNullable(query.cursor()));
            if (page.items().size() == query.limit()) {
                Contact last = page.items().get(page.items().size() - 1);
                assertThat(page.nextCursor()).as("the cursor of a full page points after its last contact")
                        .contains(query.cursorAfter(last));
            }
            if (!page.items().isEmpty()) {
                betweenPages.accept(pageNumber, page);
            }
            query = query.after(page.nextCursor().get());
        }
    }

    /**
     * A cursor as an attacker who read the source would forge it: decoded, one part replaced,
     * encoded again. Its last part is the contact id, the one before it the sort key.
     *
     * @param fromEnd 1 for the id, 2 for the sort key
     */
    private static String forgedPart(String cursor, int fromEnd, String part) {
        String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        List<String> parts = new ArrayList<>(Arrays.asList(raw.split("\u001F", -1)));
        parts.set(parts.size() - fromEnd, part);
        return base64Url(String.join("\u001F", parts).getBytes(StandardCharsets.UTF_8));
    }

    private static String forgedKey(String cursor, String key) {
        return forgedPart(cursor, 2, key);
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The index in {@code order} just after the last contact of {@code page}. */
    private static int positionAfter(List<Contact> order, Page<Contact> page) {
        UUID last = page.items().get(page.items().size() - 1).id();
        return ids(order).indexOf(last) + 1;
    }

    private void assertNothingStored() {
        assertThat(store().count(ContactQuery.all())).isZero();
        assertThat(store().scan(null, 10)).isEmpty();
    }

    private Contact touch(Contact contact, String notes) {
        clock.advance(Duration.ofMillis(1));
        Contact current = store().get(contact.id()).orElseThrow();
        return store().update(current.id(), current.version(),
                current.toDraft().toBuilder().notes(notes).phone("+1 555 9999").build());
    }

    /** A named query over a data set; the label names it in test reports. */
    record Filter(String label, Function<List<Contact>, ContactQuery.Builder> query) {

        ContactQuery build(List<Contact> dataset) {
            return query.apply(dataset).limit(ContactQuery.MAX_LIMIT).build();
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Filter> filters() {
        return Stream.of(
                new Filter("no filter", data -> ContactQuery.builder()),
                new Filter("status ACTIVE", data -> ContactQuery.builder().statuses(ContactStatus.ACTIVE)),
                new Filter("status INACTIVE or ARCHIVED",
                        data -> ContactQuery.builder().statuses(ContactStatus.INACTIVE, ContactStatus.ARCHIVED)),
                new Filter("any tag vip", data -> ContactQuery.builder().anyTags("vip")),
                new Filter("any tag vip or partner", data -> ContactQuery.builder().anyTags("vip", "partner")),
                new Filter("any tag nobody has", data -> ContactQuery.builder().anyTags("nobody")),
                new Filter("all tags lead and customer", data -> ContactQuery.builder().allTags("lead", "customer")),
                new Filter("any tag partner and all tags lead",
                        data -> ContactQuery.builder().anyTags("partner").allTags("lead")),
                new Filter("company Acme", data -> ContactQuery.builder().company("Acme")),
                new Filter("company in another case", data -> ContactQuery.builder().company("acme")),
                new Filter("updated after the median update", data -> ContactQuery.builder()
                        .updatedAfter(data.stream().map(Contact::updatedAt).sorted().toList().get(data.size() / 2))),
                new Filter("updated after the latest update", data -> ContactQuery.builder()
                        .updatedAfter(data.stream().map(Contact::updatedAt).max(Comparator.naturalOrder()).orElseThrow())),
                new Filter("text in every note", data -> ContactQuery.builder().text("fixture")),
                new Filter("text of two words", data -> ContactQuery.builder().text("number 7")),
                new Filter("text of a first name", data -> ContactQuery.builder().text("ada")),
                new Filter("text of a last name in upper case", data -> ContactQuery.builder().text("LOVELACE")),
                new Filter("text of an email's local part", data -> ContactQuery.builder().text("contact3")),
                new Filter("text of a company", data -> ContactQuery.builder().text("globex")),
                new Filter("text across fields", data -> ContactQuery.builder().text("grace globex")),
                new Filter("text of a revised note", data -> ContactQuery.builder().text("revised")),
                new Filter("text matching nothing", data -> ContactQuery.builder().text("zyxwvut")),
                new Filter("status, tags, company and text together", data -> ContactQuery.builder()
                        .statuses(ContactStatus.ACTIVE, ContactStatus.INACTIVE).anyTags("lead", "vip")
                        .company("Globex").text("fixture contact")));
    }

    static Stream<Arguments> sortsAndDirections() {
        return Arrays.stream(ContactSort.values())
                .flatMap(sort -> Arrays.stream(SortDirection.values()).map(direction -> Arguments.of(sort, direction)));
    }

    // ------------------------------------------------------------------ groups

    /** {@link ContactStore#create}. */
    @Nested
    public class Creating {

        @Test
        void a_new_contact_gets_a_time_ordered_id_version_one_and_timestamps_from_the_clock() {
            Contact created = store().create(Fixtures.contact(1));

            assertThat(created.id()).isNotNull();
            assertThat(created.id().version()).as("UUID version").isEqualTo(7);
            assertThat(created.version()).isEqualTo(1);
            assertThat(created.createdAt()).isEqualTo(Timestamps.now(clock));
            assertThat(created.updatedAt()).isEqualTo(created.createdAt());
        }

        @Test
        void every_field_of_the_draft_is_stored_as_given() {
            ContactDraft draft = Fixtures.sourcedContact(6);

            Contact created = store().create(draft);

            assertThat(created.toDraft()).isEqualTo(draft);
            assertThat(store().get(created.id())).contains(created);
        }

        @Test
        void a_contact_with_only_an_email_reads_back_with_every_optional_field_absent() {
            Contact created = store().create(ContactDraft.builder("only@example.com").build());

            Contact read = store().get(created.id()).orElseThrow();
            assertThat(read).isEqualTo(created);
            assertThat(read.firstName()).isNull();
            assertThat(read.lastName()).isNull();
            assertThat(read.phone()).isNull();
            assertThat(read.company()).isNull();
            assertThat(read.title()).isNull();
            assertThat(read.address()).isNull();
            assertThat(read.notes()).isNull();
            assertThat(read.source()).isNull();
            assertThat(read.sourceId()).isNull();
            assertThat(read.status()).isEqualTo(ContactStatus.ACTIVE);
            assertThat(read.tags()).isEmpty();
            assertThat(read.customFields()).isEmpty();
        }

        @Test
        void empty_text_stays_empty_and_is_not_turned_into_absent() {
            ContactDraft draft = ContactDraft.builder("empty@example.com")
                    .firstName("").lastName("").phone("").company("").title("").notes("")
                    .address(new Address("", null, "", null, "")).build();

            Contact created = store().create(draft);

            Contact read = store().get(created.id()).orElseThrow();
            assertThat(read.firstName()).isEmpty();
            assertThat(read.lastName()).isEmpty();
            assertThat(read.notes()).isEmpty();
            assertThat(read.address()).isEqualTo(new Address("", null, "", null, ""));
            assertThat(read).isEqualTo(created);
        }

        @Test
        void ids_of_contacts_created_one_after_another_increase_in_unsigned_order() {
            List<Contact> created = createContacts(12);

            assertThat(ids(created)).doesNotHaveDuplicates().isSortedAccordingTo(Ids.UNSIGNED_ORDER);
        }

        @Test
        void contacts_created_while_the_clock_stands_still_get_distinct_ids_and_equal_timestamps() {
            List<Contact> created = IntStream.range(0, 20).mapToObj(n -> store().create(Fixtures.contact(n))).toList();

            assertThat(ids(created)).doesNotHaveDuplicates();
            assertThat(created).extracting(Contact::createdAt).containsOnly(Timestamps.now(clock));
        }

        @Test
        void timestamps_follow_the_injected_clock_wherever_it_stands() {
            clock.advance(Duration.ofDays(400).plusNanos(987_654_321));

            Contact created = store().create(Fixtures.contact(2));

            assertThat(created.createdAt()).isEqualTo(Timestamps.now(clock));
            assertThat(store().get(created.id()).orElseThrow().createdAt()).isEqualTo(Timestamps.now(clock));
        }

        @Test
        void contacts_may_share_an_email_address() {
            Contact first = store().create(Fixtures.contact(1));
            Contact second = store().create(Fixtures.contact(2).toBuilder().email(first.email()).build());

            assertThat(second.id()).isNotEqualTo(first.id());
            assertThat(store().count(ContactQuery.all())).isEqualTo(2);
        }

        @Test
        void a_second_contact_with_the_same_source_and_source_id_is_rejected_as_a_duplicate_and_not_written() {
            Contact first = store().create(Fixtures.sourcedContact(1));

            Expect.conflict(() -> store().create(Fixtures.sourcedContact(2).toBuilder()
                    .source(first.source(), first.sourceId()).build()), Reason.DUPLICATE_KEY);

            assertThat(store().count(ContactQuery.all())).isEqualTo(1);
            assertThat(store().findBySource(first.source(), first.sourceId())).contains(first);
            assertThat(store().findByEmail(Fixtures.contact(2).email())).isEmpty();
        }

        @Test
        void the_same_source_id_under_another_source_is_another_key() {
            Contact fromCrm = store().create(Fixtures.contact(1).toBuilder().source("crm", "42").build());
            Contact fromShop = store().create(Fixtures.contact(2).toBuilder().source("shop", "42").build());

            assertThat(store().findBySource("crm", "42")).contains(fromCrm);
            assertThat(store().findBySource("shop", "42")).contains(fromShop);
        }

        @Test
        void source_keys_are_compared_exactly_and_not_ignoring_case() {
            Contact lower = store().create(Fixtures.contact(1).toBuilder().source("crm", "a1").build());
            Contact upper = store().create(Fixtures.contact(2).toBuilder().source("crm", "A1").build());
            Contact upperSource = store().create(Fixtures.contact(3).toBuilder().source("CRM", "a1").build());

            assertThat(store().findBySource("crm", "a1")).contains(lower);
            assertThat(store().findBySource("crm", "A1")).contains(upper);
            assertThat(store().findBySource("CRM", "a1")).contains(upperSource);
            assertThat(store().findBySource("CRM", "A1")).isEmpty();
        }

        @Test
        void key_separators_inside_source_and_source_id_do_not_make_different_keys_collide() {
            Contact left = store().create(Fixtures.contact(1).toBuilder().source("a:b", "c").build());
            Contact right = store().create(Fixtures.contact(2).toBuilder().source("a", "b:c").build());
            Contact braces = store().create(Fixtures.contact(3).toBuilder().source("{a}", "b").build());

            assertThat(store().findBySource("a:b", "c")).contains(left);
            assertThat(store().findBySource("a", "b:c")).contains(right);
            assertThat(store().findBySource("{a}", "b")).contains(braces);
            assertThat(store().findBySource("a", "b")).isEmpty();
        }
    }

    /** {@link ContactStore#get}, {@link ContactStore#getAll}, {@link ContactStore#findBySource}, {@link ContactStore#findByEmail}. */
    @Nested
    public class Reading {

        @Test
        void get_of_an_unknown_id_is_empty() {
            store().create(Fixtures.contact(1));

            assertThat(store().get(UUID.randomUUID())).isEmpty();
        }

        @Test
        void get_all_returns_the_contacts_in_the_order_their_ids_were_given() {
            List<Contact> created = createContacts(5);
            List<UUID> order = List.of(created.get(3).id(), created.get(0).id(), created.get(4).id(), created.get(1).id());

            assertThat(store().getAll(order))
                    .containsExactly(created.get(3), created.get(0), created.get(4), created.get(1));
        }

        @Test
        void get_all_reads_a_repeated_id_once_at_its_first_position() {
            List<Contact> created = createContacts(3);

            assertThat(store().getAll(List.of(created.get(2).id(), created.get(0).id(), created.get(2).id(),
                    created.get(0).id()))).containsExactly(created.get(2), created.get(0));
        }

        @Test
        void get_all_skips_ids_that_do_not_exist() {
            List<Contact> created = createContacts(2);

            assertThat(store().getAll(List.of(UUID.randomUUID(), created.get(1).id(), UUID.randomUUID(),
                    created.get(0).id()))).containsExactly(created.get(1), created.get(0));
        }

        @Test
        void get_all_of_no_ids_is_empty() {
            createContacts(2);

            assertThat(store().getAll(List.of())).isEmpty();
        }

        @Test
        void get_all_accepts_a_thousand_ids_and_rejects_more_naming_ids() {
            Contact created = store().create(Fixtures.contact(1));
            List<UUID> thousand = new ArrayList<>();
            thousand.add(created.id());
            while (thousand.size() < 1_000) {
                thousand.add(UUID.randomUUID());
            }

            assertThat(store().getAll(thousand)).containsExactly(created);

            List<UUID> tooMany = new ArrayList<>(thousand);
            tooMany.add(UUID.randomUUID());
            Expect.validation(() -> store().getAll(tooMany), "ids");
        }

        @Test
        void find_by_source_finds_the_contact_and_nothing_for_an_unknown_key() {
            Contact created = store().create(Fixtures.sourcedContact(4));

            assertThat(store().findBySource(Fixtures.SOURCE, "crm-4")).contains(created);
            assertThat(store().findBySource(Fixtures.SOURCE, "crm-5")).isEmpty();
            assertThat(store().findBySource("other", "crm-4")).isEmpty();
        }

        @Test
        void find_by_email_ignores_case() {
            Contact created = store().create(Fixtures.contact(1).toBuilder().email("Ada.Lovelace@Example.COM").build());

            assertThat(store().findByEmail("ada.lovelace@example.com")).containsExactly(created);
            assertThat(store().findByEmail("ADA.LOVELACE@EXAMPLE.COM")).containsExactly(created);
            assertThat(store().findByEmail("Ada.Lovelace@Example.COM")).containsExactly(created);
        }

        @Test
        void find_by_email_ignores_case_outside_ascii_too() {
            Contact created = store().create(Fixtures.contact(1).toBuilder().email("Ärger.Ωmega@Exämple.com").build());

            assertThat(store().findByEmail("ärger.ωmega@exämple.com")).containsExactly(created);
            assertThat(store().findByEmail("ÄRGER.ΩMEGA@EXÄMPLE.COM")).containsExactly(created);
        }

        @Test
        void find_by_email_lower_cases_with_the_root_locale_and_does_not_fold_further() {
            Contact strasse = store().create(Fixtures.contact(1).toBuilder().email("STRASSE@example.com").build());
            Contact dotted = store().create(Fixtures.contact(2).toBuilder().email("İnci@example.com").build());

            assertThat(store().findByEmail("strasse@example.com")).containsExactly(strasse);
            assertThat(store().findByEmail("straße@example.com")).isEmpty();
            assertThat(store().findByEmail(Emails.normalize("İnci@example.com"))).containsExactly(dotted);
            assertThat(store().findByEmail("inci@example.com")).isEmpty();
        }

        @Test
        void find_by_email_returns_every_match_oldest_first() {
            Contact first = store().create(Fixtures.contact(1).toBuilder().email("shared@example.com").build());
            clock.advance(Duration.ofSeconds(1));
            Contact second = store().create(Fixtures.contact(2).toBuilder().email("SHARED@example.com").build());
            clock.advance(Duration.ofSeconds(1));
            Contact third = store().create(Fixtures.contact(3).toBuilder().email("Shared@Example.com").build());
            store().create(Fixtures.contact(4));

            assertThat(store().findByEmail("shared@example.com")).containsExactly(first, second, third);
        }

        @Test
        void find_by_email_orders_contacts_created_in_the_same_instant_by_id() {
            List<Contact> created = IntStream.range(0, 6)
                    .mapToObj(n -> store().create(Fixtures.contact(n).toBuilder().email("same@example.com").build()))
                    .toList();

            List<Contact> byId = created.stream().sorted(Comparator.comparing(Contact::id, Ids.UNSIGNED_ORDER)).toList();
            assertThat(store().findByEmail("same@example.com")).containsExactlyElementsOf(byId);
        }

        @Test
        void find_by_email_of_an_unknown_address_is_empty() {
            store().create(Fixtures.contact(1));

            assertThat(store().findByEmail("nobody@example.com")).isEmpty();
            assertThat(store().findByEmail("contact1@example.co")).isEmpty();
        }

        @Test
        void the_stored_email_keeps_the_case_it_was_given() {
            Contact created = store().create(Fixtures.contact(1).toBuilder().email("MiXeD.Case@Example.Com").build());

            assertThat(store().get(created.id()).orElseThrow().email()).isEqualTo("MiXeD.Case@Example.Com");
        }
    }

    /** {@link ContactStore#update(UUID, long, ContactDraft)} and {@link ContactStore#update(Contact)}. */
    @Nested
    public class Updating {

        @Test
        void an_update_replaces_every_field_bumps_the_version_and_sets_updated_at_to_now() {
            Contact created = store().create(Fixtures.contact(1));
            clock.advance(Duration.ofMinutes(5));
            ContactDraft changes = Fixtures.sourcedContact(2);

            Contact updated = store().update(created.id(), 1, changes);

            assertThat(updated.toDraft()).isEqualTo(changes);
            assertThat(updated.version()).isEqualTo(2);
            assertThat(updated.updatedAt()).isEqualTo(Timestamps.now(clock));
            assertThat(store().get(created.id())).contains(updated);
        }

        @Test
        void id_and_created_at_never_change() {
            Contact created = store().create(Fixtures.contact(1));
            clock.advance(Duration.ofHours(1));

            Contact updated = store().update(created.id(), 1, Fixtures.contact(2));

            assertThat(updated.id()).isEqualTo(created.id());
            assertThat(updated.createdAt()).isEqualTo(created.createdAt());
        }

        @Test
        void an_update_is_not_a_patch_and_clears_fields_left_absent() {
            Contact created = store().create(Fixtures.sourcedContact(2));

            Contact updated = store().update(created.id(), 1, ContactDraft.builder(created.email()).build());

            assertThat(updated.firstName()).isNull();
            assertThat(updated.address()).isNull();
            assertThat(updated.tags()).isEmpty();
            assertThat(updated.customFields()).isEmpty();
            assertThat(updated.source()).isNull();
            assertThat(store().get(created.id())).contains(updated);
        }

        @Test
        void successive_updates_bump_the_version_one_at_a_time() {
            Contact contact = store().create(Fixtures.contact(1));
            for (int i = 2; i <= 6; i++) {
                clock.advance(Duration.ofMillis(3));
                contact = store().update(contact.id(), contact.version(), Fixtures.contact(i));
                assertThat(contact.version()).isEqualTo(i);
            }
            assertThat(store().get(contact.id())).contains(contact);
        }

        @Test
        void an_update_with_unchanged_fields_still_bumps_the_version() {
            Contact created = store().create(Fixtures.contact(1));
            clock.advance(Duration.ofSeconds(1));

            Contact updated = store().update(created.id(), 1, created.toDraft());

            assertThat(updated.version()).isEqualTo(2);
            assertThat(updated.updatedAt()).isEqualTo(Timestamps.now(clock));
        }

        @Test
        void an_update_with_a_stale_version_is_rejected_as_a_version_mismatch_and_changes_nothing() {
            Contact created = store().create(Fixtures.contact(1));
            Contact current = store().update(created.id(), 1, Fixtures.contact(2));

            Expect.conflict(() -> store().update(created.id(), 1, Fixtures.contact(3)), Reason.VERSION_MISMATCH);

            assertThat(store().get(created.id())).contains(current);
        }

        @Test
        void an_update_with_a_version_from_the_future_is_rejected_too() {
            Contact created = store().create(Fixtures.contact(1));

            Expect.conflict(() -> store().update(created.id(), 2, Fixtures.contact(3)), Reason.VERSION_MISMATCH);
            Expect.conflict(() -> store().update(created.id(), 0, Fixtures.contact(3)), Reason.VERSION_MISMATCH);

            assertThat(store().get(created.id())).contains(created);
        }

        @Test
        void updating_an_unknown_contact_is_rejected_as_missing_and_creates_nothing() {
            Expect.conflict(() -> store().update(UUID.randomUUID(), 1, Fixtures.contact(1)), Reason.MISSING);

            assertNothingStored();
        }

        @Test
        void updating_a_deleted_contact_is_rejected_as_missing() {
            Contact created = store().create(Fixtures.contact(1));
            store().delete(created.id());

            Expect.conflict(() -> store().update(created.id(), 1, Fixtures.contact(2)), Reason.MISSING);

            assertNothingStored();
        }

        @Test
        void an_update_that_takes_another_contacts_source_is_rejected_as_a_duplicate_and_changes_nothing() {
            Contact owner = store().create(Fixtures.sourcedContact(1));
            Contact other = store().create(Fixtures.contact(2));

            Expect.conflict(() -> store().update(other.id(), 1, Fixtures.contact(2).toBuilder()
                    .firstName("Changed").source(owner.source(), owner.sourceId()).build()), Reason.DUPLICATE_KEY);

            assertThat(store().get(other.id())).contains(other);
            assertThat(store().findBySource(owner.source(), owner.sourceId())).contains(owner);
        }

        @Test
        void keeping_the_own_source_is_not_a_conflict() {
            Contact created = store().create(Fixtures.sourcedContact(1));

            Contact updated = store().update(created.id(), 1, created.toDraft().toBuilder().firstName("Renamed").build());

            assertThat(store().findBySource(created.source(), created.sourceId())).contains(updated);
        }

        @Test
        void changing_the_source_frees_the_old_key() {
            Contact created = store().create(Fixtures.sourcedContact(1));

            Contact updated = store().update(created.id(), 1,
                    created.toDraft().toBuilder().source("other", "x-1").build());

            assertThat(store().findBySource(Fixtures.SOURCE, "crm-1")).isEmpty();
            assertThat(store().findBySource("other", "x-1")).contains(updated);
            Contact reuse = store().create(Fixtures.sourcedContact(1));
            assertThat(store().findBySource(Fixtures.SOURCE, "crm-1")).contains(reuse);
        }

        @Test
        void an_edited_copy_is_stored_with_its_own_id_and_version() {
            Contact created = store().create(Fixtures.contact(1));
            Contact edited = created.withDraft(created.toDraft().toBuilder().title("CTO").build());

            Contact updated = store().update(edited);

            assertThat(updated.title()).isEqualTo("CTO");
            assertThat(updated.version()).isEqualTo(2);
            Expect.conflict(() -> store().update(edited), Reason.VERSION_MISMATCH);
        }

        @Test
        void an_email_change_moves_the_contact_between_email_lookups() {
            Contact created = store().create(Fixtures.contact(1));

            Contact updated = store().update(created.id(), 1,
                    created.toDraft().toBuilder().email("New.Address@example.com").build());

            assertThat(store().findByEmail(created.email())).isEmpty();
            assertThat(store().findByEmail("new.address@example.com")).containsExactly(updated);
        }

        @Test
        void an_update_changes_what_search_and_count_see() {
            Contact created = store().create(Fixtures.contact(1).toBuilder().status(ContactStatus.ACTIVE).build());
            ContactQuery archived = ContactQuery.builder().statuses(ContactStatus.ARCHIVED).text("zeppelin").build();

            Contact updated = store().update(created.id(), 1, created.toDraft().toBuilder()
                    .status(ContactStatus.ARCHIVED).notes("flew a zeppelin").build());

            assertThat(store().search(archived).items()).containsExactly(updated);
            assertThat(store().count(archived)).isEqualTo(1);
            assertThat(store().count(ContactQuery.builder().statuses(ContactStatus.ACTIVE).build())).isZero();
        }
    }

    /** {@link ContactStore#upsertBySource}. */
    @Nested
    public class Upserting {

        @Test
        void an_upsert_of_a_new_source_key_creates_the_contact_at_version_one() {
            ContactDraft draft = Fixtures.sourcedContact(1);

            Contact upserted = store().upsertBySource(draft);

            assertThat(upserted.toDraft()).isEqualTo(draft);
            assertThat(upserted.version()).isEqualTo(1);
            assertThat(upserted.createdAt()).isEqualTo(Timestamps.now(clock));
            assertThat(upserted.updatedAt()).isEqualTo(upserted.createdAt());
            assertThat(store().findBySource(Fixtures.SOURCE, "crm-1")).contains(upserted);
        }

        @Test
        void an_identical_upsert_changes_nothing_not_even_updated_at() {
            Contact first = store().upsertBySource(Fixtures.sourcedContact(1));
            clock.advance(Duration.ofHours(2));

            Contact again = store().upsertBySource(Fixtures.sourcedContact(1));

            assertThat(again).isEqualTo(first);
            assertThat(store().get(first.id())).contains(first);
        }

        @Test
        void identity_of_an_upsert_ignores_the_order_tags_and_custom_fields_were_given_in() {
            ContactDraft draft = Fixtures.sourcedContact(1).toBuilder()
                    .tags(List.of("b", "a", "c")).customFields(orderedMap("x", 1, "y", "two", "z", List.of(3))).build();
            Contact first = store().upsertBySource(draft);
            clock.advance(Duration.ofMinutes(1));

            Contact again = store().upsertBySource(draft.toBuilder()
                    .tags(List.of("c", "a", "b")).customFields(orderedMap("z", List.of(3), "y", "two", "x", 1)).build());

            assertThat(again).isEqualTo(first);
        }

        @Test
        void an_upsert_with_changed_fields_replaces_them_and_bumps_the_version() {
            Contact first = store().upsertBySource(Fixtures.sourcedContact(1));
            clock.advance(Duration.ofMinutes(1));
            ContactDraft changed = Fixtures.sourcedContact(1).toBuilder().company("Changed Inc").build();

            Contact again = store().upsertBySource(changed);

            assertThat(again.id()).isEqualTo(first.id());
            assertThat(again.createdAt()).isEqualTo(first.createdAt());
            assertThat(again.version()).isEqualTo(2);
            assertThat(again.updatedAt()).isEqualTo(Timestamps.now(clock));
            assertThat(again.toDraft()).isEqualTo(changed);
            assertThat(store().get(first.id())).contains(again);
        }

        @Test
        void each_effective_change_bumps_the_version_and_repeats_do_not() {
            Contact contact = store().upsertBySource(Fixtures.sourcedContact(1));
            contact = store().upsertBySource(Fixtures.sourcedContact(1).toBuilder().title("A").build());
            contact = store().upsertBySource(Fixtures.sourcedContact(1).toBuilder().title("A").build());
            contact = store().upsertBySource(Fixtures.sourcedContact(1).toBuilder().title("B").build());

            assertThat(contact.version()).isEqualTo(3);
            assertThat(store().count(ContactQuery.all())).isEqualTo(1);
        }

        @Test
        void an_upsert_finds_a_contact_made_with_create() {
            Contact created = store().create(Fixtures.sourcedContact(3));
            clock.advance(Duration.ofSeconds(1));

            Contact upserted = store().upsertBySource(Fixtures.sourcedContact(3));

            assertThat(upserted).isEqualTo(created);
            assertThat(store().count(ContactQuery.all())).isEqualTo(1);
        }

        @Test
        void upserts_of_different_source_ids_create_different_contacts() {
            Contact one = store().upsertBySource(Fixtures.sourcedContact(1));
            Contact two = store().upsertBySource(Fixtures.sourcedContact(2));

            assertThat(one.id()).isNotEqualTo(two.id());
            assertThat(store().count(ContactQuery.all())).isEqualTo(2);
        }

        @Test
        void an_upsert_without_a_source_is_rejected_naming_source_and_writes_nothing() {
            Expect.validation(() -> store().upsertBySource(Fixtures.contact(1)), "source");

            assertNothingStored();
        }

        @Test
        void an_upserted_change_of_email_and_text_is_visible_to_lookups_and_search() {
            store().upsertBySource(Fixtures.sourcedContact(1));

            Contact changed = store().upsertBySource(Fixtures.sourcedContact(1).toBuilder()
                    .email("moved@example.com").notes("now in Lisbon").build());

            assertThat(store().findByEmail(Fixtures.contact(1).email())).isEmpty();
            assertThat(store().findByEmail("moved@example.com")).containsExactly(changed);
            assertThat(store().search(ContactQuery.builder().text("lisbon").build()).items()).containsExactly(changed);
        }
    }

    private static Map<String, Object> orderedMap(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** {@link ContactStore#delete(UUID)} and {@link ContactStore#delete(UUID, long)}. */
    @Nested
    public class Deleting {

        @Test
        void delete_removes_the_contact_and_answers_true() {
            Contact created = store().create(Fixtures.contact(1));

            assertThat(store().delete(created.id())).isTrue();

            assertThat(store().get(created.id())).isEmpty();
        }

        @Test
        void deleting_an_unknown_contact_answers_false() {
            assertThat(store().delete(UUID.randomUUID())).isFalse();
        }

        @Test
        void deleting_twice_answers_false_the_second_time() {
            Contact created = store().create(Fixtures.contact(1));

            assertThat(store().delete(created.id())).isTrue();
            assertThat(store().delete(created.id())).isFalse();
        }

        @Test
        void a_deleted_contact_disappears_from_every_read() {
            Contact created = store().create(Fixtures.sourcedContact(5).toBuilder().notes("unique marmalade").build());

            store().delete(created.id());

            assertThat(store().get(created.id())).isEmpty();
            assertThat(store().getAll(List.of(created.id()))).isEmpty();
            assertThat(store().findBySource(created.source(), created.sourceId())).isEmpty();
            assertThat(store().findByEmail(created.email())).isEmpty();
            assertThat(store().search(ContactQuery.builder().text("marmalade").build()).items()).isEmpty();
            assertThat(store().count(ContactQuery.all())).isZero();
            assertThat(store().scan(null, 10)).isEmpty();
        }

        @Test
        void deleting_one_contact_leaves_the_others_alone() {
            List<Contact> created = createContacts(4);

            store().delete(created.get(1).id());

            assertThat(everything()).containsExactlyInAnyOrder(created.get(0), created.get(2), created.get(3));
        }

        @Test
        void delete_at_the_expected_version_deletes() {
            Contact created = store().create(Fixtures.contact(1));
            Contact updated = store().update(created.id(), 1, Fixtures.contact(2));

            assertThat(store().delete(updated.id(), 2)).isTrue();

            assertThat(store().get(created.id())).isEmpty();
        }

        @Test
        void delete_at_a_stale_version_is_rejected_as_a_version_mismatch_and_keeps_the_contact() {
            Contact created = store().create(Fixtures.contact(1));
            Contact updated = store().update(created.id(), 1, Fixtures.contact(2));

            Expect.conflict(() -> store().delete(created.id(), 1), Reason.VERSION_MISMATCH);

            assertThat(store().get(created.id())).contains(updated);
        }

        @Test
        void delete_at_a_version_of_an_unknown_contact_answers_false() {
            assertThat(store().delete(UUID.randomUUID(), 1)).isFalse();
        }

        @Test
        void deleting_frees_the_source_key() {
            Contact created = store().create(Fixtures.sourcedContact(1));
            store().delete(created.id());

            Contact again = store().create(Fixtures.sourcedContact(1));

            assertThat(again.id()).isNotEqualTo(created.id());
            assertThat(store().findBySource(Fixtures.SOURCE, "crm-1")).contains(again);
        }

        @Test
        void an_upsert_after_a_delete_creates_a_new_contact() {
            Contact first = store().upsertBySource(Fixtures.sourcedContact(1));
            store().delete(first.id());

            Contact second = store().upsertBySource(Fixtures.sourcedContact(1));

            assertThat(second.id()).isNotEqualTo(first.id());
            assertThat(second.version()).isEqualTo(1);
        }
    }

    /** {@link ContactStore#search}: filters and order. */
    @Nested
    public class Searching {

        @Test
        void the_default_query_lists_every_contact_newest_update_first() {
            List<Contact> created = createContacts(8);

            Page<Contact> page = store().search(ContactQuery.all());

            List<Contact> newestFirst = new ArrayList<>(created);
            Collections.reverse(newestFirst);
            assertThat(page.items()).containsExactlyElementsOf(newestFirst);
            assertThat(page.nextCursor()).isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.stowage.testkit.ContactStoreContract#filters")
        void each_filter_selects_exactly_the_contacts_the_reference_semantics_select(Filter filter) {
            List<Contact> data = dataset();
            ContactQuery query = filter.build(data);

            Page<Contact> page = store().search(query);

            assertThat(page.items()).containsExactlyElementsOf(expected(query, data));
        }

        @Test
        void the_status_filter_keeps_only_the_given_statuses() {
            Contact active = store().create(Fixtures.contact(1).toBuilder().status(ContactStatus.ACTIVE).build());
            Contact inactive = store().create(Fixtures.contact(2).toBuilder().status(ContactStatus.INACTIVE).build());
            Contact archived = store().create(Fixtures.contact(3).toBuilder().status(ContactStatus.ARCHIVED).build());

            assertThat(search(ContactQuery.builder().statuses(ContactStatus.ARCHIVED))).containsExactly(archived);
            assertThat(search(ContactQuery.builder().statuses(ContactStatus.ACTIVE, ContactStatus.INACTIVE)))
                    .containsExactlyInAnyOrder(active, inactive);
        }

        @Test
        void any_tags_needs_one_of_the_tags_and_all_tags_needs_every_one() {
            Contact red = store().create(Fixtures.contact(1).toBuilder().tags("red").build());
            Contact redBlue = store().create(Fixtures.contact(2).toBuilder().tags("red", "blue").build());
            Contact green = store().create(Fixtures.contact(3).toBuilder().tags("green").build());
            store().create(Fixtures.contact(4).toBuilder().tags().build());

            assertThat(search(ContactQuery.builder().anyTags("blue", "green"))).containsExactlyInAnyOrder(redBlue, green);
            assertThat(search(ContactQuery.builder().allTags("red", "blue"))).containsExactly(redBlue);
            assertThat(search(ContactQuery.builder().allTags("red"))).containsExactlyInAnyOrder(red, redBlue);
            assertThat(search(ContactQuery.builder().anyTags("green").allTags("red"))).isEmpty();
        }

        @Test
        void tags_match_exactly_not_as_patterns_or_ignoring_case() {
            Contact percent = store().create(Fixtures.contact(1).toBuilder().tags("50%").build());
            Contact star = store().create(Fixtures.contact(2).toBuilder().tags("*").build());
            store().create(Fixtures.contact(3).toBuilder().tags("VIP", "500").build());

            assertThat(search(ContactQuery.builder().anyTags("50%"))).containsExactly(percent);
            assertThat(search(ContactQuery.builder().anyTags("*"))).containsExactly(star);
            assertThat(search(ContactQuery.builder().anyTags("vip"))).isEmpty();
            assertThat(search(ContactQuery.builder().anyTags("5_0"))).isEmpty();
        }

        @Test
        void the_company_filter_matches_exactly_and_case_sensitively() {
            Contact acme = store().create(Fixtures.contact(1).toBuilder().company("Acme").build());
            store().create(Fixtures.contact(2).toBuilder().company("ACME").build());
            store().create(Fixtures.contact(3).toBuilder().company("Acme Corp").build());
            store().create(Fixtures.contact(4).toBuilder().company(null).build());

            assertThat(search(ContactQuery.builder().company("Acme"))).containsExactly(acme);
            assertThat(search(ContactQuery.builder().company("Acm%"))).isEmpty();
        }

        @Test
        void updated_after_is_strictly_after() {
            Contact early = store().create(Fixtures.contact(1));
            clock.advance(Duration.ofNanos(1_000));
            Contact late = store().create(Fixtures.contact(2));

            assertThat(search(ContactQuery.builder().updatedAfter(early.updatedAt()))).containsExactly(late);
            assertThat(search(ContactQuery.builder().updatedAfter(late.updatedAt()))).isEmpty();
            assertThat(search(ContactQuery.builder().updatedAfter(early.updatedAt().minusNanos(1_000))))
                    .containsExactlyInAnyOrder(early, late);
        }

        @Test
        void free_text_looks_at_names_email_company_and_notes_only() {
            Contact inFirst = store().create(Fixtures.contact(1).toBuilder().firstName("Quasar").build());
            Contact inLast = store().create(Fixtures.contact(2).toBuilder().lastName("quasar").build());
            Contact inEmail = store().create(Fixtures.contact(3).toBuilder().email("quasar@example.com").build());
            Contact inCompany = store().create(Fixtures.contact(4).toBuilder().company("QUASAR").build());
            Contact inNotes = store().create(Fixtures.contact(5).toBuilder().notes("met a quasar").build());
            store().create(Fixtures.contact(6).toBuilder().title("Quasar").build());
            store().create(Fixtures.contact(7).toBuilder().phone("quasar").build());
            store().create(Fixtures.contact(8).toBuilder().tags("quasar").build());
            store().create(Fixtures.contact(9).toBuilder()
                    .address(new Address("quasar", "quasar", "quasar", "quasar", "quasar")).build());
            store().create(Fixtures.contact(10).toBuilder().customFields(Map.of("quasar", "quasar")).build());
            store().create(Fixtures.contact(11).toBuilder().source("quasar", "quasar").build());

            assertThat(search(ContactQuery.builder().text("quasar")))
                    .containsExactlyInAnyOrder(inFirst, inLast, inEmail, inCompany, inNotes);
        }

        @Test
        void free_text_matches_whole_words_only() {
            Contact lovelace = store().create(Fixtures.contact(1).toBuilder().lastName("Lovelace").notes("100 items").build());

            assertThat(search(ContactQuery.builder().text("Lovelace"))).containsExactly(lovelace);
            assertThat(search(ContactQuery.builder().text("love"))).isEmpty();
            assertThat(search(ContactQuery.builder().text("ovelac"))).isEmpty();
            assertThat(search(ContactQuery.builder().text("100"))).containsExactly(lovelace);
            assertThat(search(ContactQuery.builder().text("10"))).isEmpty();
        }

        @Test
        void free_text_needs_every_word_somewhere_in_the_contact() {
            Contact both = store().create(Fixtures.contact(1).toBuilder().firstName("Ada").company("Analytical").build());
            store().create(Fixtures.contact(2).toBuilder().firstName("Ada").company("Difference").build());

            assertThat(search(ContactQuery.builder().text("ada analytical"))).containsExactly(both);
            assertThat(search(ContactQuery.builder().text("analytical ada"))).containsExactly(both);
            assertThat(search(ContactQuery.builder().text("ada analytical engine"))).isEmpty();
        }

        @Test
        void free_text_ignores_case_in_every_script() {
            Contact muller = store().create(Fixtures.contact(1).toBuilder().lastName("MÜLLER").notes("Ωmega ДОМ").build());

            assertThat(search(ContactQuery.builder().text("müller"))).containsExactly(muller);
            assertThat(search(ContactQuery.builder().text("ωMEGA дом"))).containsExactly(muller);
        }

        @Test
        void free_text_splits_words_at_punctuation_like_the_reference_tokenizer() {
            Contact contact = store().create(Fixtures.contact(1).toBuilder()
                    .email("ada.lovelace@analytical-engine.org").lastName("O'Brien").notes("state-of-the-art, v2.0").build());

            assertThat(search(ContactQuery.builder().text("analytical engine"))).containsExactly(contact);
            assertThat(search(ContactQuery.builder().text("brien"))).containsExactly(contact);
            assertThat(search(ContactQuery.builder().text("art v2 0"))).containsExactly(contact);
            assertThat(search(ContactQuery.builder().text("ada.lovelace"))).containsExactly(contact);
            assertThat(search(ContactQuery.builder().text("obrien"))).isEmpty();
        }

        @Test
        void free_text_treats_sql_and_wildcard_characters_as_separators_not_syntax() {
            Contact wild = store().create(Fixtures.contact(1).toBuilder().notes("100% sure_thing").build());
            Contact drop = store().create(Fixtures.contact(2).toBuilder().notes("'; DROP TABLE x; --").build());
            store().create(Fixtures.contact(3).toBuilder().notes("nothing special").build());

            assertThat(search(ContactQuery.builder().text("sure_thing"))).containsExactly(wild);
            assertThat(search(ContactQuery.builder().text("100%"))).containsExactly(wild);
            assertThat(search(ContactQuery.builder().text("'; DROP TABLE x; --"))).containsExactly(drop);
            assertThat(search(ContactQuery.builder().text("su%"))).isEmpty();
            assertThat(store().count(ContactQuery.all())).isEqualTo(3);
        }

        @Test
        void free_text_finds_words_in_non_latin_scripts_and_digits() {
            Contact cjk = store().create(Fixtures.contact(1).toBuilder().notes("会議 山田太郎 ٣٤٥").build());
            Contact hebrew = store().create(Fixtures.contact(2).toBuilder().company("שלום עולם").build());

            assertThat(search(ContactQuery.builder().text("山田太郎"))).containsExactly(cjk);
            assertThat(search(ContactQuery.builder().text("山田"))).isEmpty();
            assertThat(search(ContactQuery.builder().text("٣٤٥"))).containsExactly(cjk);
            assertThat(search(ContactQuery.builder().text("עולם"))).containsExactly(hebrew);
        }

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("dev.stowage.testkit.ContactStoreContract#sortsAndDirections")
        void results_come_in_the_total_order_of_the_sort_and_direction(ContactSort sort, SortDirection direction) {
            List<Contact> data = dataset();
            ContactQuery query = ContactQuery.builder().sort(sort, direction).limit(ContactQuery.MAX_LIMIT).build();

            assertThat(store().search(query).items()).containsExactlyElementsOf(expected(query, data));
        }

        @Test
        void last_names_sort_by_code_point_with_an_absent_name_as_empty_text() {
            String[] names = {"Zuse", "ana", "\uD835\uDC00lpha", "Ana", null, "Émile", "\uFF21lpha", "Zuse", ""};
            List<Contact> created = new ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                created.add(store().create(Fixtures.contact(i).toBuilder().lastName(names[i]).build()));
            }

            List<String> ascending = search(ContactQuery.builder().sort(ContactSort.LAST_NAME, SortDirection.ASC))
                    .stream().map(Contact::lastName).toList();

            assertThat(ascending).containsExactly(null, "", "Ana", "Zuse", "Zuse", "ana", "Émile", "\uFF21lpha",
                    "\uD835\uDC00lpha");
            List<Contact> descending = search(ContactQuery.builder().sort(ContactSort.LAST_NAME, SortDirection.DESC));
            List<Contact> reversed = new ArrayList<>(search(ContactQuery.builder().sort(ContactSort.LAST_NAME, SortDirection.ASC)));
            Collections.reverse(reversed);
            assertThat(descending).containsExactlyElementsOf(reversed);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ContactSort.class)
        void ties_on_the_sort_key_are_broken_by_unsigned_id_in_the_same_direction(ContactSort sort) {
            Instant at = Timestamps.now(clock);
            List<Contact> imported = new ArrayList<>();
            List<UUID> edgeIds = Fixtures.edgeIds();
            for (int i = edgeIds.size() - 1; i >= 0; i--) {
                imported.add(Fixtures.imported(edgeIds.get(i),
                        Fixtures.contact(i).toBuilder().lastName("Same").build(), at, at, 1));
            }
            store().importContacts(imported);

            assertThat(ids(search(ContactQuery.builder().sort(sort, SortDirection.ASC)))).containsExactlyElementsOf(edgeIds);
            List<UUID> descending = new ArrayList<>(edgeIds);
            Collections.reverse(descending);
            assertThat(ids(search(ContactQuery.builder().sort(sort, SortDirection.DESC)))).containsExactlyElementsOf(descending);
        }

        @Test
        void a_page_never_holds_more_than_the_limit() {
            createContacts(7);

            Page<Contact> page = store().search(ContactQuery.builder().limit(3).build());

            assertThat(page.items()).hasSize(3);
            assertThat(page.nextCursor()).isPresent();
        }

        @Test
        void a_search_that_matches_nothing_is_an_empty_last_page() {
            createContacts(3);

            Page<Contact> page = store().search(ContactQuery.builder().text("nonexistentword").build());

            assertThat(page.items()).isEmpty();
            assertThat(page.nextCursor()).isEmpty();
        }

        @Test
        void a_search_in_an_empty_store_is_an_empty_last_page() {
            Page<Contact> page = store().search(ContactQuery.all());

            assertThat(page.items()).isEmpty();
            assertThat(page.nextCursor()).isEmpty();
        }

        private List<Contact> search(ContactQuery.Builder query) {
            return store().search(query.limit(ContactQuery.MAX_LIMIT).build()).items();
        }
    }

    /** {@link ContactStore#search}: keyset pagination with cursors. */
    @Nested
    public class Paginating {

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("dev.stowage.testkit.ContactStoreContract#sortsAndDirections")
        void every_contact_appears_exactly_once_across_pages_in_order_for_every_page_size(ContactSort sort,
                                                                                        SortDirection direction) {
            List<Contact> data = dataset();
            for (int limit : new int[] {1, 2, 7, 29, 30, 31, 1_000}) {
                ContactQuery query = ContactQuery.builder().sort(sort, direction).limit(limit).build();

                List<Contact> read = readAllPages(query);

                assertThat(read).as("page size %d", limit).containsExactlyElementsOf(expected(query, data));
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.stowage.testkit.ContactStoreContract#filters")
        void filtered_pages_return_every_match_exactly_once(Filter filter) {
            List<Contact> data = dataset();
            for (ContactSort sort : ContactSort.values()) {
                ContactQuery query = filter.query().apply(data).sort(sort, SortDirection.ASC).limit(4).build();

                assertThat(readAllPages(query)).as("sorted by %s", sort).containsExactlyElementsOf(expected(query, data));
            }
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(SortDirection.class)
        void contacts_updated_between_pages_appear_exactly_once_when_sorted_by_created_at(SortDirection direction) {
            assertUpdatesBetweenPagesKeepEveryContactOnce(ContactSort.CREATED_AT, direction);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(SortDirection.class)
        void contacts_updated_between_pages_appear_exactly_once_when_sorted_by_last_name(SortDirection direction) {
            assertUpdatesBetweenPagesKeepEveryContactOnce(ContactSort.LAST_NAME, direction);
        }

        private void assertUpdatesBetweenPagesKeepEveryContactOnce(ContactSort sort, SortDirection direction) {
            List<Contact> data = dataset();
            ContactQuery query = ContactQuery.builder().sort(sort, direction).limit(4).build();
            List<Contact> order = expected(query, data);

            List<Contact> read = readAllPages(query, (pageNumber, page) -> {
                int position = positionAfter(order, page);
                touch(order.get(position - 1), "seen, then updated");
                if (position < order.size()) {
                    touch(order.get(position), "updated before its page");
                }
                if (position + 1 < order.size()) {
                    touch(order.get(position + 1), "updated before its page too");
                }
            });

            assertThat(ids(read)).containsExactlyElementsOf(ids(order));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(SortDirection.class)
        void contacts_not_updated_between_pages_appear_exactly_once_when_sorted_by_updated_at(SortDirection direction) {
            List<Contact> data = dataset();
            ContactQuery query = ContactQuery.builder().sort(ContactSort.UPDATED_AT, direction).limit(5).build();
            List<Contact> order = expected(query, data);
            List<UUID> touched = new ArrayList<>();

            List<Contact> read = readAllPages(query, (pageNumber, page) -> {
                int position = positionAfter(order, page);
                if (position + 2 < order.size()) {
                    touched.add(touch(order.get(position + 2), "moved by an update").id());
                }
            });

            List<UUID> untouched = ids(order).stream().filter(id -> !touched.contains(id)).toList();
            List<UUID> readUntouched = ids(read).stream().filter(id -> !touched.contains(id)).toList();
            assertThat(readUntouched).containsExactlyElementsOf(untouched);
            assertThat(ids(read)).allMatch(ids(data)::contains);
        }

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("dev.stowage.testkit.ContactStoreContract#sortsAndDirections")
        void contacts_deleted_between_pages_are_skipped_and_the_rest_appear_exactly_once(ContactSort sort,
                                                                                        SortDirection direction) {
            List<Contact> data = dataset();
            ContactQuery query = ContactQuery.builder().sort(sort, direction).limit(4).build();
            List<Contact> order = expected(query, data);
            List<UUID> deletedBeforeSeen = new ArrayList<>();

            List<Contact> read = readAllPages(query, (pageNumber, page) -> {
                int position = positionAfter(order, page);
                store().delete(order.get(position - 1).id());
                if (position < order.size()) {
                    store().delete(order.get(position).id());
                    deletedBeforeSeen.add(order.get(position).id());
                }
            });

            List<UUID> expectedIds = ids(order).stream().filter(id -> !deletedBeforeSeen.contains(id)).toList();
            assertThat(ids(read)).containsExactlyElementsOf(expectedIds);
        }

        @Test
        void a_contact_created_between_pages_appears_once_when_it_sorts_after_the_cursor() {
            createContacts(6);
            ContactQuery query = ContactQuery.builder().sort(ContactSort.CREATED_AT, SortDirection.ASC).limit(2).build();
            List<Contact> added = new ArrayList<>();

            List<Contact> read = readAllPages(query, (pageNumber, page) -> {
                if (pageNumber == 1) {
                    clock.advance(Duration.ofMillis(1));
                    added.add(store().create(Fixtures.contact(100)));
                }
            });

            assertThat(ids(read)).doesNotHaveDuplicates().containsAll(ids(everything())).hasSize(7);
            assertThat(read.get(read.size() - 1)).isEqualTo(added.get(0));
        }

        @Test
        void a_cursor_still_works_after_the_contact_it_points_at_is_deleted() {
            List<Contact> created = createContacts(6);
            ContactQuery query = ContactQuery.builder().sort(ContactSort.CREATED_AT, SortDirection.ASC).limit(3).build();
            Page<Contact> first = store().search(query);
            store().delete(first.items().get(2).id());

            Page<Contact> second = store().search(query.after(first.nextCursor().orElseThrow()));

            assertThat(second.items()).containsExactlyElementsOf(created.subList(3, 6));
        }

        @Test
        void a_cursor_continues_in_a_query_built_from_scratch() {
            List<Contact> created = createContacts(5);
            Page<Contact> first = store().search(ContactQuery.builder()
                    .sort(ContactSort.CREATED_AT, SortDirection.DESC).limit(2).build());

            Page<Contact> second = store().search(ContactQuery.builder()
                    .sort(ContactSort.CREATED_AT, SortDirection.DESC).limit(2)
                    .cursor(first.nextCursor().orElseThrow()).build());

            assertThat(second.items()).containsExactly(created.get(2), created.get(1));
        }

        @Test
        void a_cursor_of_another_sort_is_rejected_naming_cursor() {
            createContacts(3);
            String cursor = store().search(ContactQuery.builder().sort(ContactSort.UPDATED_AT, SortDirection.DESC)
                    .limit(1).build()).nextCursor().orElseThrow();

            Expect.validation(() -> store().search(ContactQuery.builder()
                    .sort(ContactSort.LAST_NAME, SortDirection.DESC).cursor(cursor).build()), "cursor");
            Expect.validation(() -> store().search(ContactQuery.builder()
                    .sort(ContactSort.CREATED_AT, SortDirection.DESC).cursor(cursor).build()), "cursor");
        }

        @Test
        void a_cursor_of_the_other_direction_is_rejected_naming_cursor() {
            createContacts(3);
            String cursor = store().search(ContactQuery.builder().sort(ContactSort.CREATED_AT, SortDirection.ASC)
                    .limit(1).build()).nextCursor().orElseThrow();

            Expect.validation(() -> store().search(ContactQuery.builder()
                    .sort(ContactSort.CREATED_AT, SortDirection.DESC).cursor(cursor).build()), "cursor");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "not-a-cursor", "YWJj", "%%%", "YzEfb25seQ", "{\"sort\":\"UPDATED_AT\"}",
            "YzEfVVBEQVRFRF9BVB9ERVNDHzAfbm90LWEtdXVpZA",
            "YzEfVVBEQVRFRF9BVB9ERVNDH2FiYx8wMTkwMDAwMC0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwMDE",
            "YzEfYzIfVVBEQVRFRF9BVB9ERVNDHzAfMDE5MDAwMDAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMDAx",
            "YzEfaGlzdG9yeR8xH2FjY3Q"})
        void a_garbage_cursor_is_rejected_naming_cursor(String garbage) {
            createContacts(2);

            Expect.validation(() -> store().search(ContactQuery.builder().cursor(garbage).build()), "cursor");
        }

        @Test
        void a_truncated_cursor_is_rejected_naming_cursor() {
            createContacts(3);
            String cursor = store().search(ContactQuery.builder().limit(1).build()).nextCursor().orElseThrow();

            Expect.validation(() -> store().search(ContactQuery.builder()
                    .cursor(cursor.substring(0, cursor.length() / 2)).build()), "cursor");
        }

        static Stream<Arguments> forgedTimeKeys() {
            long min = Timestamps.toEpochMicros(Timestamps.MIN);
            long max = Timestamps.toEpochMicros(Timestamps.MAX);
            return Stream.of(ContactSort.UPDATED_AT, ContactSort.CREATED_AT).flatMap(sort -> Stream.of(
                    Long.toString(Long.MAX_VALUE), Long.toString(Long.MIN_VALUE), Long.toString(max + 1),
                    Long.toString(min - 1), "99999999999999999999", "+1", "007", "1e3", "1.5", "", " 1")
                    .map(key -> Arguments.of(sort, key)));
        }

        @ParameterizedTest(name = "{0} key \"{1}\"")
        @MethodSource("forgedTimeKeys")
        void a_cursor_with_a_forged_time_key_is_rejected_naming_cursor(ContactSort sort, String key) {
            createContacts(3);
            ContactQuery query = ContactQuery.builder().sort(sort, SortDirection.ASC).limit(1).build();
            String cursor = store().search(query).nextCursor().orElseThrow();

            Expect.validation(() -> store().search(query.toBuilder().cursor(forgedKey(cursor, key)).build()), "cursor");
            Expect.validation(() -> store().search(query.toBuilder().sort(sort, SortDirection.DESC)
                    .cursor(forgedKey(cursor, key)).build()), "cursor");
        }

        static Stream<Arguments> forgedLastNameKeys() {
            return Stream.of(
                    Arguments.of(Named.of("a NUL character", base64Url("Null\u0000Byte".getBytes(StandardCharsets.UTF_8)))),
                    Arguments.of(Named.of("an encoded lone surrogate", base64Url(new byte[] {'A', (byte) 0xED, (byte) 0xA0, (byte) 0x80}))),
                    Arguments.of(Named.of("malformed UTF-8", base64Url(new byte[] {'A', (byte) 0xC3}))),
                    Arguments.of(Named.of("a name longer than any stored one",
                            base64Url("x".repeat(ContactDraft.MAX_NAME_LENGTH + 1).getBytes(StandardCharsets.UTF_8)))),
                    Arguments.of(Named.of("characters outside base64url", "Ad+/"))
            );
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("forgedLastNameKeys")
        void a_cursor_with_a_forged_last_name_key_is_rejected_naming_cursor(String key) {
            createContacts(3);
            for (SortDirection direction : SortDirection.values()) {
                ContactQuery query = ContactQuery.builder().sort(ContactSort.LAST_NAME, direction).limit(1).build();
                String cursor = store().search(query).nextCursor().orElseThrow();

                Expect.validation(() -> store().search(query.after(forgedKey(cursor, key))), "cursor");
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"1-1-1-1-1", "0190B6E2-0000-7000-8000-000000000001", "not-an-id", ""})
        void a_cursor_with_a_forged_id_is_rejected_naming_cursor(String id) {
            createContacts(3);
            ContactQuery query = ContactQuery.builder().sort(ContactSort.CREATED_AT, SortDirection.ASC).limit(1).build();
            String cursor = store().search(query).nextCursor().orElseThrow();

            Expect.validation(() -> store().search(query.after(forgedPart(cursor, 1, id))), "cursor");
        }

        @Test
        void a_cursor_with_base64_padding_or_extra_parts_is_rejected_naming_cursor() {
            createContacts(3);
            ContactQuery query = ContactQuery.builder().limit(1).build();
            String cursor = store().search(query).nextCursor().orElseThrow();
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);

            Expect.validation(() -> store().search(query.after(cursor + "=")), "cursor");
            Expect.validation(() -> store().search(query.after(
                    base64Url((raw + "\u001Fextra").getBytes(StandardCharsets.UTF_8)))), "cursor");
        }

        static Stream<Filter> otherFilters() {
            return Stream.of(
                    new Filter("a status", data -> ContactQuery.builder().statuses(ContactStatus.ACTIVE)),
                    new Filter("another status", data -> ContactQuery.builder().statuses(ContactStatus.ARCHIVED)),
                    new Filter("an any-tag", data -> ContactQuery.builder().anyTags("lead")),
                    new Filter("an all-tag", data -> ContactQuery.builder().allTags("lead")),
                    new Filter("a company", data -> ContactQuery.builder().company("Acme")),
                    new Filter("an empty company", data -> ContactQuery.builder().company("")),
                    new Filter("updated after", data -> ContactQuery.builder().updatedAfter(Instant.EPOCH)),
                    new Filter("a text", data -> ContactQuery.builder().text("fixture")));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("otherFilters")
        void a_cursor_of_a_query_with_other_filters_is_rejected_naming_cursor(Filter filter) {
            dataset();
            ContactQuery unfiltered = ContactQuery.builder().sort(ContactSort.CREATED_AT, SortDirection.ASC).limit(1).build();
            ContactQuery filtered = filter.query().apply(List.of()).sort(ContactSort.CREATED_AT, SortDirection.ASC)
                    .limit(1).build();
            String unfilteredCursor = store().search(unfiltered).nextCursor().orElseThrow();
            String filteredCursor = filtered.cursorAfter(everything().get(0));

            Expect.validation(() -> store().search(filtered.after(unfilteredCursor)), "cursor");
            Expect.validation(() -> store().search(unfiltered.after(filteredCursor)), "cursor");
            Expect.validation(() -> store().search(filtered.toBuilder().text("revised").build().after(filteredCursor)),
                    "cursor");
        }

        @Test
        void a_cursor_continues_the_same_filters_given_in_another_order_and_with_another_page_size() {
            dataset();
            ContactQuery first = ContactQuery.builder().sort(ContactSort.LAST_NAME, SortDirection.ASC)
                    .statuses(ContactStatus.ACTIVE, ContactStatus.INACTIVE).anyTags("lead", "vip")
                    .text("fixture contact").limit(2).build();
            ContactQuery same = ContactQuery.builder().sort(ContactSort.LAST_NAME, SortDirection.ASC)
                    .statuses(ContactStatus.INACTIVE, ContactStatus.ACTIVE).anyTags("vip", "lead")
                    .text("CONTACT fixture").limit(ContactQuery.MAX_LIMIT).build();
            List<Contact> expected = expected(first, everything());
            Page<Contact> page = store().search(first);

            Page<Contact> rest = store().search(same.after(page.nextCursor().orElseThrow()));

            List<Contact> read = new ArrayList<>(page.items());
            read.addAll(rest.items());
            assertThat(read).containsExactlyElementsOf(expected);
        }

        @Test
        void a_cursor_past_the_last_contact_gives_an_empty_last_page() {
            List<Contact> created = createContacts(3);
            ContactQuery query = ContactQuery.builder().sort(ContactSort.CREATED_AT, SortDirection.ASC).build();

            Page<Contact> page = store().search(query.after(query.cursorAfter(created.get(2))));

            assertThat(page.items()).isEmpty();
            assertThat(page.nextCursor()).isEmpty();
        }
    }

    /** {@link ContactStore#count}. */
    @Nested
    public class Counting {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.stowage.testkit.ContactStoreContract#filters")
        void count_equals_the_number_of_matching_contacts(Filter filter) {
            List<Contact> data = dataset();
            ContactQuery query = filter.build(data);

            long count = store().count(query);

            assertThat(count).isEqualTo(expected(query, data).size());
            assertThat(count).isEqualTo(readAllPages(query.toBuilder().limit(7).build()).size());
        }

        @Test
        void count_ignores_sort_limit_and_cursor() {
            List<Contact> created = createContacts(9);
            ContactQuery paged = ContactQuery.builder().sort(ContactSort.CREATED_AT, SortDirection.ASC).limit(2).build();
            ContactQuery afterThird = paged.after(paged.cursorAfter(created.get(2)));

            assertThat(store().count(paged)).isEqualTo(9);
            assertThat(store().count(afterThird)).isEqualTo(9);
        }

        @Test
        void count_of_an_empty_store_is_zero() {
            assertThat(store().count(ContactQuery.all())).isZero();
        }

        @Test
        void count_follows_creates_updates_and_deletes() {
            List<Contact> created = createContacts(4);
            ContactQuery vip = ContactQuery.builder().anyTags("vip").build();
            assertThat(store().count(vip)).isZero();

            store().update(created.get(0).id(), 1, created.get(0).toDraft().toBuilder().tags("vip").build());
            store().delete(created.get(1).id());

            assertThat(store().count(vip)).isEqualTo(1);
            assertThat(store().count(ContactQuery.all())).isEqualTo(3);
            store().delete(created.get(0).id());
            assertThat(store().count(vip)).isZero();
        }
    }

    /** {@link ContactStore#scan}. */
    @Nested
    public class Scanning {

        @Test
        void scan_from_the_start_returns_every_contact_in_ascending_unsigned_id_order() {
            List<Contact> created = createContacts(10);

            List<Contact> scanned = store().scan(null, 100);

            assertThat(scanned).containsExactlyInAnyOrderElementsOf(created);
            assertThat(ids(scanned)).isSortedAccordingTo(Ids.UNSIGNED_ORDER);
        }

        @Test
        void scan_orders_ids_as_unsigned_numbers_across_the_sign_bit() {
            Instant at = Timestamps.now(clock);
            List<UUID> edgeIds = Fixtures.edgeIds();
            List<Contact> imported = new ArrayList<>();
            for (int i = edgeIds.size() - 1; i >= 0; i--) {
                imported.add(Fixtures.imported(edgeIds.get(i), Fixtures.contact(i), at, at, 1));
            }
            store().importContacts(imported);

            assertThat(ids(store().scan(null, 100))).containsExactlyElementsOf(edgeIds);
            assertThat(ids(store().scan(edgeIds.get(3), 100))).containsExactlyElementsOf(edgeIds.subList(4, edgeIds.size()));
        }

        @Test
        void scan_after_an_id_continues_strictly_after_it() {
            List<Contact> sorted = sortedById(createContacts(6));

            assertThat(store().scan(sorted.get(2).id(), 100)).containsExactlyElementsOf(sorted.subList(3, 6));
        }

        @Test
        void scan_after_an_id_that_does_not_exist_continues_with_the_next_larger_id() {
            Instant at = Timestamps.now(clock);
            List<UUID> edgeIds = Fixtures.edgeIds();
            List<Contact> imported = new ArrayList<>();
            for (int i = 0; i < edgeIds.size(); i += 2) {
                imported.add(Fixtures.imported(edgeIds.get(i), Fixtures.contact(i), at, at, 1));
            }
            store().importContacts(imported);

            assertThat(ids(store().scan(edgeIds.get(3), 100))).containsExactly(edgeIds.get(4), edgeIds.get(6));
        }

        @Test
        void scanning_in_batches_reads_every_contact_exactly_once() {
            List<Contact> created = createContacts(11);
            for (int limit : new int[] {1, 3, 10, 11, 12}) {
                List<Contact> read = new ArrayList<>();
                UUID after = null;
                while (true) {
                    List<Contact> batch = store().scan(after, limit);
                    assertThat(batch).hasSizeLessThanOrEqualTo(limit);
                    read.addAll(batch);
                    if (batch.size() < limit) {
                        break;
                    }
                    after = batch.get(batch.size() - 1).id();
                }
                assertThat(read).as("batches of %d", limit).containsExactlyElementsOf(sortedById(created));
            }
        }

        @Test
        void scan_after_the_last_id_is_empty() {
            List<Contact> sorted = sortedById(createContacts(3));

            assertThat(store().scan(sorted.get(2).id(), 10)).isEmpty();
        }

        @Test
        void scan_includes_every_status() {
            List<Contact> created = createContacts(6);

            assertThat(store().scan(null, 10)).extracting(Contact::status)
                    .containsExactlyInAnyOrderElementsOf(created.stream().map(Contact::status).toList())
                    .contains(ContactStatus.ACTIVE, ContactStatus.INACTIVE, ContactStatus.ARCHIVED);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, 10_001, Integer.MAX_VALUE, Integer.MIN_VALUE})
        void a_scan_limit_outside_one_to_ten_thousand_is_rejected_naming_limit(int limit) {
            Expect.validation(() -> store().scan(null, limit), "limit");
        }

        @Test
        void a_scan_limit_of_ten_thousand_is_accepted() {
            List<Contact> created = createContacts(2);

            assertThat(store().scan(null, 10_000)).containsExactlyElementsOf(sortedById(created));
        }

        private List<Contact> sortedById(List<Contact> contacts) {
            return contacts.stream().sorted(Comparator.comparing(Contact::id, Ids.UNSIGNED_ORDER)).toList();
        }
    }

    /** {@link ContactStore#importContacts}. */
    @Nested
    public class Importing {

        private final Instant past = Instant.parse("2021-06-15T08:00:00.123456Z");

        @Test
        void an_import_inserts_contacts_keeping_id_version_and_timestamps_exactly() {
            Contact one = Fixtures.imported(UUID.randomUUID(), Fixtures.sourcedContact(1), past, past.plusSeconds(60), 7);
            Contact two = Fixtures.imported(UUID.randomUUID(), Fixtures.contact(2), past, past, 1);

            ImportResult result = store().importContacts(List.of(one, two));

            assertThat(result).isEqualTo(new ImportResult(2, 0, 0));
            assertThat(store().get(one.id())).contains(one);
            assertThat(store().get(two.id())).contains(two);
        }

        @Test
        void an_import_may_swap_the_source_keys_of_two_stored_contacts() {
            Contact first = store().create(Fixtures.sourcedContact(1));
            Contact second = store().create(Fixtures.sourcedContact(2));
            Contact firstTakesSecondsKey = Fixtures.imported(first.id(), first.toDraft().toBuilder()
                    .source(second.source(), second.sourceId()).build(), first.createdAt(), first.updatedAt(), 2);
            Contact secondTakesFirstsKey = Fixtures.imported(second.id(), second.toDraft().toBuilder()
                    .source(first.source(), first.sourceId()).build(), second.createdAt(), second.updatedAt(), 2);

            ImportResult result = store().importContacts(List.of(firstTakesSecondsKey, secondTakesFirstsKey));

            assertThat(result).isEqualTo(new ImportResult(0, 2, 0));
            assertThat(store().findBySource(second.source(), second.sourceId())).contains(firstTakesSecondsKey);
            assertThat(store().findBySource(first.source(), first.sourceId())).contains(secondTakesFirstsKey);
        }

        @Test
        void an_import_replaces_a_contact_with_a_lower_version() {
            Contact created = store().create(Fixtures.contact(1));
            Contact newer = Fixtures.imported(created.id(), Fixtures.contact(9), past, past.plusSeconds(1), 5);

            ImportResult result = store().importContacts(List.of(newer));

            assertThat(result).isEqualTo(new ImportResult(0, 1, 0));
            assertThat(store().get(created.id())).contains(newer);
        }

        @Test
        void an_import_never_overwrites_the_same_version() {
            Contact created = store().create(Fixtures.contact(1));
            Contact same = Fixtures.imported(created.id(), Fixtures.contact(9), past, past, 1);

            ImportResult result = store().importContacts(List.of(same));

            assertThat(result).isEqualTo(new ImportResult(0, 0, 1));
            assertThat(store().get(created.id())).contains(created);
        }

        @Test
        void an_import_never_overwrites_a_newer_version() {
            Contact created = store().create(Fixtures.contact(1));
            Contact current = store().update(created.id(), 1, Fixtures.contact(2));
            current = store().update(current.id(), 2, Fixtures.contact(3));
            Contact older = Fixtures.imported(created.id(), Fixtures.contact(9), past, past, 2);

            ImportResult result = store().importContacts(List.of(older));

            assertThat(result).isEqualTo(new ImportResult(0, 0, 1));
            assertThat(store().get(created.id())).contains(current);
        }

        @Test
        void an_import_reports_inserted_updated_and_skipped_for_a_mixed_batch() {
            Contact a = store().create(Fixtures.contact(1));
            Contact b = store().create(Fixtures.contact(2));
            Contact c = store().create(Fixtures.contact(3));
            List<Contact> batch = List.of(
                    Fixtures.imported(a.id(), Fixtures.contact(11), past, past, 2),
                    Fixtures.imported(b.id(), Fixtures.contact(12), past, past, 1),
                    Fixtures.imported(UUID.randomUUID(), Fixtures.contact(13), past, past, 3),
                    Fixtures.imported(c.id(), Fixtures.contact(14), past, past, 4),
                    Fixtures.imported(UUID.randomUUID(), Fixtures.contact(15), past, past, 1));

            ImportResult result = store().importContacts(batch);

            assertThat(result).isEqualTo(new ImportResult(2, 2, 1));
            assertThat(everything()).containsExactlyInAnyOrder(batch.get(0), b, batch.get(2), batch.get(3), batch.get(4));
        }

        @Test
        void an_import_of_nothing_does_nothing() {
            assertThat(store().importContacts(List.of())).isEqualTo(ImportResult.EMPTY);
            assertNothingStored();
        }

        @Test
        void importing_the_same_batch_twice_skips_everything_the_second_time() {
            List<Contact> batch = IntStream.range(0, 5)
                    .mapToObj(n -> Fixtures.imported(UUID.randomUUID(), Fixtures.sourcedContact(n), past, past, 2)).toList();

            assertThat(store().importContacts(batch)).isEqualTo(new ImportResult(5, 0, 0));
            assertThat(store().importContacts(batch)).isEqualTo(new ImportResult(0, 0, 5));
            assertThat(everything()).containsExactlyInAnyOrderElementsOf(batch);
        }

        @Test
        void an_import_whose_source_belongs_to_another_contact_is_rejected_and_writes_nothing() {
            Contact owner = store().create(Fixtures.sourcedContact(1));
            Contact fresh = Fixtures.imported(UUID.randomUUID(), Fixtures.contact(2), past, past, 1);
            Contact clash = Fixtures.imported(UUID.randomUUID(), Fixtures.sourcedContact(1), past, past, 1);

            Expect.conflict(() -> store().importContacts(List.of(fresh, clash)), Reason.DUPLICATE_KEY);

            assertThat(everything()).containsExactly(owner);
        }

        @Test
        void a_replacing_import_that_would_take_another_contacts_source_is_rejected_and_writes_nothing() {
            Contact owner = store().create(Fixtures.sourcedContact(1));
            Contact other = store().create(Fixtures.contact(2));
            Contact fresh = Fixtures.imported(UUID.randomUUID(), Fixtures.contact(3), past, past, 1);
            Contact takeover = Fixtures.imported(other.id(), Fixtures.sourcedContact(1), past, past, 9);

            Expect.conflict(() -> store().importContacts(List.of(fresh, takeover)), Reason.DUPLICATE_KEY);

            assertThat(everything()).containsExactlyInAnyOrder(owner, other);
        }

        @Test
        void two_contacts_of_one_batch_with_the_same_source_are_rejected_and_nothing_is_written() {
            Contact first = Fixtures.imported(UUID.randomUUID(), Fixtures.sourcedContact(1), past, past, 1);
            Contact second = Fixtures.imported(UUID.randomUUID(), Fixtures.sourcedContact(1).toBuilder()
                    .firstName("Other").build(), past, past, 1);

            Expect.conflict(() -> store().importContacts(List.of(first, second)), Reason.DUPLICATE_KEY);

            assertNothingStored();
        }

        @Test
        void a_batch_that_repeats_an_id_is_rejected_naming_the_repeat_and_writes_nothing() {
            UUID id = UUID.randomUUID();
            List<Contact> batch = List.of(
                    Fixtures.imported(UUID.randomUUID(), Fixtures.contact(0), past, past, 1),
                    Fixtures.imported(id, Fixtures.contact(1), past, past, 1),
                    Fixtures.imported(id, Fixtures.contact(2), past, past, 2));

            Expect.validation(() -> store().importContacts(batch), "contacts[2].id");

            assertNothingStored();
        }

        @Test
        void a_batch_of_more_than_ten_thousand_contacts_is_rejected_naming_contacts_and_writes_nothing() {
            ContactDraft draft = Fixtures.contact(1);
            List<Contact> batch = new ArrayList<>();
            for (int i = 0; i <= 10_000; i++) {
                batch.add(Fixtures.imported(new UUID(1L, i), draft, past, past, 1));
            }

            Expect.validation(() -> store().importContacts(batch), "contacts");

            assertNothingStored();
        }

        @Test
        void imported_contacts_are_found_by_source_email_text_search_count_and_scan() {
            Contact imported = Fixtures.imported(UUID.randomUUID(), Fixtures.sourcedContact(4).toBuilder()
                    .notes("imported from the mainframe").build(), past, past, 3);

            store().importContacts(List.of(imported));

            assertThat(store().findBySource(Fixtures.SOURCE, "crm-4")).contains(imported);
            assertThat(store().findByEmail(imported.email().toUpperCase(Locale.ROOT))).containsExactly(imported);
            assertThat(store().search(ContactQuery.builder().text("mainframe").build()).items()).containsExactly(imported);
            assertThat(store().count(ContactQuery.builder().text("mainframe").build())).isEqualTo(1);
            assertThat(store().scan(null, 10)).containsExactly(imported);
        }

        @Test
        void an_imported_contact_is_updated_from_its_imported_version() {
            Contact imported = Fixtures.imported(UUID.randomUUID(), Fixtures.contact(1), past, past, 4);
            store().importContacts(List.of(imported));

            Expect.conflict(() -> store().update(imported.id(), 1, Fixtures.contact(2)), Reason.VERSION_MISMATCH);
            Contact updated = store().update(imported.id(), 4, Fixtures.contact(2));

            assertThat(updated.version()).isEqualTo(5);
            assertThat(updated.createdAt()).isEqualTo(past);
            assertThat(updated.updatedAt()).isEqualTo(Timestamps.now(clock));
        }

        @Test
        void an_identical_upsert_after_an_import_keeps_the_imported_version_and_timestamps() {
            Contact imported = Fixtures.imported(UUID.randomUUID(), Fixtures.sourcedContact(1), past, past, 6);
            store().importContacts(List.of(imported));

            assertThat(store().upsertBySource(Fixtures.sourcedContact(1))).isEqualTo(imported);
        }

        @Test
        void a_replacing_import_moves_the_contact_between_source_and_email_lookups() {
            Contact created = store().create(Fixtures.sourcedContact(1));
            Contact replacement = Fixtures.imported(created.id(), Fixtures.contact(1).toBuilder()
                    .email("replaced@example.com").source("erp", "e-1").build(), past, past, 2);

            store().importContacts(List.of(replacement));

            assertThat(store().findBySource(Fixtures.SOURCE, "crm-1")).isEmpty();
            assertThat(store().findBySource("erp", "e-1")).contains(replacement);
            assertThat(store().findByEmail(created.email())).isEmpty();
            assertThat(store().findByEmail("replaced@example.com")).containsExactly(replacement);
            Contact reuse = store().create(Fixtures.sourcedContact(1));
            assertThat(store().findBySource(Fixtures.SOURCE, "crm-1")).contains(reuse);
        }

        @Test
        void timestamps_at_the_edges_of_the_supported_range_round_trip_exactly() {
            List<Contact> batch = new ArrayList<>();
            int n = 0;
            for (Instant instant : Fixtures.edgeInstants()) {
                batch.add(Fixtures.imported(UUID.randomUUID(), Fixtures.contact(n++), instant, instant, 1));
                batch.add(Fixtures.imported(UUID.randomUUID(), Fixtures.contact(n++), Fixtures.edgeInstants().get(0), instant, 1));
            }

            store().importContacts(batch);

            for (Contact contact : batch) {
                assertThat(store().get(contact.id())).contains(contact);
            }
        }

        @ParameterizedTest
        @ValueSource(longs = {Contact.MAX_IMPORTED_VERSION + 1, Long.MAX_VALUE / 2, Long.MAX_VALUE})
        void a_version_above_the_largest_importable_one_is_rejected_naming_it_and_nothing_is_written(long version) {
            Contact fine = Fixtures.imported(UUID.randomUUID(), Fixtures.contact(1), past, past, 1);
            Contact tooHigh = Fixtures.imported(UUID.randomUUID(), Fixtures.contact(2), past, past, version);

            Expect.validation(() -> store().importContacts(List.of(fine, tooHigh)), "contacts[1].version");

            assertNothingStored();
        }

        @Test
        void a_contact_imported_at_the_largest_version_can_still_be_updated_and_deleted() {
            long largest = Contact.MAX_IMPORTED_VERSION;
            Contact imported = Fixtures.imported(UUID.randomUUID(), Fixtures.sourcedContact(1), past, past, largest);
            store().importContacts(List.of(imported));

            Contact updated = store().update(imported.id(), largest, Fixtures.sourcedContact(2));
            Contact upserted = store().upsertBySource(Fixtures.sourcedContact(2).toBuilder().title("Upserted").build());

            assertThat(updated.version()).isEqualTo(largest + 1);
            assertThat(upserted.version()).isEqualTo(largest + 2);
            assertThat(store().get(imported.id())).contains(upserted);
            Expect.conflict(() -> store().delete(imported.id(), largest), Reason.VERSION_MISMATCH);
            assertThat(store().delete(imported.id(), largest + 2)).isTrue();
            assertNothingStored();
        }

        @Test
        void imported_timestamps_take_part_in_sorting_and_filters() {
            Contact old = Fixtures.imported(UUID.randomUUID(), Fixtures.contact(1), past, past, 1);
            Contact older = Fixtures.imported(UUID.randomUUID(), Fixtures.contact(2), past.minusSeconds(1), past.minusSeconds(1), 1);
            store().importContacts(List.of(old, older));
            Contact live = store().create(Fixtures.contact(3));

            assertThat(store().search(ContactQuery.builder().sort(ContactSort.CREATED_AT, SortDirection.ASC).build()).items())
                    .containsExactly(older, old, live);
            assertThat(store().search(ContactQuery.builder().updatedAfter(older.updatedAt()).build()).items())
                    .containsExactly(live, old);
        }
    }

    /** Rejected input: {@code ValidationException} naming the field, and nothing written. */
    @Nested
    public class Validation {

        static Stream<Arguments> invalidDrafts() {
            return Stream.of(
                    invalid("a missing email", "email", () -> ContactDraft.builder(null).build()),
                    invalid("an email without a domain", "email", () -> ContactDraft.builder("ada@").build()),
                    invalid("an email with a space", "email", () -> ContactDraft.builder("ada lovelace@example.com").build()),
                    invalid("an email over 254 characters", "email",
                            () -> ContactDraft.builder("a".repeat(243) + "@example.com").build()),
                    invalid("a first name over 200 characters", "firstName",
                            () -> ContactDraft.builder("a@example.com").firstName(Fixtures.text(201)).build()),
                    invalid("a last name with a NUL character", "lastName",
                            () -> ContactDraft.builder("a@example.com").lastName("Null\u0000Byte").build()),
                    invalid("a company with an unpaired surrogate", "company",
                            () -> ContactDraft.builder("a@example.com").company("broken \uD800 text").build()),
                    invalid("a phone over 50 characters", "phone",
                            () -> ContactDraft.builder("a@example.com").phone("1".repeat(51)).build()),
                    invalid("a title over 200 characters", "title",
                            () -> ContactDraft.builder("a@example.com").title(Fixtures.text(201)).build()),
                    invalid("notes over 10 000 characters", "notes",
                            () -> ContactDraft.builder("a@example.com").notes(Fixtures.text(10_001)).build()),
                    invalid("a blank tag", "tags[0]", () -> ContactDraft.builder("a@example.com").tags(" ").build()),
                    invalid("a tag over 100 characters", "tags[0]",
                            () -> ContactDraft.builder("a@example.com").tags("t".repeat(101)).build()),
                    invalid("more than 100 tags", "tags", () -> ContactDraft.builder("a@example.com")
                            .tags(IntStream.range(0, 101).mapToObj(i -> "tag" + i).toList()).build()),
                    invalid("a source without a source id", "sourceId",
                            () -> ContactDraft.builder("a@example.com").source("crm", null).build()),
                    invalid("a source id without a source", "source",
                            () -> ContactDraft.builder("a@example.com").source(null, "x").build()),
                    invalid("a source with whitespace", "source",
                            () -> ContactDraft.builder("a@example.com").source("my crm", "x").build()),
                    invalid("a custom field that is not JSON", "customFields.when",
                            () -> ContactDraft.builder("a@example.com").customFields(Map.of("when", Instant.EPOCH)).build()),
                    invalid("a custom field that is not a finite number", "customFields.ratio",
                            () -> ContactDraft.builder("a@example.com").customFields(Map.of("ratio", Double.NaN)).build()),
                    invalid("custom fields nested too deep", "customFields" + ".next".repeat(16),
                            () -> ContactDraft.builder("a@example.com")
                                    .customFields(Fixtures.nestedJson(JsonValues.MAX_DEPTH + 1)).build()));
        }

        private static Arguments invalid(String label, String field, Supplier<ContactDraft> draft) {
            return Arguments.of(Named.of(label, draft), field);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalidDrafts")
        void an_invalid_draft_is_rejected_by_create_naming_the_field_and_nothing_is_written(Supplier<ContactDraft> draft,
                                                                                        String field) {
            Expect.validation(() -> store().create(draft.get()), field);

            assertNothingStored();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalidDrafts")
        void an_invalid_draft_is_rejected_by_update_naming_the_field_and_nothing_changes(Supplier<ContactDraft> draft,
                                                                                     String field) {
            Contact created = store().create(Fixtures.contact(1));

            Expect.validation(() -> store().update(created.id(), 1, draft.get()), field);

            assertThat(everything()).containsExactly(created);
        }

        static Stream<Arguments> invalidCalls() {
            return Stream.of(
                    call("create without a draft", "draft", store -> store.create(null)),
                    call("get without an id", "id", store -> store.get(null)),
                    call("get all without ids", "ids", store -> store.getAll(null)),
                    call("get all with a missing id", "ids[1]",
                            store -> store.getAll(Arrays.asList(UUID.randomUUID(), null))),
                    call("find by source with a blank source", "source", store -> store.findBySource(" ", "x")),
                    call("find by source with a blank source id", "sourceId", store -> store.findBySource("crm", "")),
                    call("find by email without an email", "email", store -> store.findByEmail(null)),
                    call("update without changes", "changes", store -> store.update(UUID.randomUUID(), 1, null)),
                    call("update without an id", "id", store -> store.update(null, 1, Fixtures.contact(1))),
                    call("update without a contact", "edited", store -> store.update((Contact) null)),
                    call("upsert without a draft", "draft", store -> store.upsertBySource(null)),
                    call("delete without an id", "id", store -> store.delete(null)),
                    call("versioned delete without an id", "id", store -> store.delete(null, 1)),
                    call("search without a query", "query", store -> store.search(null)),
                    call("search with no statuses array", "statuses",
                            store -> store.search(ContactQuery.builder().statuses((ContactStatus[]) null).build())),
                    call("search with no any-tags collection", "anyTags",
                            store -> store.search(ContactQuery.builder().anyTags((Collection<String>) null).build())),
                    call("search with no any-tags array", "anyTags",
                            store -> store.search(ContactQuery.builder().anyTags((String[]) null).build())),
                    call("search with no all-tags collection", "allTags",
                            store -> store.search(ContactQuery.builder().allTags((Collection<String>) null).build())),
                    call("count with no all-tags array", "allTags",
                            store -> store.count(ContactQuery.builder().allTags((String[]) null).build())),
                    call("create with no tags collection", "tags",
                            store -> store.create(ContactDraft.builder("a@example.com").tags((Collection<String>) null).build())),
                    call("create with no tags array", "tags",
                            store -> store.create(ContactDraft.builder("a@example.com").tags((String[]) null).build())),
                    call("create with no custom fields map", "customFields",
                            store -> store.create(ContactDraft.builder("a@example.com").customFields(null).build())),
                    call("import a contact built without a draft", "draft",
                            store -> store.importContacts(List.of(Contact.of(UUID.randomUUID(), null, Instant.EPOCH,
                                    Instant.EPOCH, 1)))),
                    call("count without a query", "query", store -> store.count(null)),
                    call("import without a batch", "contacts", store -> store.importContacts(null)),
                    call("import with a missing contact", "contacts[0]",
                            store -> store.importContacts(Collections.singletonList(null))));
        }

        private static Arguments call(String label, String field, Consumer<ContactStore> call) {
            return Arguments.of(Named.of(label, call), field);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalidCalls")
        void an_invalid_argument_is_rejected_naming_it_and_nothing_is_written(Consumer<ContactStore> call, String field) {
            Expect.validation(() -> call.accept(store()), field);

            assertNothingStored();
        }

        @Test
        void an_invalid_query_is_rejected_naming_the_field() {
            Expect.validation(() -> store().search(ContactQuery.builder().limit(0).build()), "limit");
            Expect.validation(() -> store().search(ContactQuery.builder().limit(1_001).build()), "limit");
            Expect.validation(() -> store().search(ContactQuery.builder().text("%_*").build()), "text");
            Expect.validation(() -> store().count(ContactQuery.builder().anyTags(" ").build()), "anyTags[0]");
        }

        @Test
        void an_invalid_contact_cannot_be_built_for_an_import() {
            Instant now = Timestamps.now(clock);
            Expect.validation(() -> store().importContacts(List.of(
                    Fixtures.imported(UUID.randomUUID(), Fixtures.contact(1), now, now.minusNanos(1_000), 1))), "updatedAt");
            Expect.validation(() -> store().importContacts(List.of(
                    Fixtures.imported(UUID.randomUUID(), Fixtures.contact(1), now, now, 0))), "version");

            assertNothingStored();
        }
    }

    /** A tenant can neither see nor change another tenant's contacts. */
    @Nested
    public class TenantIsolation {

        @Test
        void another_tenant_cannot_read_the_contact() {
            Contact created = store().create(Fixtures.sourcedContact(1));
            ContactStore other = storeOf(freshTenant());

            assertThat(other.get(created.id())).isEmpty();
            assertThat(other.getAll(List.of(created.id()))).isEmpty();
            assertThat(other.findBySource(created.source(), created.sourceId())).isEmpty();
            assertThat(other.findByEmail(created.email())).isEmpty();
        }

        @Test
        void another_tenant_sees_nothing_in_search_count_or_scan() {
            createContacts(5);
            ContactStore other = storeOf(freshTenant());

            assertThat(other.search(ContactQuery.all()).items()).isEmpty();
            assertThat(other.search(ContactQuery.builder().text("fixture").build()).items()).isEmpty();
            assertThat(other.count(ContactQuery.all())).isZero();
            assertThat(other.scan(null, 100)).isEmpty();
        }

        @Test
        void another_tenant_cannot_update_or_delete_the_contact() {
            Contact created = store().create(Fixtures.contact(1));
            ContactStore other = storeOf(freshTenant());

            Expect.conflict(() -> other.update(created.id(), 1, Fixtures.contact(2)), Reason.MISSING);
            assertThat(other.delete(created.id())).isFalse();
            assertThat(other.delete(created.id(), 1)).isFalse();

            assertThat(store().get(created.id())).contains(created);
        }

        @Test
        void the_same_source_key_in_two_tenants_belongs_to_two_independent_contacts() {
            ContactStore other = storeOf(freshTenant());
            Contact mine = store().create(Fixtures.sourcedContact(1));
            Contact theirs = other.create(Fixtures.sourcedContact(1));

            Contact theirsUpdated = other.update(theirs.id(), 1, Fixtures.sourcedContact(1).toBuilder().title("X").build());
            other.upsertBySource(Fixtures.sourcedContact(1).toBuilder().title("Y").build());

            assertThat(theirs.id()).isNotEqualTo(mine.id());
            assertThat(theirsUpdated.version()).isEqualTo(2);
            assertThat(store().findBySource(Fixtures.SOURCE, "crm-1")).contains(mine);
            assertThat(other.findBySource(Fixtures.SOURCE, "crm-1").orElseThrow().title()).isEqualTo("Y");
        }

        @Test
        void an_upsert_in_another_tenant_creates_its_own_contact() {
            Contact mine = store().upsertBySource(Fixtures.sourcedContact(2));
            ContactStore other = storeOf(freshTenant());

            Contact theirs = other.upsertBySource(Fixtures.sourcedContact(2).toBuilder().company("Theirs").build());

            assertThat(theirs.id()).isNotEqualTo(mine.id());
            assertThat(theirs.version()).isEqualTo(1);
            assertThat(store().get(mine.id())).contains(mine);
        }

        @Test
        void the_same_id_can_be_imported_into_two_tenants_independently() {
            Instant at = Timestamps.now(clock);
            UUID id = UUID.randomUUID();
            Contact mine = Fixtures.imported(id, Fixtures.sourcedContact(1), at, at, 5);
            Contact theirs = Fixtures.imported(id, Fixtures.sourcedContact(2), at, at, 1);
            ContactStore other = storeOf(freshTenant());

            assertThat(store().importContacts(List.of(mine))).isEqualTo(new ImportResult(1, 0, 0));
            assertThat(other.importContacts(List.of(theirs))).isEqualTo(new ImportResult(1, 0, 0));

            assertThat(store().get(id)).contains(mine);
            assertThat(other.get(id)).contains(theirs);
            other.delete(id);
            assertThat(store().get(id)).contains(mine);
        }

        @Test
        void a_tenant_whose_name_extends_another_shares_nothing_with_it() {
            TenantId extended = TenantId.of(tenant.value() + "-1");
            TenantId dotted = TenantId.of(tenant.value() + ".x");
            Contact mine = store().create(Fixtures.sourcedContact(1));
            Contact theirs = storeOf(extended).create(Fixtures.sourcedContact(2));

            assertThat(everything()).containsExactly(mine);
            assertThat(everythingOf(storeOf(extended))).containsExactly(theirs);
            assertThat(everythingOf(storeOf(dotted))).isEmpty();
            assertThat(store().count(ContactQuery.all())).isEqualTo(1);
            assertThat(storeOf(extended).search(ContactQuery.all()).items()).containsExactly(theirs);
            assertThat(storeOf(extended).findBySource(Fixtures.SOURCE, "crm-1")).isEmpty();
        }

        @Test
        void a_cursor_taken_in_one_tenant_reads_only_the_other_tenants_contacts() {
            createContacts(4);
            ContactStore other = storeOf(freshTenant());
            for (int n = 10; n < 14; n++) {
                clock.advance(Duration.ofMillis(1));
                other.create(Fixtures.contact(n));
            }
            ContactQuery query = ContactQuery.builder().sort(ContactSort.CREATED_AT, SortDirection.DESC).limit(1).build();
            String cursor = store().search(query).nextCursor().orElseThrow();

            List<Contact> read = other.search(query.toBuilder().limit(100).cursor(cursor).build()).items();

            assertThat(everythingOf(other)).containsAll(read);
            assertThat(ids(read)).doesNotContainAnyElementsOf(ids(everything()));
        }
    }

    /** Real threads racing on one tenant's contacts. */
    @Nested
    public class Concurrency {

        @Test
        void concurrent_creates_of_the_same_source_key_produce_exactly_one_contact() {
            List<Race.Outcome<Contact>> outcomes = Race.run(Race.THREADS,
                    i -> store().create(Fixtures.contact(i).toBuilder().source("crm", "contested").build()));

            assertThat(Race.values(outcomes)).hasSize(1);
            assertThat(Race.errors(outcomes)).hasSize(Race.THREADS - 1)
                    .allMatch(error -> Expect.isConflict(error, Reason.DUPLICATE_KEY));
            assertThat(store().count(ContactQuery.all())).isEqualTo(1);
            assertThat(store().findBySource("crm", "contested")).contains(Race.values(outcomes).get(0));
        }

        @Test
        void concurrent_identical_upserts_of_one_key_produce_one_contact_at_version_one() {
            List<Race.Outcome<Contact>> outcomes = Race.run(Race.THREADS,
                    i -> store().upsertBySource(Fixtures.sourcedContact(1)));

            assertThat(Race.errors(outcomes)).isEmpty();
            assertThat(Race.values(outcomes)).extracting(Contact::id).containsOnly(Race.values(outcomes).get(0).id());
            assertThat(Race.values(outcomes)).extracting(Contact::version).containsOnly(1L);
            assertThat(everything()).hasSize(1);
        }

        @Test
        void concurrent_different_upserts_of_one_key_leave_one_contact_holding_one_of_the_drafts() {
            List<ContactDraft> drafts = IntStream.range(0, Race.THREADS)
                    .mapToObj(i -> Fixtures.sourcedContact(1).toBuilder().title("variant " + i).build()).toList();

            List<Race.Outcome<Contact>> outcomes = Race.run(Race.THREADS, i -> store().upsertBySource(drafts.get(i)));

            assertThat(Race.errors(outcomes)).isEmpty();
            List<Contact> all = everything();
            assertThat(all).hasSize(1);
            assertThat(Race.values(outcomes)).extracting(Contact::id).containsOnly(all.get(0).id());
            assertThat(drafts).contains(all.get(0).toDraft());
            assertThat(all.get(0).version()).isBetween(1L, (long) Race.THREADS);
        }

        @Test
        void concurrent_updates_at_the_same_expected_version_let_exactly_one_win() {
            Contact created = store().create(Fixtures.contact(1));

            List<Race.Outcome<Contact>> outcomes = Race.run(Race.THREADS,
                    i -> store().update(created.id(), 1, created.toDraft().toBuilder().title("writer " + i).build()));

            List<Contact> winners = Race.values(outcomes);
            assertThat(winners).hasSize(1);
            assertThat(Race.errors(outcomes)).allMatch(error -> Expect.isConflict(error, Reason.VERSION_MISMATCH));
            assertThat(store().get(created.id())).contains(winners.get(0));
            assertThat(winners.get(0).version()).isEqualTo(2);
        }

        @Test
        void optimistic_retries_from_many_threads_lose_no_change() {
            Contact created = store().create(Fixtures.contact(1).toBuilder().customFields(Map.of("counter", 0)).build());
            int incrementsPerThread = 15;

            List<Race.Outcome<Integer>> outcomes = Race.run(Race.THREADS, i -> {
                int conflicts = 0;
                for (int done = 0; done < incrementsPerThread; ) {
                    Contact current = store().get(created.id()).orElseThrow();
                    long counter = (Long) current.customFields().get("counter");
                    try {
                        store().update(current.id(), current.version(), current.toDraft().toBuilder()
                                .customFields(Map.of("counter", counter + 1)).build());
                        done++;
                    } catch (ConflictException e) {
                        assertThat(e.reason()).isEqualTo(Reason.VERSION_MISMATCH);
                        conflicts++;
                    }
                }
                return conflicts;
            });

            assertThat(Race.errors(outcomes)).isEmpty();
            Contact last = store().get(created.id()).orElseThrow();
            assertThat(last.customFields().get("counter")).isEqualTo((long) Race.THREADS * incrementsPerThread);
            assertThat(last.version()).isEqualTo(1L + Race.THREADS * incrementsPerThread);
        }

        @Test
        void concurrent_versioned_deletes_delete_once() {
            Contact created = store().create(Fixtures.contact(1));

            List<Race.Outcome<Boolean>> outcomes = Race.run(Race.THREADS, i -> store().delete(created.id(), 1));

            assertThat(Race.errors(outcomes)).isEmpty();
            assertThat(Race.values(outcomes)).containsOnlyOnce(true);
            assertThat(store().get(created.id())).isEmpty();
        }

        @Test
        void concurrent_creates_of_different_contacts_all_succeed_with_distinct_ids() {
            int perThread = 25;

            List<Race.Outcome<List<Contact>>> outcomes = Race.run(Race.THREADS, i -> IntStream.range(0, perThread)
                    .mapToObj(k -> store().create(Fixtures.sourcedContact(i * perThread + k))).toList());

            assertThat(Race.errors(outcomes)).isEmpty();
            List<Contact> created = Race.values(outcomes).stream().flatMap(List::stream).toList();
            assertThat(ids(created)).hasSize(Race.THREADS * perThread).doesNotHaveDuplicates();
            assertThat(store().count(ContactQuery.all())).isEqualTo(Race.THREADS * perThread);
            assertThat(everything()).containsExactlyInAnyOrderElementsOf(created);
        }

        @Test
        void reads_during_concurrent_updates_always_see_a_whole_contact() {
            Contact created = store().create(Fixtures.contact(1).toBuilder().firstName("v0").lastName("v0").build());

            List<Race.Outcome<Integer>> outcomes = Race.run(Race.THREADS, i -> {
                int checks = 0;
                for (int k = 0; k < 40; k++) {
                    if (i % 2 == 0) {
                        Contact current = store().get(created.id()).orElseThrow();
                        String next = "t" + i + "-" + k;
                        try {
                            store().update(current.id(), current.version(),
                                    current.toDraft().toBuilder().firstName(next).lastName(next).build());
                        } catch (ConflictException e) {
                            assertThat(e.reason()).isEqualTo(Reason.VERSION_MISMATCH);
                        }
                    } else {
                        Contact read = store().get(created.id()).orElseThrow();
                        assertThat(read.firstName()).isEqualTo(read.lastName());
                        checks++;
                    }
                }
                return checks;
            });

            assertThat(Race.errors(outcomes)).isEmpty();
            Contact last = store().get(created.id()).orElseThrow();
            assertThat(last.firstName()).isEqualTo(last.lastName());
        }
    }

    /** Values come back exactly as they went in. */
    @Nested
    public class RoundTrip {

        static Stream<Fixtures.Sample> strings() {
            return Fixtures.trickyStrings().stream();
        }

        static Stream<Fixtures.Sample> nonBlankStrings() {
            return Fixtures.trickyStrings().stream().filter(Fixtures.Sample::isNotBlank);
        }

        static Stream<Fixtures.Sample> identifiers() {
            return Fixtures.trickyIdentifiers().stream();
        }

        static Stream<Fixtures.Sample> emails() {
            return Fixtures.trickyEmails().stream();
        }

        private ContactDraft everywhere(Fixtures.Sample sample) {
            String v = sample.value();
            Map<String, Object> custom = new LinkedHashMap<>();
            custom.put(v, v);
            custom.put("nested", Map.of("list", List.of(v, v + v)));
            return ContactDraft.builder("round.trip@example.com")
                    .firstName(v).lastName(v).phone(v).company(v).title(v)
                    .address(new Address(v, v, v, v, v))
                    .notes(v)
                    .tags(sample.isNotBlank() ? List.of(v, "plain") : List.of("plain"))
                    .customFields(custom)
                    .source(Fixtures.SOURCE, sample.isNotBlank() ? v : "blank")
                    .build();
        }

        private void assertSameText(Contact read, String expected) {
            for (String actual : Arrays.asList(read.firstName(), read.lastName(), read.phone(), read.company(),
                    read.title(), read.notes(), read.address().street(), read.address().country())) {
                assertThat(Fixtures.utf8(actual)).isEqualTo(Fixtures.utf8(expected));
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("strings")
        void every_text_field_round_trips_byte_exact_through_create_and_every_read(Fixtures.Sample sample) {
            ContactDraft draft = everywhere(sample);

            Contact created = store().create(draft);

            assertThat(created.toDraft()).isEqualTo(draft);
            Contact read = store().get(created.id()).orElseThrow();
            assertThat(read).isEqualTo(created);
            assertSameText(read, sample.value());
            assertThat(store().getAll(List.of(created.id()))).containsExactly(created);
            assertThat(store().findBySource(draft.source(), draft.sourceId())).contains(created);
            assertThat(store().findByEmail(draft.email())).containsExactly(created);
            assertThat(store().search(ContactQuery.all()).items()).containsExactly(created);
            assertThat(store().scan(null, 10)).containsExactly(created);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("strings")
        void every_text_field_round_trips_byte_exact_through_update_and_upsert(Fixtures.Sample sample) {
            Contact created = store().create(Fixtures.contact(1).toBuilder().source(Fixtures.SOURCE, "u-1").build());
            ContactDraft draft = everywhere(sample).toBuilder().source(Fixtures.SOURCE, "u-1").build();

            Contact updated = store().update(created.id(), 1, draft);
            Contact upserted = store().upsertBySource(draft);

            assertThat(updated.toDraft()).isEqualTo(draft);
            assertThat(upserted).isEqualTo(updated);
            assertThat(store().get(created.id())).contains(updated);
            assertSameText(store().get(created.id()).orElseThrow(), sample.value());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("strings")
        void every_text_field_round_trips_byte_exact_through_import(Fixtures.Sample sample) {
            Instant at = Timestamps.now(clock);
            Contact imported = Fixtures.imported(UUID.randomUUID(), everywhere(sample), at, at, 3);

            store().importContacts(List.of(imported));

            assertThat(store().get(imported.id())).contains(imported);
            assertThat(store().scan(null, 10)).containsExactly(imported);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("identifiers")
        void unusual_sources_and_source_ids_find_their_contact(Fixtures.Sample sample) {
            Contact created = store().create(Fixtures.contact(1).toBuilder().source(sample.value(), sample.value()).build());
            Contact other = store().create(Fixtures.contact(2).toBuilder().source(sample.value(), sample.value() + "2").build());

            assertThat(store().findBySource(sample.value(), sample.value())).contains(created);
            assertThat(store().findBySource(sample.value(), sample.value() + "2")).contains(other);
            assertThat(store().upsertBySource(created.toDraft())).isEqualTo(created);
            Expect.conflict(() -> store().create(Fixtures.contact(3).toBuilder().source(sample.value(), sample.value())
                    .build()), Reason.DUPLICATE_KEY);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("emails")
        void unusual_email_addresses_round_trip_and_are_found_ignoring_case(Fixtures.Sample sample) {
            Contact created = store().create(Fixtures.contact(1).toBuilder().email(sample.value()).build());
            store().create(Fixtures.contact(2));

            assertThat(store().get(created.id()).orElseThrow().email()).isEqualTo(sample.value());
            assertThat(store().findByEmail(sample.value())).containsExactly(created);
            String upper = sample.value().toUpperCase(Locale.ROOT);
            if (Emails.normalize(upper).equals(Emails.normalize(sample.value()))) {
                assertThat(store().findByEmail(upper)).containsExactly(created);
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("nonBlankStrings")
        void unusual_tags_match_only_themselves(Fixtures.Sample sample) {
            Contact tagged = store().create(Fixtures.contact(1).toBuilder().tags(sample.value()).build());
            store().create(Fixtures.contact(2).toBuilder().tags("plain").build());

            assertThat(store().search(ContactQuery.builder().anyTags(sample.value()).build()).items()).containsExactly(tagged);
            assertThat(store().count(ContactQuery.builder().allTags(sample.value()).build())).isEqualTo(1);
        }

        @Test
        void custom_fields_keep_every_json_value_with_its_exact_number_type() {
            ContactDraft draft = Fixtures.contact(1).toBuilder().customFields(Fixtures.trickyJson()).build();

            Contact created = store().create(draft);

            Map<String, Object> read = store().get(created.id()).orElseThrow().customFields();
            assertThat(read).isEqualTo(draft.customFields());
            assertThat(read.get("one point zero")).isEqualTo(new BigDecimal("1.0"));
            assertThat(read.get("tiny")).isEqualTo(new BigDecimal("1.0E-7"));
            assertThat(read.get("big integer")).isEqualTo(new BigDecimal(new BigInteger("123456789012345678901234567890")));
            assertThat(read.get("long max")).isEqualTo(Long.MAX_VALUE);
            assertThat(read.get("long min")).isEqualTo(Long.MIN_VALUE);
            assertThat(read.get("int")).isEqualTo(42L);
            assertThat(read).containsEntry("null", null).containsEntry("true", true).containsEntry("empty list", List.of());
            assertThat(read.get("many digits")).isEqualTo(new BigDecimal("3.14159265358979323846264338327950288"));
        }

        @Test
        void custom_fields_nested_to_the_deepest_accepted_level_round_trip() {
            ContactDraft draft = Fixtures.contact(1).toBuilder().customFields(Fixtures.nestedJson(JsonValues.MAX_DEPTH)).build();

            Contact created = store().create(draft);

            assertThat(store().get(created.id()).orElseThrow().customFields()).isEqualTo(draft.customFields());
        }

        @Test
        void text_at_the_maximum_length_of_every_field_round_trips() {
            List<String> tags = IntStream.range(0, ContactDraft.MAX_TAGS)
                    .mapToObj(i -> String.format("tag-%03d-", i) + Fixtures.text(ContactDraft.MAX_TAG_LENGTH - 8)).toList();
            String email = Fixtures.text(Emails.MAX_LENGTH - "@example.com".length()) + "@example.com";
            String part = Fixtures.text(Address.MAX_PART_LENGTH);
            ContactDraft draft = ContactDraft.builder(email)
                    .firstName(Fixtures.text(200)).lastName(Fixtures.text(200)).phone(Fixtures.text(50))
                    .company(Fixtures.text(200)).title(Fixtures.text(200)).address(new Address(part, part, part, part, part))
                    .notes(Fixtures.text(ContactDraft.MAX_NOTES_LENGTH)).tags(tags)
                    .source(Fixtures.identifier(ContactDraft.MAX_SOURCE_LENGTH), Fixtures.text(ContactDraft.MAX_SOURCE_ID_LENGTH))
                    .build();

            Contact created = store().create(draft);

            assertThat(store().get(created.id())).contains(created);
            assertThat(created.toDraft()).isEqualTo(draft);
            assertThat(store().findBySource(draft.source(), draft.sourceId())).contains(created);
            assertThat(store().findByEmail(email)).containsExactly(created);
        }

        @Test
        void timestamps_keep_microseconds_and_drop_nanoseconds() {
            clock.set(clock.instant().plusSeconds(1).with(java.time.temporal.ChronoField.NANO_OF_SECOND, 123_456_999));

            Contact created = store().create(Fixtures.contact(1));

            assertThat(created.createdAt().getNano()).isEqualTo(123_456_000);
            assertThat(store().get(created.id()).orElseThrow().createdAt()).isEqualTo(created.createdAt());
            clock.advance(Duration.ofNanos(1_001));
            Contact updated = store().update(created.id(), 1, Fixtures.contact(2));
            assertThat(updated.updatedAt()).isEqualTo(Timestamps.now(clock));
            assertThat(updated.updatedAt().getNano() % 1_000).isZero();
            assertThat(store().get(created.id()).orElseThrow().updatedAt()).isEqualTo(updated.updatedAt());
        }

        @Test
        void decomposed_and_precomposed_text_stay_distinct() {
            Contact precomposed = store().create(Fixtures.contact(1).toBuilder().lastName("\u00E9clair").build());
            Contact decomposed = store().create(Fixtures.contact(2).toBuilder().lastName("e\u0301clair").build());

            assertThat(store().get(precomposed.id()).orElseThrow().lastName()).isEqualTo("\u00E9clair");
            assertThat(store().get(decomposed.id()).orElseThrow().lastName()).isEqualTo("e\u0301clair");
            assertThat(store().search(ContactQuery.builder().sort(ContactSort.LAST_NAME, SortDirection.ASC).build())
                    .items()).containsExactly(decomposed, precomposed);
        }
    }

    /** {@code customFields} follow the one JSON semantics of {@link JsonValues} on every write and read. */
    @Nested
    public class CustomFieldsJson extends JsonFieldContract {

        /** Checks the field {@code customFields}. */
        public CustomFieldsJson() {
            super("customFields");
        }

        @Override
        protected void write(Map<String, ?> json) {
            store().create(Fixtures.contact(1).toBuilder().customFields(json).build());
        }

        @Override
        protected Map<String, Map<String, Object>> writeAndReadBack(Map<String, ?> json) {
            ContactDraft draft = Fixtures.sourcedContact(1).toBuilder().customFields(json).build();
            Contact created = store().create(draft);
            Contact imported = Fixtures.imported(UUID.randomUUID(), Fixtures.sourcedContact(2).toBuilder().customFields(json)
                    .build(), created.createdAt(), created.updatedAt(), 3);
            store().importContacts(List.of(imported));
            Contact upserted = store().upsertBySource(Fixtures.sourcedContact(3).toBuilder().customFields(json).build());

            Map<String, Map<String, Object>> reads = new LinkedHashMap<>();
            reads.put("create", created.customFields());
            reads.put("upsertBySource", upserted.customFields());
            reads.put("get", store().get(created.id()).orElseThrow().customFields());
            reads.put("get of an imported contact", store().get(imported.id()).orElseThrow().customFields());
            reads.put("getAll", store().getAll(List.of(created.id())).get(0).customFields());
            reads.put("findBySource", store().findBySource(draft.source(), draft.sourceId()).orElseThrow().customFields());
            reads.put("findByEmail", store().findByEmail(draft.email()).get(0).customFields());
            List<Contact> found = store().search(ContactQuery.all()).items();
            assertThat(found).hasSize(3);
            List<Contact> scanned = store().scan(null, 10);
            assertThat(scanned).hasSize(3);
            for (int i = 0; i < 3; i++) {
                reads.put("search[" + i + "]", found.get(i).customFields());
                reads.put("scan[" + i + "]", scanned.get(i).customFields());
            }
            return reads;
        }

        @Override
        protected void assertNothingStored() {
            ContactStoreContract.this.assertNothingStored();
        }
    }
}
