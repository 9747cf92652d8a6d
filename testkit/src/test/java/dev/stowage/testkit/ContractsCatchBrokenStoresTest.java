package dev.stowage.testkit;

import dev.stowage.Page;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.Posting;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.Credential;
import dev.stowage.token.RotationResult;
import dev.stowage.token.TokenStore;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * The contracts are not vacuous: each test here runs one contract group against the in-memory
 * backend with one deliberate bug (a decorator that breaks one rule) and checks that the tests
 * guarding that rule fail. The broken suites are static nested classes, which neither Surefire
 * nor JUnit picks up on their own; they only run through the launcher below.
 */
class ContractsCatchBrokenStoresTest {

    // ------------------------------------------------------------------ the broken stores

    /** Search forgets the cursor, so every page is the first page. */
    static class SearchIgnoresTheCursor extends ContactStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return Broken.contacts(clock, store -> Broken.replace(ContactStore.class, store, "search",
                    args -> store.search(((ContactQuery) args[0]).toBuilder().cursor(null).build())));
        }
    }

    /** Email lookup compares exactly instead of ignoring case. */
    static class EmailLookupIsCaseSensitive extends ContactStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return Broken.contacts(clock, store -> Broken.replace(ContactStore.class, store, "findByEmail",
                    args -> store.findByEmail((String) args[0]).stream()
                            .filter(contact -> contact.email().equals(args[0])).toList()));
        }
    }

    /** Create trims the first name, as a lossy column type or driver would. */
    static class CreateTrimsText extends ContactStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return Broken.contacts(clock, store -> Broken.replace(ContactStore.class, store, "create", args -> {
                ContactDraft draft = (ContactDraft) args[0];
                return store.create(draft.firstName() == null ? draft
                        : draft.toBuilder().firstName(draft.firstName().trim()).build());
            }));
        }
    }

    /** Scan orders ids with {@link UUID#compareTo}, which is signed. */
    static class ScanInSignedIdOrder extends ContactStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return Broken.contacts(clock, store -> Broken.replace(ContactStore.class, store, "scan", args -> {
                UUID after = (UUID) args[0];
                return store.scan(null, 10_000).stream()
                        .sorted(Comparator.comparing(Contact::id))
                        .filter(contact -> after == null || contact.id().compareTo(after) > 0)
                        .limit((Integer) args[1]).toList();
            }));
        }
    }

    /** An upsert writes even when nothing changed. */
    static class UpsertAlwaysWrites extends ContactStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return Broken.contacts(clock, store -> Broken.replace(ContactStore.class, store, "upsertBySource", args -> {
                ContactDraft draft = (ContactDraft) args[0];
                Optional<Contact> existing = draft.hasSource()
                        ? store.findBySource(draft.source(), draft.sourceId()) : Optional.empty();
                return existing.isPresent()
                        ? store.update(existing.get().id(), existing.get().version(), draft)
                        : store.upsertBySource(draft);
            }));
        }
    }

    /** Every tenant gets the default tenant's contacts. */
    static class TenantsShareContacts extends ContactStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            StoreBackend real = InMemoryStores.backend(clock);
            return new Broken(real, tenant -> real.contacts(TenantId.DEFAULT), real::credits, real::tokens);
        }
    }

    /** Postings forget their idempotency key. */
    static class IdempotencyKeysIgnored extends CreditStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return Broken.credits(clock, store -> Broken.replace(CreditStore.class, store, "post",
                    args -> store.post(((Posting) args[0]).withIdempotencyKey(null))));
        }
    }

    /** History pages come oldest first. */
    static class HistoryOldestFirst extends CreditStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return Broken.credits(clock, store -> Broken.replace(CreditStore.class, store, "history", args -> {
                Page<LedgerEntry> page = store.history((String) args[0], (Integer) args[1], (String) args[2]);
                List<LedgerEntry> reversed = new ArrayList<>(page.items());
                Collections.reverse(reversed);
                return new Page<>(reversed, page.nextCursor());
            }));
        }
    }

    /** The account forgets its deductions in totalUsed. */
    static class TotalsIgnoreDeductions extends CreditStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return Broken.credits(clock, store -> Broken.replace(CreditStore.class, store, "account",
                    args -> store.account((String) args[0]).map(account -> new CreditAccount(account.accountId(),
                            account.balance(), account.totalPurchased(), 0, account.createdAt(), account.updatedAt()))));
        }
    }

    /** The denylist never reports a revoked token. */
    static class DenylistForgets extends TokenStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return Broken.tokens(clock, store -> Broken.replace(TokenStore.class, store, "isAccessTokenRevoked",
                    args -> false));
        }
    }

    /** Reuse of a rotated token is reported as an unknown token, hiding the theft. */
    static class ReuseReportedAsUnknown extends TokenStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return Broken.tokens(clock, store -> Broken.replace(TokenStore.class, store, "rotateRefreshToken", args -> {
                RotationResult result = store.rotateRefreshToken((String) args[0], (java.time.Duration) args[1]);
                return result.equals(new RotationResult.Rejected(RotationResult.Reason.REUSED))
                        ? new RotationResult.Rejected(RotationResult.Reason.UNKNOWN) : result;
            }));
        }
    }

    /** Credentials listed in UTF-16 order of provider instead of code point order. */
    static class CredentialsInUtf16Order extends TokenStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return Broken.tokens(clock, store -> Broken.replace(TokenStore.class, store, "credentials",
                    args -> store.credentials((String) args[0]).stream()
                            .sorted(Comparator.comparing(Credential::provider)).toList()));
        }
    }

    /** The backend takes time from the system clock instead of the injected one. */
    static class SystemClockInsteadOfTheInjectedOne extends TokenStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return InMemoryStores.backend(Clock.systemUTC());
        }
    }

    // ------------------------------------------------------------------ the checks

    @Test
    void a_search_that_ignores_the_cursor_fails_the_pagination_tests() {
        assertCaught(SearchIgnoresTheCursor.class, ContactStoreContract.Paginating.class,
                "every_contact_appears_exactly_once_across_pages_in_order_for_every_page_size",
                "a_cursor_continues_in_a_query_built_from_scratch");
    }

    @Test
    void a_case_sensitive_email_lookup_fails_the_reading_tests() {
        assertCaught(EmailLookupIsCaseSensitive.class, ContactStoreContract.Reading.class,
                "find_by_email_ignores_case", "find_by_email_returns_every_match_oldest_first");
    }

    @Test
    void a_store_that_trims_text_fails_the_round_trip_tests() {
        assertCaught(CreateTrimsText.class, ContactStoreContract.RoundTrip.class,
                "every_text_field_round_trips_byte_exact_through_create_and_every_read");
    }

    @Test
    void a_scan_in_signed_id_order_fails_the_scanning_tests() {
        assertCaught(ScanInSignedIdOrder.class, ContactStoreContract.Scanning.class,
                "scan_orders_ids_as_unsigned_numbers_across_the_sign_bit");
    }

    @Test
    void an_upsert_that_always_writes_fails_the_upserting_tests() {
        assertCaught(UpsertAlwaysWrites.class, ContactStoreContract.Upserting.class,
                "an_identical_upsert_changes_nothing_not_even_updated_at",
                "identity_of_an_upsert_ignores_the_order_tags_and_custom_fields_were_given_in");
    }

    @Test
    void tenants_that_share_contacts_fail_the_isolation_tests() {
        assertCaught(TenantsShareContacts.class, ContactStoreContract.TenantIsolation.class,
                "another_tenant_cannot_read_the_contact", "another_tenant_sees_nothing_in_search_count_or_scan");
    }

    @Test
    void ignored_idempotency_keys_fail_the_idempotency_tests() {
        assertCaught(IdempotencyKeysIgnored.class, CreditStoreContract.Idempotency.class,
                "posting_again_with_the_same_key_returns_the_original_entry_and_applies_nothing",
                "the_same_key_with_another_amount_is_rejected_as_reused_and_writes_nothing");
    }

    @Test
    void a_history_oldest_first_fails_the_history_tests() {
        assertCaught(HistoryOldestFirst.class, CreditStoreContract.History.class,
                "history_lists_the_entries_newest_first",
                "history_pages_return_every_entry_exactly_once_for_every_page_size");
    }

    @Test
    void totals_that_ignore_deductions_fail_the_ledger_invariants() {
        assertCaught(TotalsIgnoreDeductions.class, CreditStoreContract.Postings.class,
                "a_deduction_subtracts_from_balance_and_adds_its_magnitude_to_total_used",
                "a_long_mixed_sequence_matches_the_reference_posting_rule_step_by_step");
    }

    @Test
    void a_denylist_that_forgets_fails_the_denylist_tests() {
        assertCaught(DenylistForgets.class, TokenStoreContract.Denylist.class,
                "a_revoked_jti_is_denied", "revoking_again_with_an_earlier_expiry_never_shortens_the_denial");
    }

    @Test
    void hidden_token_reuse_fails_the_rotation_tests() {
        assertCaught(ReuseReportedAsUnknown.class, TokenStoreContract.RefreshTokenRotation.class,
                "presenting_a_rotated_token_again_is_rejected_as_reused_and_revokes_the_whole_family",
                "reuse_detection_leaves_the_subjects_other_families_alone");
    }

    @Test
    void utf16_ordering_fails_the_credential_listing_tests() {
        assertCaught(CredentialsInUtf16Order.class, TokenStoreContract.Credentials.class,
                "credentials_of_a_subject_come_in_code_point_order_of_provider");
    }

    @Test
    void a_store_on_the_system_clock_fails_the_expiry_tests() {
        assertCaught(SystemClockInsteadOfTheInjectedOne.class, TokenStoreContract.Expiry.class,
                "a_credential_is_returned_until_just_before_its_expiry_and_by_no_read_from_then_on",
                "an_access_token_denial_ends_at_its_expiry");
    }

    /**
     * Runs one contract group of a broken suite and checks that it found tests, that each of
     * {@code methods} failed, and reports nothing else as a pass for those methods.
     */
    static void assertCaught(Class<? extends StoreContract> brokenSuite, Class<?> group, String... methods) {
        LauncherDiscoveryRequest request = request().selectors(selectNestedClass(List.of(brokenSuite), group)).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();

        assertThat(summary.getTestsFoundCount()).as("tests found in %s", group.getSimpleName()).isPositive();
        List<String> failed = summary.getFailures().stream()
                .map(failure -> failure.getTestIdentifier().getUniqueId()).toList();
        for (String method : methods) {
            assertThat(failed).as("failed tests of %s", brokenSuite.getSimpleName())
                    .anyMatch(uniqueId -> uniqueId.contains(":" + method + "("));
        }
    }

    // ------------------------------------------------------------------ decorators

    /**
     * A backend over the in-memory one whose stores pass through a decorator.
     *
     * @param delegate the real backend, closed with this one
     * @param contacts the contact store of a tenant
     * @param credits  the credit store of a tenant
     * @param tokens   the token store of a tenant
     */
    record Broken(StoreBackend delegate, java.util.function.Function<TenantId, ContactStore> contacts,
                  java.util.function.Function<TenantId, CreditStore> credits,
                  java.util.function.Function<TenantId, TokenStore> tokens) implements StoreBackend {

        static Broken contacts(Clock clock, UnaryOperator<ContactStore> decorate) {
            StoreBackend real = InMemoryStores.backend(clock);
            return new Broken(real, tenant -> decorate.apply(real.contacts(tenant)), real::credits, real::tokens);
        }

        static Broken credits(Clock clock, UnaryOperator<CreditStore> decorate) {
            StoreBackend real = InMemoryStores.backend(clock);
            return new Broken(real, real::contacts, tenant -> decorate.apply(real.credits(tenant)), real::tokens);
        }

        static Broken tokens(Clock clock, UnaryOperator<TokenStore> decorate) {
            StoreBackend real = InMemoryStores.backend(clock);
            return new Broken(real, real::contacts, real::credits, tenant -> decorate.apply(real.tokens(tenant)));
        }

        /**
         * @return a proxy of {@code target} whose method {@code name} (every overload) runs {@code replacement}
         */
        static <T> T replace(Class<T> type, T target, String name, Replacement replacement) {
            Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                    (self, method, args) -> method.getName().equals(name)
                            ? replacement.apply(args) : invoke(target, method, args));
            return type.cast(proxy);
        }

        private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @Override
        public String name() {
            return "broken-" + delegate.name();
        }

        @Override
        public ContactStore contacts(TenantId tenant) {
            return contacts.apply(tenant);
        }

        @Override
        public CreditStore credits(TenantId tenant) {
            return credits.apply(tenant);
        }

        @Override
        public TokenStore tokens(TenantId tenant) {
            return tokens.apply(tenant);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** The body of a replaced store method. */
    @FunctionalInterface
    interface Replacement {
        Object apply(Object[] args);
    }
}
