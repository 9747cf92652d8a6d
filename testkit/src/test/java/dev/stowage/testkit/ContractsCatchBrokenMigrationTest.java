package dev.stowage.testkit;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RefreshTokenState;
import dev.stowage.token.RevokedAccessToken;
import dev.stowage.token.TokenStore;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static dev.stowage.testkit.ContractsCatchBrokenStoresTest.assertCaught;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * The migration contract groups are not vacuous: each broken store below loses one piece of
 * fidelity (a used mark, a revocation, a denial, an order, a fork check, a tenant) and the tests
 * guarding it fail. Same launcher as {@link ContractsCatchBrokenStoresTest}.
 */
class ContractsCatchBrokenMigrationTest {

    // ------------------------------------------------------------------ the broken stores

    /** Imported tokens arrive unused: a stolen, already rotated token works again on the target. */
    static class ImportForgetsUsedMarks extends TokenStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return ContractsCatchBrokenStoresTest.Broken.tokens(clock, store -> replaceImport(store,
                    family -> new RefreshFamily(family.familyId(), family.subject(), family.createdAt(), family.revoked(),
                            family.tokens().stream().map(token -> new RefreshTokenState(token.tokenHash(), token.id(),
                                    token.issuedAt(), token.expiresAt(), false)).toList())));
        }
    }

    /** Imported families arrive unrevoked: a logged-out session comes back on the target. */
    static class ImportForgetsRevocations extends TokenStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return ContractsCatchBrokenStoresTest.Broken.tokens(clock, store -> replaceImport(store,
                    family -> new RefreshFamily(family.familyId(), family.subject(), family.createdAt(), false,
                            family.tokens())));
        }
    }

    /** An import reports every family as inserted, so a rerun cannot tell it changed nothing. */
    static class ImportCountsEverythingInserted extends TokenStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return ContractsCatchBrokenStoresTest.Broken.tokens(clock, store -> ContractsCatchBrokenStoresTest.Broken
                    .replace(TokenStore.class, store, "importRefreshFamilies", args -> {
                        @SuppressWarnings("unchecked")
                        List<RefreshFamily> families = (List<RefreshFamily>) args[0];
                        ImportResult result = store.importRefreshFamilies(families);
                        return new ImportResult(result.total(), 0, 0);
                    }));
        }
    }

    /** Families come in signed UUID order within a page, as {@link UUID#compareTo} sorts them. */
    static class FamiliesInSignedOrder extends TokenStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return ContractsCatchBrokenStoresTest.Broken.tokens(clock, store -> ContractsCatchBrokenStoresTest.Broken
                    .replace(TokenStore.class, store, "scanRefreshFamilies",
                            args -> store.scanRefreshFamilies((UUID) args[0], (Integer) args[1]).stream()
                                    .sorted(Comparator.comparing(RefreshFamily::familyId)).toList()));
        }
    }

    /** Denials are not imported: revoked access tokens become valid again on the target. */
    static class DenylistImportDropsEntries extends TokenStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return ContractsCatchBrokenStoresTest.Broken.tokens(clock, store -> ContractsCatchBrokenStoresTest.Broken
                    .replace(TokenStore.class, store, "importRevokedAccessTokens", args -> ImportResult.EMPTY));
        }
    }

    /** Denials of one expiry come in UTF-16 order of their jti instead of code point order. */
    static class DenylistInUtf16Order extends TokenStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return ContractsCatchBrokenStoresTest.Broken.tokens(clock, store -> ContractsCatchBrokenStoresTest.Broken
                    .replace(TokenStore.class, store, "scanRevokedAccessTokens",
                            args -> store.scanRevokedAccessTokens((RevokedAccessToken) args[0], (Integer) args[1]).stream()
                                    .sorted(Comparator.comparing(RevokedAccessToken::expiresAt)
                                            .thenComparing(RevokedAccessToken::jti)).toList()));
        }
    }

    /** An append skips the entries the account already has without comparing them: forks merge. */
    static class AppendMergesForks extends CreditStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return ContractsCatchBrokenStoresTest.Broken.credits(clock, store -> ContractsCatchBrokenStoresTest.Broken
                    .replace(CreditStore.class, store, "appendEntries", args -> {
                        String accountId = (String) args[0];
                        @SuppressWarnings("unchecked")
                        List<LedgerEntry> entries = (List<LedgerEntry>) args[1];
                        long last = accountId == null ? 0 : store.entries(accountId, 0, 10_000).size();
                        List<LedgerEntry> tail = entries == null ? null
                                : entries.stream().filter(entry -> entry == null || entry.sequence() > last).toList();
                        ImportResult result = store.appendEntries(accountId, tail);
                        return new ImportResult(result.inserted(), 0, entries.size() - result.inserted());
                    }));
        }
    }

    /** An append reports every entry as appended, so a rerun cannot tell it changed nothing. */
    static class AppendCountsEverythingInserted extends CreditStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return ContractsCatchBrokenStoresTest.Broken.credits(clock, store -> ContractsCatchBrokenStoresTest.Broken
                    .replace(CreditStore.class, store, "appendEntries", args -> {
                        @SuppressWarnings("unchecked")
                        ImportResult result = store.appendEntries((String) args[0], (List<LedgerEntry>) args[1]);
                        return new ImportResult(result.total(), 0, 0);
                    }));
        }
    }

    /** Tenants listed in reverse order. */
    static class TenantsInReverseOrder extends TenantsContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return new ListingBackend(InMemoryStores.backend(clock), backend -> {
                List<TenantId> reversed = new ArrayList<>(backend.tenants());
                java.util.Collections.reverse(reversed);
                return reversed;
            });
        }
    }

    /** Only tenants with contacts or credit accounts are listed; token-only tenants are missed. */
    static class TenantsMissTokenStores extends TenantsContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return new ListingBackend(InMemoryStores.backend(clock), backend -> backend.tenants().stream()
                    .filter(tenant -> !backend.contacts(tenant).scan(null, 1).isEmpty()
                            || !backend.credits(tenant).scanAccounts(null, 1).isEmpty())
                    .toList());
        }
    }

    /** A backend that cannot list its tenants (the default) but does not say so. */
    static class TenantsUnsupportedButClaimed extends TenantsContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return new ListingBackend(InMemoryStores.backend(clock), null);
        }
    }

    /** A backend that cannot list its tenants and says so: the group checks the refusal and passes. */
    static class TenantsDeclaredUnsupported extends TenantsUnsupportedButClaimed {
        @Override
        protected boolean listsTenants() {
            return false;
        }
    }

    // ------------------------------------------------------------------ the checks

    @Test
    void a_backend_that_cannot_list_tenants_fails_the_group_unless_it_declares_so() {
        assertCaught(TenantsUnsupportedButClaimed.class, TenantsContract.ListingTenants.class,
                "a_tenant_holding_one_record_of_any_store_is_listed", "a_closed_backend_refuses_to_list_its_tenants");

        LauncherDiscoveryRequest request = request().selectors(selectNestedClass(
                List.of(TenantsDeclaredUnsupported.class), TenantsContract.ListingTenants.class)).build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        assertThat(listener.getSummary().getTestsSucceededCount()).isPositive();
        assertThat(listener.getSummary().getFailures()).isEmpty();
    }

    @Test
    void an_import_that_forgets_used_marks_fails_the_family_migration_tests() {
        assertCaught(ImportForgetsUsedMarks.class, TokenStoreContract.RefreshFamilyMigration.class,
                "a_family_imported_into_another_store_rotates_there_exactly_as_on_the_source",
                "imported_tokens_are_found_and_rotated_by_their_values");
    }

    @Test
    void an_import_that_forgets_revocations_fails_the_family_migration_tests() {
        assertCaught(ImportForgetsRevocations.class, TokenStoreContract.RefreshFamilyMigration.class,
                "a_family_imported_into_another_store_rotates_there_exactly_as_on_the_source",
                "newer_state_of_the_source_is_merged_into_an_older_copy");
    }

    @Test
    void an_import_that_counts_everything_inserted_fails_the_idempotency_tests() {
        assertCaught(ImportCountsEverythingInserted.class, TokenStoreContract.RefreshFamilyMigration.class,
                "importing_the_same_families_again_changes_nothing",
                "an_import_never_undoes_a_used_token_or_a_revocation_on_the_target");
    }

    @Test
    void families_in_signed_order_fail_the_family_scan_tests() {
        assertCaught(FamiliesInSignedOrder.class, TokenStoreContract.RefreshFamilyMigration.class,
                "families_are_scanned_in_unsigned_id_order_and_a_scan_continues_strictly_after_its_position");
    }

    @Test
    void a_denylist_import_that_drops_entries_fails_the_denylist_migration_tests() {
        assertCaught(DenylistImportDropsEntries.class, TokenStoreContract.DenylistMigration.class,
                "a_migrated_store_denies_every_revoked_jti_until_its_expiry",
                "an_import_inserts_extends_keeps_and_skips_by_the_rule_of_revoke");
    }

    @Test
    void a_denylist_in_utf16_order_fails_the_denylist_scan_tests() {
        assertCaught(DenylistInUtf16Order.class, TokenStoreContract.DenylistMigration.class,
                "jtis_of_one_expiry_are_in_code_point_order_and_pages_return_each_once");
    }

    @Test
    void an_append_that_merges_forks_fails_the_ledger_tail_tests() {
        assertCaught(AppendMergesForks.class, CreditStoreContract.AppendingLedgerTails.class,
                "a_different_entry_at_a_stored_sequence_is_a_conflict_and_writes_nothing",
                "a_fork_with_another_id_or_time_at_a_stored_sequence_is_a_conflict_too");
    }

    @Test
    void an_append_that_counts_everything_inserted_fails_the_ledger_tail_tests() {
        assertCaught(AppendCountsEverythingInserted.class, CreditStoreContract.AppendingLedgerTails.class,
                "stored_entries_that_are_identical_are_skipped_and_the_rest_appended",
                "appending_the_same_tail_again_skips_everything_and_changes_nothing");
    }

    @Test
    void tenants_in_reverse_order_fail_the_listing_tests() {
        assertCaught(TenantsInReverseOrder.class, TenantsContract.ListingTenants.class,
                "tenants_are_listed_in_code_point_order_without_duplicates_and_the_listing_is_stable");
    }

    @Test
    void a_listing_that_misses_token_only_tenants_fails_the_listing_tests() {
        assertCaught(TenantsMissTokenStores.class, TenantsContract.ListingTenants.class,
                "a_tenant_holding_one_record_of_any_store_is_listed");
    }

    // ------------------------------------------------------------------ decorators

    private static TokenStore replaceImport(TokenStore store, UnaryOperator<RefreshFamily> change) {
        return ContractsCatchBrokenStoresTest.Broken.replace(TokenStore.class, store, "importRefreshFamilies", args -> {
            @SuppressWarnings("unchecked")
            List<RefreshFamily> families = (List<RefreshFamily>) args[0];
            return store.importRefreshFamilies(families == null ? null
                    : families.stream().map(family -> family == null ? null : change.apply(family)).toList());
        });
    }

    /** The in-memory backend with another {@link StoreBackend#tenants()} ({@code null}: the default refusal). */
    private record ListingBackend(StoreBackend delegate,
                                  java.util.function.Function<StoreBackend, List<TenantId>> listing)
            implements StoreBackend {

        @Override
        public String name() {
            return "broken-" + delegate.name();
        }

        @Override
        public ContactStore contacts(TenantId tenant) {
            return delegate.contacts(tenant);
        }

        @Override
        public CreditStore credits(TenantId tenant) {
            return delegate.credits(tenant);
        }

        @Override
        public TokenStore tokens(TenantId tenant) {
            return delegate.tokens(tenant);
        }

        @Override
        public List<TenantId> tenants() {
            return listing == null ? StoreBackend.super.tenants() : listing.apply(delegate);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
