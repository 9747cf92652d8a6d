package dev.stowage;

import dev.stowage.contact.Address;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactSort;
import dev.stowage.contact.ContactStatus;
import dev.stowage.contact.SortDirection;
import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.EntryType;
import dev.stowage.credit.HistoryCursor;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.Posting;
import dev.stowage.exception.InsufficientCreditsException;
import dev.stowage.exception.ValidationException;
import dev.stowage.token.CredentialDraft;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ModelValidationTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static void rejects(Executable executable, String field) {
        assertThatThrownBy(executable::execute)
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Nested
    class Contact_drafts {

        @Test
        void defaults_are_active_with_no_tags_and_an_empty_address_becomes_absent() {
            ContactDraft draft = ContactDraft.builder("ada@example.com").address(new Address(null, null, null, null, null)).build();
            assertThat(draft.status()).isEqualTo(ContactStatus.ACTIVE);
            assertThat(draft.tags()).isEmpty();
            assertThat(draft.customFields()).isEmpty();
            assertThat(draft.address()).isNull();
        }

        @Test
        void tags_are_kept_in_code_point_order() {
            assertThat(ContactDraft.builder("a@example.com").tags("b", "B", "a").build().tags()).containsExactly("B", "a", "b");
        }

        @Test
        void every_invalid_field_is_named() {
            rejects(() -> ContactDraft.builder(null).build(), "email");
            rejects(() -> ContactDraft.builder("nope").build(), "email");
            rejects(() -> ContactDraft.builder("a@example.com").firstName("x".repeat(201)).build(), "firstName");
            rejects(() -> ContactDraft.builder("a@example.com").notes("a\u0000").build(), "notes");
            rejects(() -> ContactDraft.builder("a@example.com").tags(" ").build(), "tags[0]");
            rejects(() -> ContactDraft.builder("a@example.com").tags("a", null).build(), "tags[1]");
            rejects(() -> ContactDraft.builder("a@example.com").source("crm", null).build(), "sourceId");
            rejects(() -> ContactDraft.builder("a@example.com").source("c r m", "1").build(), "source");
            rejects(() -> ContactDraft.builder("a@example.com").address(new Address(null, "x".repeat(201), null, null, null)).build(), "address.city");
            rejects(() -> ContactDraft.builder("a@example.com").customFields(Map.of("k", new Object())).build(), "customFields.k");
        }

        @Test
        void a_stored_contact_checks_identity_timestamps_and_version() {
            ContactDraft draft = ContactDraft.builder("a@example.com").build();
            rejects(() -> Contact.of(null, draft, T0, T0, 1), "id");
            rejects(() -> Contact.of(UUID.randomUUID(), draft, T0, T0.minusSeconds(1), 1), "updatedAt");
            rejects(() -> Contact.of(UUID.randomUUID(), draft, T0, T0, 0), "version");
            Contact contact = Contact.of(UUID.randomUUID(), draft, T0.plusNanos(1_999), T0.plusNanos(1_999), 1);
            assertThat(contact.createdAt()).isEqualTo(T0.plusNanos(1_000));
            assertThat(contact.toDraft()).isEqualTo(draft);
        }
    }

    @Nested
    class Contact_queries {

        @Test
        void a_cursor_continues_only_the_query_it_came_from() {
            ContactQuery byCreation = ContactQuery.builder().sort(ContactSort.CREATED_AT, SortDirection.ASC).build();
            Contact contact = Contact.of(UUID.randomUUID(), ContactDraft.builder("a@example.com").lastName("Lovelace").build(), T0, T0, 1);
            String cursor = byCreation.cursorAfter(contact);
            assertThat(byCreation.after(cursor).isAfterCursor(contact)).isFalse();
            rejects(() -> ContactQuery.builder().sort(ContactSort.LAST_NAME, SortDirection.ASC).cursor(cursor).build(), "cursor");
            rejects(() -> ContactQuery.builder().sort(ContactSort.CREATED_AT, SortDirection.DESC).cursor(cursor).build(), "cursor");
            rejects(() -> ContactQuery.builder().cursor("not a cursor").build(), "cursor");
        }

        @Test
        void a_last_name_cursor_survives_any_text() {
            ContactQuery byName = ContactQuery.builder().sort(ContactSort.LAST_NAME, SortDirection.DESC).build();
            Contact odd = Contact.of(UUID.randomUUID(),
                    ContactDraft.builder("a@example.com").lastName("O'Brien \u001F \uD83D\uDE00 ' --").build(), T0, T0, 1);
            ContactQuery.Position position = byName.after(byName.cursorAfter(odd)).position();
            assertThat(position.key()).isEqualTo(odd.lastName());
            assertThat(position.id()).isEqualTo(odd.id());
        }

        @Test
        void limits_and_text_are_validated() {
            rejects(() -> ContactQuery.builder().limit(0).build(), "limit");
            rejects(() -> ContactQuery.builder().limit(ContactQuery.MAX_LIMIT + 1).build(), "limit");
            rejects(() -> ContactQuery.builder().text("  ,, ").build(), "text");
            rejects(() -> ContactQuery.builder().anyTags("vip", null).build(), "anyTags[1]");
            rejects(() -> ContactQuery.builder().allTags((String) null).build(), "allTags[0]");
            rejects(() -> ContactQuery.builder().statuses(ContactStatus.ACTIVE, null).build(), "statuses");
        }
    }

    @Nested
    class Credits {

        @Test
        void posting_amounts_must_fit_their_type() {
            rejects(() -> Posting.purchase("a", 0), "amount");
            rejects(() -> Posting.purchase("a", -5), "amount");
            rejects(() -> Posting.deduction("a", -5), "amount");
            rejects(() -> Posting.adjustment("a", 0), "amount");
            rejects(() -> Posting.bonus("a", Posting.MAX_AMOUNT + 1), "amount");
            rejects(() -> Posting.purchase("has space", 1), "accountId");
            assertThat(Posting.deduction("a", 5).amount()).isEqualTo(-5);
            assertThat(Posting.adjustment("a", -3).type()).isEqualTo(EntryType.ADJUSTMENT);
        }

        @Test
        void applying_entries_moves_balance_and_totals_and_never_goes_negative() {
            CreditAccount account = CreditAccount.opening("a", T0)
                    .apply(EntryType.PURCHASE, 100, T0)
                    .apply(EntryType.DEDUCTION, -30, T0)
                    .apply(EntryType.REFUND, 10, T0)
                    .apply(EntryType.BONUS, 5, T0)
                    .apply(EntryType.ADJUSTMENT, -5, T0);
            assertThat(account.balance()).isEqualTo(80);
            assertThat(account.totalPurchased()).isEqualTo(100);
            assertThat(account.totalUsed()).isEqualTo(30);
            assertThatThrownBy(() -> CreditAccount.opening("a", T0).apply(EntryType.DEDUCTION, -1, T0))
                    .isInstanceOf(InsufficientCreditsException.class);
        }

        @Test
        void an_imported_history_must_be_a_consistent_chain() {
            CreditAccount account = new CreditAccount("a", 70, 100, 30, T0, T0);
            LedgerEntry first = new LedgerEntry(UUID.randomUUID(), "a", 1, EntryType.PURCHASE, 100, 100, null, Map.of(), "k1", T0);
            LedgerEntry second = new LedgerEntry(UUID.randomUUID(), "a", 2, EntryType.DEDUCTION, -30, 70, null, Map.of(), null, T0);
            assertThat(new AccountHistory(account, List.of(first, second)).entries()).hasSize(2);
            rejects(() -> new AccountHistory(account, List.of(second, first)), "entries[0].sequence");
            rejects(() -> new AccountHistory(new CreditAccount("a", 71, 100, 30, T0, T0), List.of(first, second)), "account.balance");
            LedgerEntry broken = new LedgerEntry(UUID.randomUUID(), "a", 2, EntryType.DEDUCTION, -30, 60, null, Map.of(), null, T0);
            rejects(() -> new AccountHistory(account, List.of(first, broken)), "entries[1].balanceAfter");
            rejects(() -> new AccountHistory(account, List.of()), "entries");
        }

        @Test
        void history_cursors_belong_to_one_account() {
            String cursor = HistoryCursor.encode("a", 7);
            assertThat(HistoryCursor.decode(cursor, "a")).isEqualTo(7);
            rejects(() -> HistoryCursor.decode(cursor, "b"), "cursor");
        }
    }

    @Nested
    class Tokens {

        @Test
        void credential_drafts_validate_and_hide_secrets_in_toString() {
            CredentialDraft draft = CredentialDraft.builder("user-1", "google", "secret-access").refreshToken("secret-refresh").build();
            assertThat(draft.toString()).doesNotContain("secret-access").doesNotContain("secret-refresh");
            rejects(() -> CredentialDraft.builder("user 1", "google", "x").build(), "subject");
            rejects(() -> CredentialDraft.builder("u", "google", "").build(), "accessToken");
            rejects(() -> CredentialDraft.builder("u", "google", "x").scopes("read", null).build(), "scopes[1]");
            rejects(() -> CredentialDraft.builder("u", "google", "x").expiresAt(T0).build().requireUnexpiredAt(T0), "expiresAt");
        }

        @Test
        void tenant_ids_are_safe_for_every_backend_key() {
            assertThat(TenantId.of("acme-eu.1").value()).isEqualTo("acme-eu.1");
            rejects(() -> TenantId.of("{acme}"), "tenant");
            rejects(() -> TenantId.of(""), "tenant");
            rejects(() -> TenantId.of("x".repeat(65)), "tenant");
        }
    }
}
