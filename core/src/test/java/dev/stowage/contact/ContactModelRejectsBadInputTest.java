package dev.stowage.contact;

import dev.stowage.exception.ValidationException;
import dev.stowage.support.Cursors;
import dev.stowage.support.Timestamps;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every public method and builder of the contact model rejects a bad argument with a
 * {@link ValidationException} naming it, never a NullPointerException, IllegalArgumentException
 * or ArithmeticException. The store calls are covered by the testkit's contact contract.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ContactModelRejectsBadInputTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Contact CONTACT = Contact.of(UUID.randomUUID(),
            ContactDraft.builder("ada@example.com").lastName("Lovelace").build(), T0, T0, 1);

    private static void rejects(ThrowingCallable call, String field) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Nested
    class Contacts_and_drafts {

        @Test
        void a_contact_needs_a_draft() {
            rejects(() -> Contact.of(UUID.randomUUID(), null, T0, T0, 1), "draft");
            rejects(() -> CONTACT.withDraft(null), "draft");
        }

        @Test
        void draft_builders_reject_null_collections_where_they_are_passed() {
            rejects(() -> ContactDraft.builder("a@example.com").tags((Collection<String>) null), "tags");
            rejects(() -> ContactDraft.builder("a@example.com").tags((String[]) null), "tags");
            rejects(() -> ContactDraft.builder("a@example.com").customFields(null), "customFields");
            assertThat(ContactDraft.builder("a@example.com").tags(List.of()).customFields(Map.of()).build().tags()).isEmpty();
        }

        @Test
        void a_draft_record_still_reads_null_collections_as_empty() {
            ContactDraft draft = new ContactDraft(null, null, "a@example.com", null, null, null, null, null, null, null,
                    null, null, null);
            assertThat(draft.tags()).isEmpty();
            assertThat(draft.customFields()).isEmpty();
        }

        @Test
        void an_address_round_trips_through_its_parts_and_bad_parts_are_named() {
            Address address = new Address("1 Main St", null, null, "12345", "NZ");
            assertThat(address.parts()).containsExactly(Map.entry("street", "1 Main St"), Map.entry("postalCode", "12345"),
                    Map.entry("country", "NZ"));
            assertThat(Address.fromParts(address.parts())).isEqualTo(address);
            assertThat(Address.fromParts(null)).isNull();
            rejects(() -> Address.fromParts(Map.of("city", 5)), "address.city");
            rejects(() -> Address.fromParts(Map.of("planet", "Mars")), "address.planet");
        }

        @Test
        void the_largest_importable_version_is_two_to_the_53_minus_one() {
            assertThat(Contact.MAX_IMPORTED_VERSION).isEqualTo(9_007_199_254_740_991L);
        }
    }

    @Nested
    class Query_builders {

        @Test
        void null_collections_and_arrays_are_rejected_naming_the_filter() {
            rejects(() -> ContactQuery.builder().statuses((ContactStatus[]) null), "statuses");
            rejects(() -> ContactQuery.builder().anyTags((Collection<String>) null), "anyTags");
            rejects(() -> ContactQuery.builder().anyTags((String[]) null), "anyTags");
            rejects(() -> ContactQuery.builder().allTags((Collection<String>) null), "allTags");
            rejects(() -> ContactQuery.builder().allTags((String[]) null), "allTags");
        }

        @Test
        void no_values_mean_no_filter() {
            ContactQuery query = ContactQuery.builder().statuses().anyTags().allTags(List.of()).build();
            assertThat(query).isEqualTo(ContactQuery.all());
        }
    }

    @Nested
    class Query_methods {

        private final ContactQuery query = ContactQuery.builder().sort(ContactSort.LAST_NAME, SortDirection.ASC).build();

        @Test
        void null_contacts_are_rejected_naming_the_parameter() {
            rejects(() -> query.matches(null), "contact");
            rejects(() -> query.isAfterCursor(null), "contact");
            rejects(() -> query.cursorAfter(null), "last");
            rejects(() -> query.page(null), "matches");
            rejects(() -> query.after(null), "nextCursor");
            rejects(() -> ContactQuery.searchTokens(null), "contact");
            rejects(() -> ContactQuery.lastNameKey(null), "contact");
            rejects(() -> new ContactQuery.Position(null, UUID.randomUUID()), "key");
            rejects(() -> new ContactQuery.Position("x", null), "id");
        }

        @Test
        void a_cursor_is_decoded_to_the_position_it_was_made_from() {
            ContactQuery next = query.after(query.cursorAfter(CONTACT));
            assertThat(next.position()).isEqualTo(new ContactQuery.Position("Lovelace", CONTACT.id()));
            assertThat(next.isAfterCursor(CONTACT)).isFalse();
            assertThat(next.afterCursor().test(CONTACT)).isFalse();
        }

        @Test
        void a_cursor_is_bound_to_the_filters_but_not_to_the_page_size() {
            String cursor = query.cursorAfter(CONTACT);
            assertThat(query.toBuilder().limit(7).cursor(cursor).build().position()).isNotNull();
            rejects(() -> query.toBuilder().company("Acme").cursor(cursor).build(), "cursor");
            rejects(() -> query.toBuilder().text("ada").cursor(cursor).build(), "cursor");
            rejects(() -> query.toBuilder().sort(ContactSort.LAST_NAME, SortDirection.DESC).cursor(cursor).build(),
                    "cursor");
        }
    }

    @Nested
    class Cursor_parts {

        @Test
        void instants_round_trip_within_the_supported_years_only() {
            assertThat(Cursors.decodeInstant(Cursors.encodeInstant(Timestamps.MAX))).isEqualTo(Timestamps.MAX);
            assertThat(Cursors.decodeInstant(Cursors.encodeInstant(Timestamps.MIN))).isEqualTo(Timestamps.MIN);
            long max = Timestamps.toEpochMicros(Timestamps.MAX);
            for (String bad : List.of(Long.toString(max + 1), Long.toString(Long.MIN_VALUE), "+5", "05", "", "x")) {
                rejects(() -> Cursors.decodeInstant(bad), "cursor");
            }
        }

        @Test
        void texts_round_trip_and_only_storable_text_is_accepted() {
            String odd = "O'Brien \u001F \uD83D\uDE00";
            assertThat(Cursors.decodeText(Cursors.encodeText(odd), 200)).isEqualTo(odd);
            rejects(() -> Cursors.decodeText(Cursors.encodeText("a\u0000b"), 200), "cursor");
            rejects(() -> Cursors.decodeText(Cursors.encodeText("abc"), 2), "cursor");
            rejects(() -> Cursors.decodeText(Cursors.encodeText("abc") + "=", 200), "cursor");
            rejects(() -> Cursors.decodeText("w", 200), "cursor");
        }

        @Test
        void ids_must_be_canonical() {
            UUID id = UUID.randomUUID();
            assertThat(Cursors.decodeId(id.toString())).isEqualTo(id);
            rejects(() -> Cursors.decodeId("1-1-1-1-1"), "cursor");
            rejects(() -> Cursors.decodeId(id.toString().toUpperCase(java.util.Locale.ROOT)), "cursor");
        }

        @Test
        void a_cursor_must_be_exactly_as_encoded() {
            String cursor = Cursors.encode("a", "b");
            assertThat(Cursors.decode(cursor, 2)).containsExactly("a", "b");
            rejects(() -> Cursors.decode(cursor + "=", 2), "cursor");
            rejects(() -> Cursors.decode(null, 2), "cursor");
        }

        @Test
        void fingerprints_tell_lists_apart_even_when_their_concatenations_agree() {
            assertThat(Cursors.fingerprint(List.of("ab", "c"))).isNotEqualTo(Cursors.fingerprint(List.of("a", "bc")))
                    .hasSize(12).isEqualTo(Cursors.fingerprint(List.of("ab", "c")));
        }
    }
}
