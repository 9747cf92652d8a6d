package dev.stowage.testkit;

import dev.stowage.ImportResult;
import dev.stowage.Page;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactQuery;
import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.EntryType;
import dev.stowage.credit.HistoryCursor;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.Posting;
import dev.stowage.exception.ConflictException.Reason;
import dev.stowage.exception.InsufficientCreditsException;
import dev.stowage.support.Cursors;
import dev.stowage.support.Timestamps;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The contract every {@link CreditStore} must pass. Extend it in a backend's tests and implement
 * {@link #openBackend(java.time.Clock)}; see {@link StoreContract}. Expected balances come from
 * the reference posting rule {@link CreditAccount#apply}; after every test that writes, the
 * ledger invariants are checked: sequences 1..n, each balanceAfter following from the one before,
 * {@code balance == sum of amounts >= 0}, and the totals equal to the sums of PURCHASE and
 * DEDUCTION entries.
 */
public abstract class CreditStoreContract extends StoreContract {

    /**
     * @return the credit store of the current test's tenant
     */
    protected CreditStore credits() {
        return backend.credits(tenant);
    }

    /**
     * @param other a tenant
     * @return that tenant's credit store
     */
    protected CreditStore creditsOf(TenantId other) {
        return backend.credits(other);
    }

    // ------------------------------------------------------------------ helpers

    private static List<LedgerEntry> ledgerOf(CreditStore store, String accountId) {
        List<LedgerEntry> all = new ArrayList<>();
        long after = 0;
        while (true) {
            List<LedgerEntry> batch = store.entries(accountId, after, 500);
            all.addAll(batch);
            if (batch.size() < 500) {
                return all;
            }
            after = batch.get(batch.size() - 1).sequence();
        }
    }

    private List<LedgerEntry> ledger(String accountId) {
        return ledgerOf(credits(), accountId);
    }

    /** Checks the ledger invariants of an account and returns its state. */
    private CreditAccount assertInvariants(String accountId) {
        return assertInvariantsOf(credits(), accountId);
    }

    private static CreditAccount assertInvariantsOf(CreditStore store, String accountId) {
        CreditAccount account = store.account(accountId).orElseThrow();
        List<LedgerEntry> entries = ledgerOf(store, accountId);
        assertThat(entries).as("an account has at least one entry").isNotEmpty();
        long balance = 0;
        long purchased = 0;
        long used = 0;
        for (int i = 0; i < entries.size(); i++) {
            LedgerEntry entry = entries.get(i);
            assertThat(entry.accountId()).isEqualTo(accountId);
            assertThat(entry.sequence()).as("sequence of entry %d", i).isEqualTo(i + 1);
            balance += entry.amount();
            assertThat(entry.balanceAfter()).as("balanceAfter of entry %d", entry.sequence()).isEqualTo(balance);
            assertThat(balance).as("balance after entry %d", entry.sequence()).isNotNegative();
            purchased += entry.type() == EntryType.PURCHASE ? entry.amount() : 0;
            used += entry.type() == EntryType.DEDUCTION ? -entry.amount() : 0;
        }
        assertThat(account.balance()).as("balance == sum of entries").isEqualTo(balance);
        assertThat(account.totalPurchased()).as("totalPurchased == sum of PURCHASE").isEqualTo(purchased);
        assertThat(account.totalUsed()).as("totalUsed == sum of |DEDUCTION|").isEqualTo(used);
        return account;
    }

    private List<LedgerEntry> allHistory(String accountId, int limit) {
        List<LedgerEntry> all = new ArrayList<>();
        String cursor = null;
        for (int pageNumber = 1; ; pageNumber++) {
            assertThat(pageNumber).as("pages needed; the cursors must make progress").isLessThan(100_000);
            Page<LedgerEntry> page = credits().history(accountId, limit, cursor);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            all.addAll(page.items());
            if (page.nextCursor().isEmpty()) {
                return all;
            }
            assertThat(page.nextCursor()).as("page %d: a next cursor must move past the cursor of its page", pageNumber)
                    .isNotEqualTo(Optional.ofNullable(cursor));
            if (page.items().size() == limit) {
                assertThat(page.nextCursor()).as("the history cursor is encoded like the reference")
                        .contains(HistoryCursor.encode(accountId, page.items().get(limit - 1).sequence()));
            }
            cursor = page.nextCursor().get();
        }
    }

    private static List<LedgerEntry> newestFirst(List<LedgerEntry> entries) {
        List<LedgerEntry> reversed = new ArrayList<>(entries);
        Collections.reverse(reversed);
        return reversed;
    }

    /** Five postings of every type, two with idempotency keys: balance 100 - 30 + 5 + 2 - 7 = 70. */
    private static Posting[] samplePostings(String accountId) {
        return new Posting[] {Posting.purchase(accountId, 100).withReason("plan").withIdempotencyKey("p-1"),
            Posting.deduction(accountId, 30).withMetadata(Map.of("job", "export")),
            Posting.refund(accountId, 5),
            Posting.bonus(accountId, 2).withIdempotencyKey("b-1"),
            Posting.adjustment(accountId, -7)};
    }

    private void assertNoAccounts() {
        assertThat(credits().scanAccounts(null, 10)).isEmpty();
    }

    /** Posts and returns the entry, moving the clock a millisecond first so entries differ in time. */
    private LedgerEntry postLater(Posting posting) {
        clock.advance(Duration.ofMillis(1));
        return credits().post(posting);
    }

    // ------------------------------------------------------------------ groups

    /** {@link CreditStore#post}: the posting rule of each entry type. */
    @Nested
    public class Postings {

        @Test
        void a_first_purchase_opens_the_account_with_that_balance_and_timestamps_from_the_clock() {
            credits().post(Posting.purchase("a", 100));

            CreditAccount account = credits().account("a").orElseThrow();
            assertThat(account).isEqualTo(new CreditAccount("a", 100, 100, 0, Timestamps.now(clock), Timestamps.now(clock)));
        }

        @Test
        void the_entry_holds_every_posted_field_and_the_balance_after_it() {
            Posting posting = Posting.purchase("a", 250).withReason("annual plan")
                    .withMetadata(Map.of("invoice", "INV-7", "seats", 5)).withIdempotencyKey("order-7");

            LedgerEntry entry = credits().post(posting);

            assertThat(entry.id()).isNotNull();
            assertThat(entry.id().version()).as("UUID version").isEqualTo(7);
            assertThat(entry).isEqualTo(LedgerEntry.of(entry.id(), posting, 1, 250, Timestamps.now(clock)));
            assertThat(ledger("a")).containsExactly(entry);
        }

        @Test
        void a_purchase_adds_to_balance_and_total_purchased() {
            credits().post(Posting.purchase("a", 10));
            postLater(Posting.purchase("a", 15));

            assertThat(assertInvariants("a")).extracting(CreditAccount::balance, CreditAccount::totalPurchased,
                    CreditAccount::totalUsed).containsExactly(25L, 25L, 0L);
        }

        @Test
        void a_deduction_subtracts_from_balance_and_adds_its_magnitude_to_total_used() {
            credits().post(Posting.purchase("a", 50));
            LedgerEntry deduction = postLater(Posting.deduction("a", 20));

            assertThat(deduction.amount()).isEqualTo(-20);
            assertThat(deduction.balanceAfter()).isEqualTo(30);
            assertThat(assertInvariants("a")).extracting(CreditAccount::balance, CreditAccount::totalPurchased,
                    CreditAccount::totalUsed).containsExactly(30L, 50L, 20L);
        }

        @Test
        void a_refund_adds_to_the_balance_only() {
            credits().post(Posting.purchase("a", 50));
            postLater(Posting.deduction("a", 20));
            postLater(Posting.refund("a", 5));

            assertThat(assertInvariants("a")).extracting(CreditAccount::balance, CreditAccount::totalPurchased,
                    CreditAccount::totalUsed).containsExactly(35L, 50L, 20L);
        }

        @Test
        void a_bonus_adds_to_the_balance_only() {
            credits().post(Posting.bonus("a", 7));

            assertThat(assertInvariants("a")).extracting(CreditAccount::balance, CreditAccount::totalPurchased,
                    CreditAccount::totalUsed).containsExactly(7L, 0L, 0L);
        }

        @Test
        void an_adjustment_of_either_sign_moves_the_balance_only() {
            credits().post(Posting.adjustment("a", 40));
            postLater(Posting.adjustment("a", -15));

            assertThat(assertInvariants("a")).extracting(CreditAccount::balance, CreditAccount::totalPurchased,
                    CreditAccount::totalUsed).containsExactly(25L, 0L, 0L);
        }

        @Test
        void every_credit_type_can_open_an_account() {
            credits().post(Posting.purchase("purchase", 1));
            credits().post(Posting.refund("refund", 2));
            credits().post(Posting.bonus("bonus", 3));
            credits().post(Posting.adjustment("adjustment", 4));

            assertThat(credits().scanAccounts(null, 10)).extracting(CreditAccount::accountId, CreditAccount::balance)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("adjustment", 4L),
                            org.assertj.core.groups.Tuple.tuple("bonus", 3L),
                            org.assertj.core.groups.Tuple.tuple("purchase", 1L),
                            org.assertj.core.groups.Tuple.tuple("refund", 2L));
        }

        @Test
        void sequences_are_consecutive_and_each_balance_after_follows_from_the_one_before() {
            credits().post(Posting.purchase("a", 100));
            postLater(Posting.deduction("a", 30));
            postLater(Posting.refund("a", 10));
            postLater(Posting.bonus("a", 5));
            postLater(Posting.adjustment("a", 7));
            postLater(Posting.adjustment("a", -2));

            assertThat(ledger("a")).extracting(LedgerEntry::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(ledger("a")).extracting(LedgerEntry::balanceAfter).containsExactly(100L, 70L, 80L, 85L, 92L, 90L);
            assertThat(assertInvariants("a")).extracting(CreditAccount::balance, CreditAccount::totalPurchased,
                    CreditAccount::totalUsed).containsExactly(90L, 100L, 30L);
        }

        @Test
        void updated_at_follows_the_latest_posting_and_created_at_stays() {
            credits().post(Posting.purchase("a", 10));
            Instant opened = Timestamps.now(clock);
            clock.advance(Duration.ofHours(3));
            LedgerEntry later = credits().post(Posting.deduction("a", 1));

            CreditAccount account = credits().account("a").orElseThrow();
            assertThat(account.createdAt()).isEqualTo(opened);
            assertThat(account.updatedAt()).isEqualTo(Timestamps.now(clock)).isEqualTo(later.createdAt());
        }

        @Test
        void a_deduction_that_empties_the_account_exactly_is_accepted() {
            credits().post(Posting.purchase("a", 42));

            LedgerEntry entry = credits().post(Posting.deduction("a", 42));

            assertThat(entry.balanceAfter()).isZero();
            assertThat(assertInvariants("a").balance()).isZero();
        }

        @Test
        void each_entry_gets_its_own_id() {
            List<LedgerEntry> entries = IntStream.range(0, 20).mapToObj(i -> credits().post(Posting.purchase("a", 1))).toList();

            assertThat(entries).extracting(LedgerEntry::id).doesNotHaveDuplicates();
        }

        @Test
        void a_long_mixed_sequence_matches_the_reference_posting_rule_step_by_step() {
            EntryType[] types = EntryType.values();
            long seed = 20_260_301L;
            CreditAccount expected = null;
            for (int i = 0; i < 200; i++) {
                seed = seed * 6_364_136_223_846_793_005L + 1_442_695_040_888_963_407L;
                EntryType type = types[Math.floorMod(seed >>> 33, types.length)];
                long magnitude = 1 + Math.floorMod(seed >>> 40, 60);
                long amount = type == EntryType.DEDUCTION || (type == EntryType.ADJUSTMENT && (seed & 1) == 0)
                        ? -magnitude : magnitude;
                Posting posting = new Posting("mixed", type, amount, "step " + i, Map.of("i", i), null);
                clock.advance(Duration.ofNanos(1_000));
                Instant now = Timestamps.now(clock);
                CreditAccount before = expected == null ? CreditAccount.opening("mixed", now) : expected;
                CreditAccount after;
                try {
                    after = before.apply(type, amount, now);
                } catch (InsufficientCreditsException e) {
                    assertThat(catchThrowable(() -> credits().post(posting)))
                            .as("step %d overdraws", i).isInstanceOf(InsufficientCreditsException.class);
                    continue;
                }
                LedgerEntry entry = credits().post(posting);
                assertThat(entry.balanceAfter()).as("step %d", i).isEqualTo(after.balance());
                expected = after;
            }
            assertThat(assertInvariants("mixed")).isEqualTo(expected);
        }

        @Test
        void accounts_are_independent_of_each_other() {
            credits().post(Posting.purchase("a", 10));
            credits().post(Posting.purchase("b", 20));
            credits().post(Posting.deduction("b", 5));

            assertThat(assertInvariants("a").balance()).isEqualTo(10);
            assertThat(assertInvariants("b").balance()).isEqualTo(15);
            assertThat(ledger("a")).hasSize(1);
        }

        @Test
        void an_unknown_account_is_absent() {
            credits().post(Posting.purchase("a", 1));

            assertThat(credits().account("b")).isEmpty();
        }
    }

    /** {@link CreditStore#post}: a balance never goes below zero. */
    @Nested
    public class Overdraft {

        @Test
        void a_deduction_that_would_overdraw_is_rejected_and_writes_nothing() {
            credits().post(Posting.purchase("a", 10));
            CreditAccount before = credits().account("a").orElseThrow();
            List<LedgerEntry> ledgerBefore = ledger("a");
            clock.advance(Duration.ofMinutes(1));

            assertThat(catchThrowable(() -> credits().post(Posting.deduction("a", 11))))
                    .isInstanceOf(InsufficientCreditsException.class);

            assertThat(credits().account("a")).contains(before);
            assertThat(ledger("a")).isEqualTo(ledgerBefore);
            assertThat(credits().history("a", 10, null).items()).isEqualTo(newestFirst(ledgerBefore));
        }

        @Test
        void a_negative_adjustment_that_would_overdraw_is_rejected_and_writes_nothing() {
            credits().post(Posting.bonus("a", 3));
            CreditAccount before = credits().account("a").orElseThrow();

            assertThat(catchThrowable(() -> credits().post(Posting.adjustment("a", -4))))
                    .isInstanceOf(InsufficientCreditsException.class);

            assertThat(credits().account("a")).contains(before);
            assertThat(ledger("a")).hasSize(1);
        }

        @Test
        void a_deduction_from_an_unknown_account_creates_no_account() {
            assertThat(catchThrowable(() -> credits().post(Posting.deduction("ghost", 1))))
                    .isInstanceOf(InsufficientCreditsException.class);

            assertThat(credits().account("ghost")).isEmpty();
            assertThat(credits().history("ghost", 10, null).items()).isEmpty();
            assertThat(credits().entries("ghost", 0, 10)).isEmpty();
            assertNoAccounts();
        }

        @Test
        void a_deduction_from_an_unknown_account_says_the_account_does_not_exist() {
            credits().post(Posting.purchase("other", 5));

            Throwable thrown = catchThrowable(() -> credits().post(Posting.deduction("ghost", 1)));

            assertThat(thrown).isInstanceOfSatisfying(InsufficientCreditsException.class, e -> {
                assertThat(e.accountId()).isEqualTo("ghost");
                assertThat(e.accountExists()).isFalse();
                assertThat(e.getMessage()).contains("'ghost' does not exist").doesNotContain("fewer than");
            });
            assertThat(credits().account("ghost")).isEmpty();
        }

        @Test
        void a_deduction_from_an_existing_account_says_it_has_too_few_credits() {
            credits().post(Posting.purchase("a", 5));

            Throwable thrown = catchThrowable(() -> credits().post(Posting.adjustment("a", -6)));

            assertThat(thrown).isInstanceOfSatisfying(InsufficientCreditsException.class, e -> {
                assertThat(e.accountExists()).isTrue();
                assertThat(e.getMessage()).contains("has fewer than 6 credits");
            });
        }

        @Test
        void a_negative_adjustment_on_an_unknown_account_creates_no_account() {
            assertThat(catchThrowable(() -> credits().post(Posting.adjustment("ghost", -1))))
                    .isInstanceOf(InsufficientCreditsException.class);

            assertNoAccounts();
        }

        @Test
        void the_error_names_the_account_and_the_credits_requested() {
            credits().post(Posting.purchase("a", 5));

            Throwable thrown = catchThrowable(() -> credits().post(Posting.deduction("a", 8)));

            assertThat(thrown).isInstanceOfSatisfying(InsufficientCreditsException.class, e -> {
                assertThat(e.accountId()).isEqualTo("a");
                assertThat(e.requested()).isEqualTo(8);
            });
        }

        @Test
        void a_rejected_deduction_does_not_use_up_its_idempotency_key() {
            credits().post(Posting.purchase("a", 5));
            Posting deduction = Posting.deduction("a", 8).withIdempotencyKey("retry-me");
            assertThat(catchThrowable(() -> credits().post(deduction))).isInstanceOf(InsufficientCreditsException.class);
            credits().post(Posting.purchase("a", 10));

            LedgerEntry entry = credits().post(deduction);

            assertThat(entry.amount()).isEqualTo(-8);
            assertThat(entry.balanceAfter()).isEqualTo(7);
            assertThat(assertInvariants("a").balance()).isEqualTo(7);
        }

        @Test
        void taking_one_credit_more_than_the_balance_is_rejected_but_the_exact_balance_is_not() {
            credits().post(Posting.purchase("a", 9));

            assertThat(catchThrowable(() -> credits().post(Posting.deduction("a", 10))))
                    .isInstanceOf(InsufficientCreditsException.class);
            assertThat(credits().post(Posting.deduction("a", 9)).balanceAfter()).isZero();
            assertThat(catchThrowable(() -> credits().post(Posting.deduction("a", 1))))
                    .isInstanceOf(InsufficientCreditsException.class);
            assertThat(assertInvariants("a").balance()).isZero();
        }
    }

    /** {@link CreditStore#post} with idempotency keys. */
    @Nested
    public class Idempotency {

        @Test
        void posting_again_with_the_same_key_returns_the_original_entry_and_applies_nothing() {
            LedgerEntry original = credits().post(Posting.purchase("a", 30).withIdempotencyKey("k1"));
            CreditAccount after = credits().account("a").orElseThrow();
            clock.advance(Duration.ofHours(1));

            LedgerEntry replay = credits().post(Posting.purchase("a", 30).withIdempotencyKey("k1"));

            assertThat(replay).isEqualTo(original);
            assertThat(credits().account("a")).contains(after);
            assertThat(ledger("a")).containsExactly(original);
        }

        @Test
        void the_same_key_with_another_amount_is_rejected_as_reused_and_writes_nothing() {
            LedgerEntry original = credits().post(Posting.purchase("a", 30).withIdempotencyKey("k1"));

            Expect.conflict(() -> credits().post(Posting.purchase("a", 31).withIdempotencyKey("k1")),
                    Reason.IDEMPOTENCY_KEY_REUSED);

            assertThat(ledger("a")).containsExactly(original);
            assertThat(assertInvariants("a").balance()).isEqualTo(30);
        }

        @Test
        void the_same_key_with_another_type_is_rejected_as_reused_and_writes_nothing() {
            LedgerEntry original = credits().post(Posting.purchase("a", 30).withIdempotencyKey("k1"));

            Expect.conflict(() -> credits().post(Posting.bonus("a", 30).withIdempotencyKey("k1")),
                    Reason.IDEMPOTENCY_KEY_REUSED);
            Expect.conflict(() -> credits().post(Posting.deduction("a", 30).withIdempotencyKey("k1")),
                    Reason.IDEMPOTENCY_KEY_REUSED);

            assertThat(ledger("a")).containsExactly(original);
        }

        @Test
        void a_replay_with_another_reason_or_metadata_returns_the_original_entry_unchanged() {
            LedgerEntry original = credits().post(Posting.purchase("a", 30).withReason("first")
                    .withMetadata(Map.of("try", 1)).withIdempotencyKey("k1"));

            LedgerEntry replay = credits().post(Posting.purchase("a", 30).withReason("second")
                    .withMetadata(Map.of("try", 2)).withIdempotencyKey("k1"));

            assertThat(replay).isEqualTo(original);
            assertThat(replay.reason()).isEqualTo("first");
            assertThat(ledger("a")).containsExactly(original);
        }

        @Test
        void keys_are_per_account() {
            LedgerEntry forA = credits().post(Posting.purchase("a", 10).withIdempotencyKey("shared"));
            LedgerEntry forB = credits().post(Posting.purchase("b", 20).withIdempotencyKey("shared"));

            assertThat(forB).isNotEqualTo(forA);
            assertThat(assertInvariants("a").balance()).isEqualTo(10);
            assertThat(assertInvariants("b").balance()).isEqualTo(20);
        }

        @Test
        void a_replayed_deduction_is_returned_even_when_the_balance_no_longer_covers_it() {
            credits().post(Posting.purchase("a", 10));
            LedgerEntry original = credits().post(Posting.deduction("a", 10).withIdempotencyKey("spend"));

            LedgerEntry replay = credits().post(Posting.deduction("a", 10).withIdempotencyKey("spend"));

            assertThat(replay).isEqualTo(original);
            assertThat(assertInvariants("a").balance()).isZero();
        }

        @Test
        void postings_without_a_key_are_never_merged() {
            credits().post(Posting.purchase("a", 10));
            credits().post(Posting.purchase("a", 10));

            assertThat(ledger("a")).hasSize(2);
            assertThat(assertInvariants("a").balance()).isEqualTo(20);
        }

        @Test
        void a_key_is_remembered_after_many_later_postings() {
            LedgerEntry original = credits().post(Posting.purchase("a", 5).withIdempotencyKey("early"));
            for (int i = 0; i < 50; i++) {
                credits().post(Posting.bonus("a", 1).withIdempotencyKey("later-" + i));
            }

            assertThat(credits().post(Posting.purchase("a", 5).withIdempotencyKey("early"))).isEqualTo(original);
            assertThat(assertInvariants("a").balance()).isEqualTo(55);
        }

        @Test
        void different_keys_post_separately() {
            credits().post(Posting.purchase("a", 5).withIdempotencyKey("k1"));
            credits().post(Posting.purchase("a", 5).withIdempotencyKey("k2"));

            assertThat(ledger("a")).extracting(LedgerEntry::idempotencyKey).containsExactly("k1", "k2");
            assertThat(assertInvariants("a").balance()).isEqualTo(10);
        }

        @Test
        void keys_are_compared_exactly_and_not_ignoring_case() {
            credits().post(Posting.purchase("a", 5).withIdempotencyKey("Key"));
            credits().post(Posting.purchase("a", 6).withIdempotencyKey("key"));

            assertThat(assertInvariants("a").balance()).isEqualTo(11);
        }
    }

    /** {@link CreditStore#history}: newest first, in keyset pages. */
    @Nested
    public class History {

        private List<LedgerEntry> postTen() {
            List<LedgerEntry> posted = new ArrayList<>();
            posted.add(credits().post(Posting.purchase("a", 100)));
            for (int i = 1; i < 10; i++) {
                posted.add(postLater(i % 2 == 0 ? Posting.bonus("a", i) : Posting.deduction("a", i)));
            }
            return posted;
        }

        @Test
        void history_lists_the_entries_newest_first() {
            List<LedgerEntry> posted = postTen();

            Page<LedgerEntry> page = credits().history("a", 100, null);

            assertThat(page.items()).containsExactlyElementsOf(newestFirst(posted));
            assertThat(page.nextCursor()).isEmpty();
        }

        @Test
        void history_pages_return_every_entry_exactly_once_for_every_page_size() {
            List<LedgerEntry> posted = postTen();
            for (int limit : new int[] {1, 2, 3, 4, 9, 10, 11, 1_000}) {
                assertThat(allHistory("a", limit)).as("page size %d", limit).containsExactlyElementsOf(newestFirst(posted));
            }
        }

        @Test
        void a_full_first_page_has_a_cursor_to_the_older_entries() {
            List<LedgerEntry> posted = postTen();

            Page<LedgerEntry> first = credits().history("a", 4, null);
            Page<LedgerEntry> second = credits().history("a", 4, first.nextCursor().orElseThrow());

            assertThat(first.items()).containsExactlyElementsOf(newestFirst(posted).subList(0, 4));
            assertThat(second.items()).containsExactlyElementsOf(newestFirst(posted).subList(4, 8));
        }

        @Test
        void history_of_an_unknown_account_is_an_empty_last_page() {
            credits().post(Posting.purchase("a", 1));

            Page<LedgerEntry> page = credits().history("b", 10, null);

            assertThat(page.items()).isEmpty();
            assertThat(page.nextCursor()).isEmpty();
        }

        @Test
        void entries_posted_between_pages_do_not_disturb_the_older_pages() {
            List<LedgerEntry> posted = postTen();
            List<LedgerEntry> read = new ArrayList<>();
            String cursor = null;
            do {
                Page<LedgerEntry> page = credits().history("a", 3, cursor);
                read.addAll(page.items());
                cursor = page.nextCursor().orElse(null);
                postLater(Posting.purchase("a", 1));
            } while (cursor != null);

            assertThat(read).containsExactlyElementsOf(newestFirst(posted));
            assertThat(credits().history("a", 1, null).items().get(0).sequence()).isGreaterThan(10);
        }

        @Test
        void a_history_cursor_of_another_account_is_rejected_naming_cursor() {
            postTen();
            credits().post(Posting.purchase("b", 1));
            credits().post(Posting.purchase("b", 1));
            String cursor = credits().history("a", 2, null).nextCursor().orElseThrow();

            Expect.validation(() -> credits().history("b", 2, cursor), "cursor");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "garbage", "%%%", "YWJj", "YzEfaGlzdG9yeR8wH2E", "YzEfaGlzdG9yeR94H2E",
            "YzEfaGlzdG9yeR8tNR9h", "YzEfaGlzdG9yaWVzHzMfYQ", "YzEfaGlzdG9yeR8zH2EfZXh0cmE",
            "YzEfVVBEQVRFRF9BVB9ERVNDHzAfMDE5MDAwMDAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMDAx"})
        void a_garbage_history_cursor_is_rejected_naming_cursor(String garbage) {
            postTen();

            Expect.validation(() -> credits().history("a", 2, garbage), "cursor");
        }

        static Stream<Arguments> forgedHistoryCursors() {
            String valid = HistoryCursor.encode("a", 2);
            return Stream.of(
                    Arguments.of(Named.of("a truncated cursor", valid.substring(0, valid.length() - 1))),
                    Arguments.of(Named.of("a cursor with padding", valid + "==")),
                    Arguments.of(Named.of("a cursor with a sign", Cursors.encode("history", "+2", "a"))),
                    Arguments.of(Named.of("a cursor with a leading zero", Cursors.encode("history", "02", "a"))),
                    Arguments.of(Named.of("a cursor at sequence zero", Cursors.encode("history", "0", "a"))),
                    Arguments.of(Named.of("a cursor at a negative sequence", Cursors.encode("history", "-3", "a"))),
                    Arguments.of(Named.of("a cursor past the largest sequence",
                            Cursors.encode("history", Long.toString(LedgerEntry.MAX_SEQUENCE + 1), "a"))),
                    Arguments.of(Named.of("a cursor at Long.MAX_VALUE",
                            Cursors.encode("history", Long.toString(Long.MAX_VALUE), "a"))),
                    Arguments.of(Named.of("a cursor beyond a long", Cursors.encode("history", "99999999999999999999", "a"))),
                    Arguments.of(Named.of("a cursor of another kind", Cursors.encode("contacts", "2", "a"))),
                    Arguments.of(Named.of("a cursor with a part missing", Cursors.encode("history", "2"))),
                    Arguments.of(Named.of("a cursor with a NUL", Cursors.encode("history", "2", "a\u0000"))),
                    Arguments.of(Named.of("an empty cursor", "")));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("forgedHistoryCursors")
        void a_forged_or_truncated_history_cursor_is_rejected_naming_cursor(String forged) {
            IntStream.range(0, 5).forEach(i -> credits().post(Posting.purchase("a", 1)));

            Expect.validation(() -> credits().history("a", 2, forged), "cursor");
        }

        @Test
        void a_contact_search_cursor_is_not_a_history_cursor() {
            postTen();
            Instant now = Timestamps.now(clock);
            String contactCursor = ContactQuery.all().cursorAfter(
                    Contact.of(UUID.randomUUID(), Fixtures.contact(1), now, now, 1));

            Expect.validation(() -> credits().history("a", 2, contactCursor), "cursor");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, 1_001, Integer.MAX_VALUE, Integer.MIN_VALUE})
        void a_history_limit_outside_one_to_a_thousand_is_rejected_naming_limit(int limit) {
            postTen();

            Expect.validation(() -> credits().history("a", limit, null), "limit");
        }

        @Test
        void a_history_of_more_than_a_thousand_entries_pages_at_the_largest_limit() {
            credits().importAccounts(List.of(Fixtures.history("big", Timestamps.now(clock),
                    IntStream.range(0, 1_205).mapToObj(i -> Posting.bonus("big", 1)).toArray(Posting[]::new))));

            Page<LedgerEntry> first = credits().history("big", 1_000, null);
            List<LedgerEntry> all = allHistory("big", 1_000);

            assertThat(first.items()).hasSize(1_000);
            assertThat(first.items().get(0).sequence()).isEqualTo(1_205);
            assertThat(all).extracting(LedgerEntry::sequence)
                    .containsExactlyElementsOf(LongStream.iterate(1_205, s -> s - 1).limit(1_205).boxed().toList());
        }
    }

    /** {@link CreditStore#entries}: oldest first from a sequence. */
    @Nested
    public class Entries {

        private List<LedgerEntry> postSeven() {
            List<LedgerEntry> posted = new ArrayList<>();
            posted.add(credits().post(Posting.purchase("a", 50)));
            for (int i = 1; i < 7; i++) {
                posted.add(postLater(Posting.deduction("a", i)));
            }
            return posted;
        }

        @Test
        void entries_list_the_ledger_oldest_first() {
            List<LedgerEntry> posted = postSeven();

            assertThat(credits().entries("a", 0, 100)).containsExactlyElementsOf(posted);
        }

        @Test
        void entries_after_a_sequence_start_right_after_it() {
            List<LedgerEntry> posted = postSeven();

            assertThat(credits().entries("a", 3, 100)).containsExactlyElementsOf(posted.subList(3, 7));
            assertThat(credits().entries("a", 3, 2)).containsExactlyElementsOf(posted.subList(3, 5));
        }

        @Test
        void entries_after_the_last_sequence_are_empty() {
            postSeven();

            assertThat(credits().entries("a", 7, 10)).isEmpty();
            assertThat(credits().entries("a", 1_000, 10)).isEmpty();
        }

        @Test
        void entries_read_in_batches_return_every_entry_exactly_once() {
            List<LedgerEntry> posted = postSeven();
            for (int limit : new int[] {1, 2, 3, 6, 7, 8}) {
                List<LedgerEntry> read = new ArrayList<>();
                long after = 0;
                while (true) {
                    List<LedgerEntry> batch = credits().entries("a", after, limit);
                    assertThat(batch).hasSizeLessThanOrEqualTo(limit);
                    read.addAll(batch);
                    if (batch.size() < limit) {
                        break;
                    }
                    after = batch.get(batch.size() - 1).sequence();
                }
                assertThat(read).as("batches of %d", limit).containsExactlyElementsOf(posted);
            }
        }

        @Test
        void entries_of_an_unknown_account_are_empty() {
            postSeven();

            assertThat(credits().entries("b", 0, 10)).isEmpty();
        }

        @Test
        void entries_and_history_show_the_same_ledger() {
            postSeven();

            assertThat(credits().history("a", 100, null).items()).containsExactlyElementsOf(newestFirst(ledger("a")));
        }

        @Test
        void a_negative_starting_sequence_is_rejected_naming_after_sequence() {
            postSeven();

            Expect.validation(() -> credits().entries("a", -1, 10), "afterSequence");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, 10_001, Integer.MIN_VALUE})
        void an_entries_limit_outside_one_to_ten_thousand_is_rejected_naming_limit(int limit) {
            postSeven();

            Expect.validation(() -> credits().entries("a", 0, limit), "limit");
        }

        @Test
        void an_entries_limit_of_ten_thousand_is_accepted() {
            List<LedgerEntry> posted = postSeven();

            assertThat(credits().entries("a", 0, 10_000)).containsExactlyElementsOf(posted);
        }

        @Test
        void entries_after_a_sequence_no_ledger_reaches_are_none_on_every_backend() {
            IntStream.range(0, 3).forEach(i -> credits().post(Posting.purchase("a", 1)));

            assertThat(credits().entries("a", Long.MAX_VALUE, 10_000)).isEmpty();
            assertThat(credits().entries("a", Long.MAX_VALUE - 1, 10_000)).isEmpty();
            assertThat(credits().entries("a", LedgerEntry.MAX_SEQUENCE, 10_000)).isEmpty();
            assertThat(credits().entries("a", LedgerEntry.MAX_SEQUENCE - 1, 10_000)).isEmpty();
            assertThat(credits().entries("ghost", Long.MAX_VALUE, 10_000)).isEmpty();
            assertThat(credits().entries("a", 2, 10_000)).extracting(LedgerEntry::sequence).containsExactly(3L);
        }
    }

    /** {@link CreditStore#scanAccounts}. */
    @Nested
    public class Scanning {

        @Test
        void accounts_are_scanned_in_code_point_order_of_their_ids() {
            List<String> ids = Fixtures.orderedAccountIds();
            List<String> shuffled = new ArrayList<>(ids);
            Collections.reverse(shuffled);
            Collections.swap(shuffled, 0, shuffled.size() / 2);
            shuffled.forEach(id -> credits().post(Posting.purchase(id, 1)));

            assertThat(credits().scanAccounts(null, 100)).extracting(CreditAccount::accountId)
                    .containsExactlyElementsOf(ids);
        }

        @Test
        void a_scan_after_an_account_id_continues_strictly_after_it() {
            List<String> ids = Fixtures.orderedAccountIds();
            ids.forEach(id -> credits().post(Posting.purchase(id, 1)));

            assertThat(credits().scanAccounts("a-10", 3)).extracting(CreditAccount::accountId)
                    .containsExactly("a-2", "b", "z");
            assertThat(credits().scanAccounts("\uFF21", 100)).extracting(CreditAccount::accountId)
                    .containsExactly("\uD835\uDC00", "\uD83D\uDE00");
        }

        @Test
        void a_scan_after_an_id_that_does_not_exist_continues_with_the_next_larger_id() {
            Fixtures.orderedAccountIds().forEach(id -> credits().post(Posting.purchase(id, 1)));

            assertThat(credits().scanAccounts("a-0", 2)).extracting(CreditAccount::accountId).containsExactly("a-1", "a-10");
            assertThat(credits().scanAccounts("ZZ", 1)).extracting(CreditAccount::accountId).containsExactly("a");
        }

        @Test
        void scanning_in_batches_reads_every_account_exactly_once() {
            List<String> ids = Fixtures.orderedAccountIds();
            ids.forEach(id -> credits().post(Posting.purchase(id, 1)));
            for (int limit : new int[] {1, 3, 15, 16, 17}) {
                List<String> read = new ArrayList<>();
                String after = null;
                while (true) {
                    List<CreditAccount> batch = credits().scanAccounts(after, limit);
                    assertThat(batch).hasSizeLessThanOrEqualTo(limit);
                    batch.forEach(account -> read.add(account.accountId()));
                    if (batch.size() < limit) {
                        break;
                    }
                    after = batch.get(batch.size() - 1).accountId();
                }
                assertThat(read).as("batches of %d", limit).containsExactlyElementsOf(ids);
            }
        }

        @Test
        void a_scan_shows_each_accounts_current_state() {
            credits().post(Posting.purchase("a", 10));
            credits().post(Posting.purchase("b", 10));
            postLater(Posting.deduction("b", 4));

            assertThat(credits().scanAccounts(null, 10))
                    .containsExactly(credits().account("a").orElseThrow(), credits().account("b").orElseThrow());
        }

        @Test
        void a_scan_of_a_tenant_without_accounts_is_empty() {
            assertNoAccounts();
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, 10_001, Integer.MIN_VALUE})
        void a_scan_limit_outside_one_to_ten_thousand_is_rejected_naming_limit(int limit) {
            Expect.validation(() -> credits().scanAccounts(null, limit), "limit");
        }
    }

    /** {@link CreditStore#importAccounts}. */
    @Nested
    public class Importing {

        private final Instant past = Instant.parse("2022-02-02T02:02:02.020202Z");

        private AccountHistory sample(String accountId) {
            return Fixtures.history(accountId, past, samplePostings(accountId));
        }

        @Test
        void an_import_inserts_accounts_with_their_ledger_exactly() {
            AccountHistory history = sample("a");

            ImportResult result = credits().importAccounts(List.of(history));

            assertThat(result).isEqualTo(new ImportResult(1, 0, 0));
            assertThat(credits().account("a")).contains(history.account());
            assertThat(ledger("a")).containsExactlyElementsOf(history.entries());
            assertThat(allHistory("a", 2)).containsExactlyElementsOf(newestFirst(history.entries()));
            assertInvariants("a");
        }

        @Test
        void an_import_skips_an_existing_account_and_leaves_its_ledger_alone() {
            LedgerEntry live = credits().post(Posting.purchase("a", 1));
            CreditAccount before = credits().account("a").orElseThrow();

            ImportResult result = credits().importAccounts(List.of(sample("a")));

            assertThat(result).isEqualTo(new ImportResult(0, 0, 1));
            assertThat(credits().account("a")).contains(before);
            assertThat(ledger("a")).containsExactly(live);
        }

        @Test
        void an_import_inserts_the_new_accounts_of_a_batch_and_skips_the_existing_ones() {
            credits().post(Posting.purchase("b", 1));

            ImportResult result = credits().importAccounts(List.of(sample("a"), sample("b"), sample("c")));

            assertThat(result).isEqualTo(new ImportResult(2, 0, 1));
            assertThat(credits().scanAccounts(null, 10)).extracting(CreditAccount::balance).containsExactly(70L, 1L, 70L);
        }

        @Test
        void importing_the_same_batch_twice_skips_everything_the_second_time() {
            List<AccountHistory> batch = List.of(sample("a"), sample("b"));

            assertThat(credits().importAccounts(batch)).isEqualTo(new ImportResult(2, 0, 0));
            assertThat(credits().importAccounts(batch)).isEqualTo(new ImportResult(0, 0, 2));
            assertThat(ledger("a")).containsExactlyElementsOf(batch.get(0).entries());
        }

        @Test
        void an_imported_account_continues_its_sequence_on_the_next_posting() {
            credits().importAccounts(List.of(sample("a")));

            LedgerEntry next = credits().post(Posting.deduction("a", 8));

            assertThat(next.sequence()).isEqualTo(6);
            assertThat(next.balanceAfter()).isEqualTo(62);
            CreditAccount account = assertInvariants("a");
            assertThat(account.totalUsed()).isEqualTo(38);
            assertThat(account.createdAt()).isEqualTo(past);
            assertThat(account.updatedAt()).isEqualTo(Timestamps.now(clock));
        }

        @Test
        void imported_idempotency_keys_are_honoured() {
            AccountHistory history = sample("a");
            credits().importAccounts(List.of(history));

            LedgerEntry replay = credits().post(Posting.purchase("a", 100).withIdempotencyKey("p-1"));

            assertThat(replay).isEqualTo(history.entries().get(0));
            Expect.conflict(() -> credits().post(Posting.bonus("a", 3).withIdempotencyKey("b-1")),
                    Reason.IDEMPOTENCY_KEY_REUSED);
            assertThat(ledger("a")).containsExactlyElementsOf(history.entries());
        }

        @Test
        void an_import_of_nothing_does_nothing() {
            assertThat(credits().importAccounts(List.of())).isEqualTo(ImportResult.EMPTY);
            assertNoAccounts();
        }

        @Test
        void a_batch_that_repeats_an_account_is_rejected_naming_the_repeat_and_writes_nothing() {
            List<AccountHistory> batch = List.of(sample("fresh"), sample("a"), sample("a"));

            Expect.validation(() -> credits().importAccounts(batch), "accounts[2].account.accountId");

            assertNoAccounts();
        }

        @Test
        void a_batch_of_more_than_a_thousand_accounts_is_rejected_naming_accounts_and_writes_nothing() {
            List<AccountHistory> batch = IntStream.rangeClosed(0, 1_000)
                    .mapToObj(i -> Fixtures.history(Fixtures.account(i), past, Posting.bonus("x", 1))).toList();

            Expect.validation(() -> credits().importAccounts(batch), "accounts");

            assertNoAccounts();
        }

        @Test
        void a_batch_of_a_thousand_accounts_is_imported_whole() {
            List<AccountHistory> batch = IntStream.range(0, 1_000)
                    .mapToObj(i -> Fixtures.history(Fixtures.account(i), past, Posting.bonus("x", i + 1))).toList();

            assertThat(credits().importAccounts(batch)).isEqualTo(new ImportResult(1_000, 0, 0));

            assertThat(credits().scanAccounts(null, 10_000)).hasSize(1_000);
            assertThat(credits().account(Fixtures.account(999)).orElseThrow().balance()).isEqualTo(1_000);
        }

        @Test
        void imported_accounts_appear_in_scans_in_order_next_to_posted_ones() {
            credits().post(Posting.purchase("m", 1));

            credits().importAccounts(List.of(sample("z"), sample("a")));

            assertThat(credits().scanAccounts(null, 10)).extracting(CreditAccount::accountId).containsExactly("a", "m", "z");
        }

        @Test
        void imported_timestamps_at_the_edges_of_the_supported_range_round_trip_exactly() {
            List<AccountHistory> batch = new ArrayList<>();
            int n = 0;
            for (Instant instant : Fixtures.edgeInstants()) {
                batch.add(Fixtures.history(Fixtures.account(n++), instant, Posting.purchase("x", 3)));
            }

            credits().importAccounts(batch);

            for (AccountHistory history : batch) {
                String id = history.account().accountId();
                assertThat(credits().account(id)).contains(history.account());
                assertThat(ledger(id)).containsExactlyElementsOf(history.entries());
            }
        }

        @Test
        void an_imported_account_can_be_overdrawn_no_more_than_a_posted_one() {
            credits().importAccounts(List.of(sample("a")));

            assertThat(catchThrowable(() -> credits().post(Posting.deduction("a", 71))))
                    .isInstanceOf(InsufficientCreditsException.class);
            assertThat(ledger("a")).hasSize(5);
        }

        static Stream<Arguments> brokenHistories() {
            Instant at = Instant.parse("2022-02-02T02:02:02Z");
            AccountHistory valid = Fixtures.history("a", at, Posting.purchase("a", 10).withIdempotencyKey("k"),
                    Posting.deduction("a", 4), Posting.bonus("a", 1).withIdempotencyKey("k2"));
            CreditAccount account = valid.account();
            List<LedgerEntry> entries = valid.entries();
            LedgerEntry first = entries.get(0);
            LedgerEntry second = entries.get(1);
            LedgerEntry third = entries.get(2);
            return Stream.of(
                    broken("no entries", "entries", () -> new AccountHistory(account, List.of())),
                    broken("an entry of another account", "entries[0].accountId", () -> new AccountHistory(account,
                            List.of(withAccount(first, "b"), second, third))),
                    broken("a gap in the sequences", "entries[1].sequence", () -> new AccountHistory(account,
                            List.of(first, third))),
                    broken("entries out of order", "entries[0].sequence", () -> new AccountHistory(account,
                            List.of(second, first, third))),
                    broken("a broken balance chain", "entries[1].balanceAfter", () -> new AccountHistory(account,
                            List.of(first, withBalanceAfter(second, 5), third))),
                    broken("a balance that is not the sum of the entries", "account.balance", () -> new AccountHistory(
                            new CreditAccount("a", 8, 10, 4, at, at), entries)),
                    broken("totals that are not the sums of the entries", "account.totalPurchased", () -> new AccountHistory(
                            new CreditAccount("a", 7, 11, 4, at, at), entries)),
                    broken("a repeated idempotency key", "entries[2].idempotencyKey", () -> new AccountHistory(account,
                            List.of(first, second, withKey(third, "k")))),
                    broken("an entry that overdraws", "balanceAfter", () -> new AccountHistory(account,
                            List.of(first, new LedgerEntry(second.id(), "a", 2, EntryType.DEDUCTION, -11, -1, null,
                                    Map.of(), null, at)))),
                    broken("an account without its history", "entries", () -> new AccountHistory(account, null)));
        }

        private static Arguments broken(String label, String field, Supplier<AccountHistory> history) {
            return Arguments.of(Named.of(label, history), field);
        }

        private static LedgerEntry withAccount(LedgerEntry e, String accountId) {
            return new LedgerEntry(e.id(), accountId, e.sequence(), e.type(), e.amount(), e.balanceAfter(), e.reason(),
                    e.metadata(), e.idempotencyKey(), e.createdAt());
        }

        private static LedgerEntry withBalanceAfter(LedgerEntry e, long balanceAfter) {
            return new LedgerEntry(e.id(), e.accountId(), e.sequence(), e.type(), e.amount(), balanceAfter, e.reason(),
                    e.metadata(), e.idempotencyKey(), e.createdAt());
        }

        private static LedgerEntry withKey(LedgerEntry e, String key) {
            return new LedgerEntry(e.id(), e.accountId(), e.sequence(), e.type(), e.amount(), e.balanceAfter(), e.reason(),
                    e.metadata(), key, e.createdAt());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("brokenHistories")
        void an_inconsistent_history_is_rejected_naming_the_broken_field_and_nothing_is_written(
                Supplier<AccountHistory> history, String field) {
            Expect.validation(() -> credits().importAccounts(List.of(sample("fresh"), history.get())), field);

            assertNoAccounts();
        }
    }

    /** Rejected input: {@code ValidationException} naming the field, and nothing written. */
    @Nested
    public class Validation {

        static Stream<Arguments> invalidPostings() {
            return Stream.of(
                    invalid("a zero purchase", "amount", () -> Posting.purchase("a", 0)),
                    invalid("a negative purchase", "amount", () -> Posting.purchase("a", -5)),
                    invalid("a zero deduction", "amount", () -> Posting.deduction("a", 0)),
                    invalid("a deduction with a positive amount", "amount",
                            () -> new Posting("a", EntryType.DEDUCTION, 5, null, Map.of(), null)),
                    invalid("a negative refund", "amount", () -> Posting.refund("a", -1)),
                    invalid("a negative bonus", "amount", () -> Posting.bonus("a", -1)),
                    invalid("a zero adjustment", "amount", () -> Posting.adjustment("a", 0)),
                    invalid("an amount over the maximum", "amount", () -> Posting.purchase("a", Posting.MAX_AMOUNT + 1)),
                    invalid("a negative amount over the maximum", "amount",
                            () -> Posting.adjustment("a", -Posting.MAX_AMOUNT - 1)),
                    invalid("a missing type", "type", () -> new Posting("a", null, 5, null, Map.of(), null)),
                    invalid("a missing account id", "accountId", () -> Posting.purchase(null, 5)),
                    invalid("a blank account id", "accountId", () -> Posting.purchase("  ", 5)),
                    invalid("an account id with whitespace", "accountId", () -> Posting.purchase("my account", 5)),
                    invalid("an account id with a control character", "accountId", () -> Posting.purchase("a\u0007", 5)),
                    invalid("an account id over 200 characters", "accountId",
                            () -> Posting.purchase(Fixtures.identifier(201), 5)),
                    invalid("a reason over 500 characters", "reason",
                            () -> Posting.purchase("a", 5).withReason(Fixtures.text(501))),
                    invalid("a reason with a NUL character", "reason", () -> Posting.purchase("a", 5).withReason("a\u0000b")),
                    invalid("an idempotency key with whitespace", "idempotencyKey",
                            () -> Posting.purchase("a", 5).withIdempotencyKey("my key")),
                    invalid("an idempotency key over 200 characters", "idempotencyKey",
                            () -> Posting.purchase("a", 5).withIdempotencyKey(Fixtures.identifier(201))),
                    invalid("metadata that is not JSON", "metadata.at",
                            () -> Posting.purchase("a", 5).withMetadata(Map.of("at", Instant.EPOCH))));
        }

        private static Arguments invalid(String label, String field, Supplier<Posting> posting) {
            return Arguments.of(Named.of(label, posting), field);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalidPostings")
        void an_invalid_posting_is_rejected_naming_the_field_and_nothing_is_written(Supplier<Posting> posting,
                                                                                  String field) {
            Expect.validation(() -> credits().post(posting.get()), field);

            assertNoAccounts();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalidPostings")
        void an_invalid_posting_leaves_an_existing_account_unchanged(Supplier<Posting> posting, String field) {
            credits().post(Posting.purchase("a", 5));
            CreditAccount before = credits().account("a").orElseThrow();

            Expect.validation(() -> credits().post(posting.get()), field);

            assertThat(credits().account("a")).contains(before);
            assertThat(ledger("a")).hasSize(1);
        }

        static Stream<Arguments> invalidCalls() {
            return Stream.of(
                    call("post without a posting", "posting", store -> store.post(null)),
                    call("account without an id", "accountId", store -> store.account(null)),
                    call("account with a blank id", "accountId", store -> store.account(" ")),
                    call("history with an id with whitespace", "accountId", store -> store.history("a b", 10, null)),
                    call("entries without an id", "accountId", store -> store.entries(null, 0, 10)),
                    call("entries before the first sequence", "afterSequence", store -> store.entries("a", -1, 10)),
                    call("entries at Long.MIN_VALUE", "afterSequence", store -> store.entries("a", Long.MIN_VALUE, 10)),
                    call("history with a NUL in the id", "accountId", store -> store.history("a\u0000", 10, null)),
                    call("history with an id over 200 characters", "accountId",
                            store -> store.history(Fixtures.identifier(201), 10, null)),
                    call("history with an unpaired surrogate in the id", "accountId",
                            store -> store.history("a\uD800", 10, null)),
                    call("scan after an id with whitespace", "afterAccountId", store -> store.scanAccounts("a b", 10)),
                    call("scan with a limit of zero", "limit", store -> store.scanAccounts(null, 0)),
                    call("scan with a limit over 10 000", "limit", store -> store.scanAccounts(null, 10_001)),
                    call("import with more than 1 000 accounts", "accounts", store -> store.importAccounts(
                            Collections.nCopies(1_001, (AccountHistory) null))),
                    call("import without a batch", "accounts", store -> store.importAccounts(null)),
                    call("import with a missing history", "accounts[0]",
                            store -> store.importAccounts(Collections.singletonList(null))));
        }

        private static Arguments call(String label, String field, Consumer<CreditStore> call) {
            return Arguments.of(Named.of(label, call), field);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalidCalls")
        void an_invalid_argument_is_rejected_naming_it_and_nothing_is_written(Consumer<CreditStore> call, String field) {
            Expect.validation(() -> call.accept(credits()), field);

            assertNoAccounts();
        }
    }

    /** A tenant can neither see nor change another tenant's accounts. */
    @Nested
    public class TenantIsolation {

        @Test
        void another_tenant_cannot_see_the_account_or_its_ledger() {
            credits().post(Posting.purchase("a", 10));
            CreditStore other = creditsOf(freshTenant());

            assertThat(other.account("a")).isEmpty();
            assertThat(other.history("a", 10, null).items()).isEmpty();
            assertThat(other.entries("a", 0, 10)).isEmpty();
            assertThat(other.scanAccounts(null, 10)).isEmpty();
        }

        @Test
        void the_same_account_id_in_two_tenants_holds_two_independent_balances() {
            CreditStore other = creditsOf(freshTenant());
            credits().post(Posting.purchase("a", 10));
            other.post(Posting.purchase("a", 99));
            other.post(Posting.deduction("a", 9));

            assertThat(assertInvariants("a").balance()).isEqualTo(10);
            assertThat(assertInvariantsOf(other, "a").balance()).isEqualTo(90);
            assertThat(ledger("a")).hasSize(1);
        }

        @Test
        void another_tenant_cannot_spend_this_tenants_credits() {
            credits().post(Posting.purchase("a", 10));
            CreditStore other = creditsOf(freshTenant());

            assertThat(catchThrowable(() -> other.post(Posting.deduction("a", 1))))
                    .isInstanceOf(InsufficientCreditsException.class);

            assertThat(assertInvariants("a").balance()).isEqualTo(10);
            assertThat(other.account("a")).isEmpty();
        }

        @Test
        void idempotency_keys_are_per_tenant() {
            CreditStore other = creditsOf(freshTenant());
            LedgerEntry mine = credits().post(Posting.purchase("a", 10).withIdempotencyKey("k"));

            LedgerEntry theirs = other.post(Posting.purchase("a", 20).withIdempotencyKey("k"));

            assertThat(theirs.amount()).isEqualTo(20);
            assertThat(credits().post(Posting.purchase("a", 10).withIdempotencyKey("k"))).isEqualTo(mine);
        }

        @Test
        void the_same_history_can_be_imported_into_two_tenants() {
            AccountHistory history = Fixtures.history("a", Timestamps.now(clock), Posting.purchase("a", 5),
                    Posting.deduction("a", 2));
            CreditStore other = creditsOf(freshTenant());

            assertThat(credits().importAccounts(List.of(history))).isEqualTo(new ImportResult(1, 0, 0));
            assertThat(other.importAccounts(List.of(history))).isEqualTo(new ImportResult(1, 0, 0));

            other.post(Posting.bonus("a", 100));
            assertThat(ledger("a")).containsExactlyElementsOf(history.entries());
            assertThat(assertInvariantsOf(other, "a").balance()).isEqualTo(103);
        }

        @Test
        void a_tenant_whose_name_extends_another_shares_no_accounts() {
            CreditStore extended = creditsOf(TenantId.of(tenant.value() + "-1"));
            credits().post(Posting.purchase("a", 1));
            extended.post(Posting.purchase("b", 2));

            assertThat(credits().scanAccounts(null, 10)).extracting(CreditAccount::accountId).containsExactly("a");
            assertThat(extended.scanAccounts(null, 10)).extracting(CreditAccount::accountId).containsExactly("b");
        }
    }

    /** Real threads racing on one tenant's accounts. */
    @Nested
    public class Concurrency {

        @Test
        void many_threads_deducting_one_credit_at_a_time_lose_no_update_and_never_overdraw() {
            credits().post(Posting.purchase("a", 100));

            List<Race.Outcome<Integer>> outcomes = Race.run(Race.THREADS, i -> deductRepeatedly("a", 1, 25));

            assertThat(Race.errors(outcomes)).isEmpty();
            assertThat(Race.values(outcomes).stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
            CreditAccount account = assertInvariants("a");
            assertThat(account.balance()).isZero();
            assertThat(account.totalUsed()).isEqualTo(100);
            assertThat(ledger("a")).hasSize(101);
            assertThat(ledger("a").subList(1, 101)).extracting(LedgerEntry::balanceAfter)
                    .containsExactlyElementsOf(LongStream.iterate(99, b -> b - 1).limit(100).boxed().toList());
        }

        @Test
        void the_number_of_successful_deductions_is_the_initial_balance_divided_by_the_amount() {
            credits().post(Posting.purchase("a", 100));

            List<Race.Outcome<Integer>> outcomes = Race.run(Race.THREADS, i -> deductRepeatedly("a", 3, 10));

            assertThat(Race.errors(outcomes)).isEmpty();
            assertThat(Race.values(outcomes).stream().mapToInt(Integer::intValue).sum()).isEqualTo(100 / 3);
            assertThat(assertInvariants("a").balance()).isEqualTo(100 % 3);
        }

        /** Tries {@code attempts} deductions and returns how many succeeded; only overdrafts may fail. */
        private int deductRepeatedly(String accountId, long amount, int attempts) {
            int succeeded = 0;
            for (int k = 0; k < attempts; k++) {
                try {
                    credits().post(Posting.deduction(accountId, amount));
                    succeeded++;
                } catch (InsufficientCreditsException e) {
                    assertThat(e.accountId()).isEqualTo(accountId);
                }
            }
            return succeeded;
        }

        @Test
        void concurrent_purchases_and_deductions_keep_balance_equal_to_the_sum_of_entries() {
            credits().post(Posting.purchase("a", 20));

            List<Race.Outcome<Long>> outcomes = Race.run(Race.THREADS, i -> {
                long applied = 0;
                for (int k = 0; k < 30; k++) {
                    Posting posting = (k + i) % 3 == 0 ? Posting.purchase("a", 1 + (k % 4))
                            : Posting.deduction("a", 1 + ((k + i) % 5));
                    try {
                        applied += credits().post(posting).amount();
                    } catch (InsufficientCreditsException e) {
                        assertThat(posting.type()).isEqualTo(EntryType.DEDUCTION);
                    }
                }
                return applied;
            });

            assertThat(Race.errors(outcomes)).isEmpty();
            long applied = Race.values(outcomes).stream().mapToLong(Long::longValue).sum();
            assertThat(assertInvariants("a").balance()).isEqualTo(20 + applied);
        }

        @Test
        void concurrent_postings_with_one_idempotency_key_apply_once() {
            List<Race.Outcome<LedgerEntry>> outcomes = Race.run(Race.THREADS,
                    i -> credits().post(Posting.purchase("a", 10).withIdempotencyKey("once")));

            assertThat(Race.errors(outcomes)).isEmpty();
            LedgerEntry entry = Race.values(outcomes).get(0);
            assertThat(Race.values(outcomes)).containsOnly(entry);
            assertThat(ledger("a")).containsExactly(entry);
            assertThat(assertInvariants("a").balance()).isEqualTo(10);
        }

        @Test
        void concurrent_postings_that_reuse_one_key_for_different_amounts_apply_exactly_one() {
            List<Race.Outcome<LedgerEntry>> outcomes = Race.run(Race.THREADS,
                    i -> credits().post(Posting.purchase("a", i + 1).withIdempotencyKey("contested")));

            assertThat(Race.values(outcomes)).hasSize(1);
            assertThat(Race.errors(outcomes)).hasSize(Race.THREADS - 1)
                    .allMatch(error -> Expect.isConflict(error, Reason.IDEMPOTENCY_KEY_REUSED));
            assertThat(ledger("a")).containsExactlyElementsOf(Race.values(outcomes));
            assertInvariants("a");
        }

        @Test
        void concurrent_first_postings_open_exactly_one_account() {
            List<Race.Outcome<LedgerEntry>> outcomes = Race.run(Race.THREADS, i -> credits().post(Posting.purchase("new", 1)));

            assertThat(Race.errors(outcomes)).isEmpty();
            assertThat(credits().scanAccounts(null, 10)).hasSize(1);
            assertThat(assertInvariants("new").balance()).isEqualTo(Race.THREADS);
            assertThat(Race.values(outcomes)).extracting(LedgerEntry::sequence)
                    .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, Race.THREADS).boxed().toList());
        }

        @Test
        void concurrent_postings_to_different_accounts_do_not_interfere() {
            List<Race.Outcome<Integer>> outcomes = Race.run(Race.THREADS, i -> {
                String account = "acct-" + i;
                credits().post(Posting.purchase(account, 50));
                return deductRepeatedly(account, 1, 60);
            });

            assertThat(Race.errors(outcomes)).isEmpty();
            assertThat(Race.values(outcomes)).containsOnly(50);
            for (int i = 0; i < Race.THREADS; i++) {
                assertThat(assertInvariants("acct-" + i).balance()).isZero();
            }
        }

        @Test
        void reads_during_concurrent_postings_always_see_a_consistent_account() {
            credits().post(Posting.purchase("a", 500));

            List<Race.Outcome<Integer>> outcomes = Race.run(Race.THREADS, i -> {
                int reads = 0;
                for (int k = 0; k < 50; k++) {
                    if (i % 2 == 0) {
                        credits().post(k % 2 == 0 ? Posting.purchase("a", 2) : Posting.deduction("a", 3));
                    } else {
                        CreditAccount account = credits().account("a").orElseThrow();
                        assertThat(account.balance()).isNotNegative()
                                .isEqualTo(account.totalPurchased() - account.totalUsed());
                        reads++;
                    }
                }
                return reads;
            });

            assertThat(Race.errors(outcomes)).isEmpty();
            assertThat(assertInvariants("a").balance()).isEqualTo(500 + (Race.THREADS / 2) * 25 * (2 - 3));
        }
    }

    /** Values come back exactly as they went in. */
    @Nested
    public class RoundTrip {

        static Stream<Fixtures.Sample> strings() {
            return Fixtures.trickyStrings().stream();
        }

        static Stream<Fixtures.Sample> identifiers() {
            return Fixtures.trickyIdentifiers().stream();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("strings")
        void reasons_round_trip_byte_exact(Fixtures.Sample sample) {
            LedgerEntry entry = credits().post(Posting.purchase("a", 1).withReason(sample.value()));

            LedgerEntry read = ledger("a").get(0);
            assertThat(read).isEqualTo(entry);
            assertThat(Fixtures.utf8(read.reason())).isEqualTo(Fixtures.utf8(sample.value()));
            assertThat(credits().history("a", 1, null).items()).containsExactly(entry);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("identifiers")
        void unusual_account_ids_round_trip_in_every_read(Fixtures.Sample sample) {
            String id = sample.value();
            LedgerEntry entry = credits().post(Posting.purchase(id, 7));
            credits().post(Posting.purchase(id + "x", 1));

            assertThat(credits().account(id).orElseThrow().accountId()).isEqualTo(id);
            assertThat(credits().entries(id, 0, 10)).containsExactly(entry);
            assertThat(credits().history(id, 10, null).items()).containsExactly(entry);
            assertThat(credits().scanAccounts(null, 10)).extracting(CreditAccount::accountId).containsExactly(id, id + "x");
            assertThat(assertInvariants(id).balance()).isEqualTo(7);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("identifiers")
        void unusual_idempotency_keys_round_trip_and_replay(Fixtures.Sample sample) {
            LedgerEntry original = credits().post(Posting.purchase("a", 3).withIdempotencyKey(sample.value()));

            assertThat(credits().post(Posting.purchase("a", 3).withIdempotencyKey(sample.value()))).isEqualTo(original);
            assertThat(ledger("a").get(0).idempotencyKey()).isEqualTo(sample.value());
            Expect.conflict(() -> credits().post(Posting.purchase("a", 4).withIdempotencyKey(sample.value())),
                    Reason.IDEMPOTENCY_KEY_REUSED);
            credits().post(Posting.purchase("a", 4).withIdempotencyKey(sample.value() + "-other"));
            assertThat(assertInvariants("a").balance()).isEqualTo(7);
        }

        @Test
        void metadata_keeps_every_json_value_with_its_exact_number_type() {
            Posting posting = Posting.purchase("a", 1).withMetadata(Fixtures.trickyJson());

            LedgerEntry entry = credits().post(posting);

            Map<String, Object> read = ledger("a").get(0).metadata();
            assertThat(read).isEqualTo(posting.metadata()).isEqualTo(entry.metadata());
            assertThat(read.get("one point zero")).isEqualTo(new BigDecimal("1.0"));
            assertThat(read.get("long min")).isEqualTo(Long.MIN_VALUE);
        }

        @Test
        void text_at_the_maximum_length_of_every_field_round_trips() {
            String accountId = Fixtures.identifier(CreditAccount.MAX_ACCOUNT_ID_LENGTH);
            Posting posting = Posting.purchase(accountId, Posting.MAX_AMOUNT)
                    .withReason(Fixtures.text(Posting.MAX_REASON_LENGTH))
                    .withIdempotencyKey(Fixtures.identifier(Posting.MAX_IDEMPOTENCY_KEY_LENGTH));

            LedgerEntry entry = credits().post(posting);

            assertThat(ledger(accountId)).containsExactly(entry);
            assertThat(credits().post(posting)).isEqualTo(entry);
            assertThat(assertInvariants(accountId).balance()).isEqualTo(Posting.MAX_AMOUNT);
        }

        @Test
        void the_largest_amounts_add_up_exactly() {
            for (int i = 0; i < 5; i++) {
                credits().post(Posting.purchase("a", Posting.MAX_AMOUNT));
            }
            credits().post(Posting.adjustment("a", -Posting.MAX_AMOUNT));

            assertThat(assertInvariants("a").balance()).isEqualTo(4 * Posting.MAX_AMOUNT);
        }

        @Test
        void timestamps_keep_microseconds_and_drop_nanoseconds() {
            clock.set(clock.instant().plusSeconds(1).with(java.time.temporal.ChronoField.NANO_OF_SECOND, 654_321_987));

            LedgerEntry entry = credits().post(Posting.purchase("a", 1));

            assertThat(entry.createdAt().getNano()).isEqualTo(654_321_000);
            assertThat(ledger("a").get(0).createdAt()).isEqualTo(entry.createdAt());
            assertThat(credits().account("a").orElseThrow().createdAt()).isEqualTo(entry.createdAt());
        }
    }

    /**
     * {@link CreditStore#appendEntries}: a ledger tail copied from another store continues the
     * account exactly; identical stored entries are skipped, a forked or broken tail writes nothing.
     */
    @Nested
    public class AppendingLedgerTails {

        private final Instant past = Instant.parse("2023-03-03T03:03:03.030303Z");

        /** Eight entries of every type, two with idempotency keys; balance 100-30+5+2-7+50-8+1 = 113. */
        private AccountHistory source(String accountId) {
            List<Posting> postings = new ArrayList<>(List.of(samplePostings(accountId)));
            postings.addAll(List.of(Posting.purchase(accountId, 50), Posting.deduction(accountId, 8).withReason("run"),
                    Posting.adjustment(accountId, 1)));
            return Fixtures.history(accountId, past, postings.toArray(Posting[]::new));
        }

        private List<LedgerEntry> slice(AccountHistory history, int fromSequence, int toSequence) {
            return history.entries().subList(fromSequence - 1, toSequence);
        }

        private LedgerEntry withReason(LedgerEntry entry, String reason) {
            return new LedgerEntry(entry.id(), entry.accountId(), entry.sequence(), entry.type(), entry.amount(),
                    entry.balanceAfter(), reason, entry.metadata(), entry.idempotencyKey(), entry.createdAt());
        }

        private LedgerEntry entry(String accountId, long sequence, EntryType type, long amount, long balanceAfter,
                                  String key) {
            return new LedgerEntry(Fixtures.entryId(accountId + "-tail", sequence), accountId, sequence, type, amount,
                    balanceAfter, null, Map.of(), key, past.plusSeconds(sequence));
        }

        @Test
        void a_tail_appended_to_an_unknown_account_from_sequence_one_recreates_the_account_exactly() {
            AccountHistory history = source("a");

            ImportResult result = credits().appendEntries("a", history.entries());

            assertThat(result).isEqualTo(new ImportResult(8, 0, 0));
            assertThat(credits().account("a")).contains(history.account());
            assertThat(ledger("a")).containsExactlyElementsOf(history.entries());
            assertThat(allHistory("a", 3)).containsExactlyElementsOf(newestFirst(history.entries()));
            assertInvariants("a");
        }

        @Test
        void a_tail_continues_an_imported_prefix_and_moves_balance_totals_and_updated_at_with_it() {
            AccountHistory history = source("a");
            credits().importAccounts(List.of(new AccountHistory(replayed("a", slice(history, 1, 3)), slice(history, 1, 3))));

            ImportResult result = credits().appendEntries("a", slice(history, 4, 8));

            assertThat(result).isEqualTo(new ImportResult(5, 0, 0));
            assertThat(credits().account("a")).contains(history.account());
            assertThat(ledger("a")).containsExactlyElementsOf(history.entries());
            assertInvariants("a");
        }

        /**
         * A replication and a repair of the same account append overlapping tails at the same
         * time; a backend that reads the ledger's end and its idempotency keys apart must not take
         * the key of an entry appended in between for a fork.
         */
        @Test
        void overlapping_tails_appended_concurrently_are_never_taken_for_a_fork() {
            int length = 40;
            Posting[] postings = IntStream.rangeClosed(1, length)
                    .mapToObj(i -> Posting.purchase("a", i).withIdempotencyKey("tail-key-" + i)).toArray(Posting[]::new);
            AccountHistory history = Fixtures.history("a", past, postings);

            List<Race.Outcome<Long>> outcomes = Race.run(4, thread -> {
                long inserted = 0;
                for (int last = 1; last <= length; last++) {          // each window overlaps the previous one
                    inserted += credits().appendEntries("a", slice(history, Math.max(1, last - 1), last)).inserted();
                }
                return inserted;
            });

            assertThat(Race.errors(outcomes)).isEmpty();
            assertThat(Race.values(outcomes).stream().mapToLong(Long::longValue).sum()).isEqualTo(length);
            assertThat(credits().account("a")).contains(history.account());
            assertThat(ledger("a")).containsExactlyElementsOf(history.entries());
            assertInvariants("a");
        }

        @Test
        void tails_appended_in_pieces_give_the_same_account_as_the_whole_ledger() {
            AccountHistory history = source("a");

            assertThat(credits().appendEntries("a", slice(history, 1, 2))).isEqualTo(new ImportResult(2, 0, 0));
            assertThat(credits().appendEntries("a", slice(history, 3, 3))).isEqualTo(new ImportResult(1, 0, 0));
            assertThat(credits().appendEntries("a", slice(history, 4, 8))).isEqualTo(new ImportResult(5, 0, 0));

            assertThat(credits().account("a")).contains(history.account());
            assertThat(ledger("a")).containsExactlyElementsOf(history.entries());
        }

        @Test
        void stored_entries_that_are_identical_are_skipped_and_the_rest_appended() {
            AccountHistory history = source("a");
            credits().appendEntries("a", slice(history, 1, 5));

            ImportResult result = credits().appendEntries("a", slice(history, 3, 8));

            assertThat(result).isEqualTo(new ImportResult(3, 0, 3));
            assertThat(ledger("a")).containsExactlyElementsOf(history.entries());
            assertThat(credits().account("a")).contains(history.account());
        }

        @Test
        void appending_the_same_tail_again_skips_everything_and_changes_nothing() {
            AccountHistory history = source("a");
            credits().appendEntries("a", history.entries());
            CreditAccount before = credits().account("a").orElseThrow();

            assertThat(credits().appendEntries("a", history.entries())).isEqualTo(new ImportResult(0, 0, 8));
            assertThat(credits().appendEntries("a", slice(history, 2, 4))).isEqualTo(new ImportResult(0, 0, 3));

            assertThat(credits().account("a")).contains(before);
            assertThat(ledger("a")).containsExactlyElementsOf(history.entries());
        }

        @Test
        void a_tail_continues_a_ledger_written_by_postings() {
            LedgerEntry first = credits().post(Posting.purchase("a", 10));
            LedgerEntry second = postLater(Posting.deduction("a", 4));
            LedgerEntry third = entry("a", 3, EntryType.BONUS, 3, 9, "bonus-3");

            ImportResult result = credits().appendEntries("a", List.of(first, second, third));

            assertThat(result).isEqualTo(new ImportResult(1, 0, 2));
            assertThat(ledger("a")).containsExactly(first, second, third);
            CreditAccount account = assertInvariants("a");
            assertThat(account.balance()).isEqualTo(9);
            assertThat(account.createdAt()).isEqualTo(first.createdAt());
            assertThat(account.updatedAt()).as("an entry dated before the latest one keeps updatedAt, as in a replay")
                    .isEqualTo(second.createdAt());
        }

        @Test
        void the_next_posting_continues_after_the_appended_tail_and_appended_keys_are_honoured() {
            AccountHistory history = source("a");
            credits().appendEntries("a", history.entries());

            LedgerEntry next = credits().post(Posting.deduction("a", 13));

            assertThat(next.sequence()).isEqualTo(9);
            assertThat(next.balanceAfter()).isEqualTo(100);
            assertThat(credits().post(Posting.bonus("a", 2).withIdempotencyKey("b-1"))).isEqualTo(history.entries().get(3));
            Expect.conflict(() -> credits().post(Posting.refund("a", 2).withIdempotencyKey("p-1")),
                    Reason.IDEMPOTENCY_KEY_REUSED);
            assertInvariants("a");
        }

        @Test
        void a_different_entry_at_a_stored_sequence_is_a_conflict_and_writes_nothing() {
            AccountHistory history = source("a");
            credits().appendEntries("a", slice(history, 1, 4));
            List<LedgerEntry> forked = new ArrayList<>(slice(history, 3, 8));
            forked.set(1, withReason(forked.get(1), "forked"));

            Expect.conflict(() -> credits().appendEntries("a", forked), Reason.DUPLICATE_KEY);

            assertThat(ledger("a")).containsExactlyElementsOf(slice(history, 1, 4));
            assertThat(credits().account("a")).contains(replayed("a", slice(history, 1, 4)));
        }

        @Test
        void a_fork_with_another_id_or_time_at_a_stored_sequence_is_a_conflict_too() {
            AccountHistory history = source("a");
            credits().appendEntries("a", slice(history, 1, 2));
            LedgerEntry stored = history.entries().get(1);
            LedgerEntry otherId = new LedgerEntry(UUID.randomUUID(), "a", 2, stored.type(), stored.amount(),
                    stored.balanceAfter(), stored.reason(), stored.metadata(), stored.idempotencyKey(), stored.createdAt());
            LedgerEntry otherTime = new LedgerEntry(stored.id(), "a", 2, stored.type(), stored.amount(),
                    stored.balanceAfter(), stored.reason(), stored.metadata(), stored.idempotencyKey(),
                    stored.createdAt().plusNanos(1_000));

            Expect.conflict(() -> credits().appendEntries("a", List.of(otherId)), Reason.DUPLICATE_KEY);
            Expect.conflict(() -> credits().appendEntries("a", List.of(otherTime)), Reason.DUPLICATE_KEY);

            assertThat(ledger("a")).containsExactlyElementsOf(slice(history, 1, 2));
        }

        @Test
        void a_tail_that_leaves_a_gap_is_rejected_naming_the_first_sequence_and_writes_nothing() {
            AccountHistory history = source("a");
            credits().appendEntries("a", slice(history, 1, 3));

            Expect.validation(() -> credits().appendEntries("a", slice(history, 5, 8)), "entries[0].sequence");
            Expect.validation(() -> credits().appendEntries("b", slice(source("b"), 2, 3)), "entries[0].sequence");

            assertThat(ledger("a")).containsExactlyElementsOf(slice(history, 1, 3));
            assertThat(credits().account("b")).isEmpty();
        }

        @Test
        void a_tail_whose_balance_does_not_follow_is_rejected_naming_the_entry_and_writes_nothing() {
            credits().post(Posting.purchase("a", 10));
            CreditAccount before = credits().account("a").orElseThrow();
            LedgerEntry good = entry("a", 2, EntryType.BONUS, 5, 15, null);
            LedgerEntry wrong = entry("a", 3, EntryType.PURCHASE, 5, 21, null);

            Expect.validation(() -> credits().appendEntries("a", List.of(good, wrong)), "entries[1].balanceAfter");

            assertThat(credits().account("a")).contains(before);
            assertThat(ledger("a")).hasSize(1);
        }

        @Test
        void a_tail_that_would_overdraw_the_account_is_rejected_and_writes_nothing() {
            credits().post(Posting.purchase("a", 10));
            LedgerEntry overdraw = entry("a", 2, EntryType.DEDUCTION, -11, 0, null);

            Expect.validation(() -> credits().appendEntries("a", List.of(overdraw)), "entries[0].balanceAfter");

            assertThat(assertInvariants("a").balance()).isEqualTo(10);
        }

        @Test
        void an_appended_key_already_used_by_another_entry_is_a_conflict_and_writes_nothing() {
            LedgerEntry posted = credits().post(Posting.purchase("a", 10).withIdempotencyKey("k"));
            LedgerEntry clash = entry("a", 2, EntryType.BONUS, 1, 11, "k");
            LedgerEntry fine = entry("a", 3, EntryType.BONUS, 1, 12, null);

            Expect.conflict(() -> credits().appendEntries("a", List.of(clash, fine)), Reason.IDEMPOTENCY_KEY_REUSED);

            assertThat(ledger("a")).containsExactly(posted);
            assertThat(assertInvariants("a").balance()).isEqualTo(10);
        }

        @Test
        void an_empty_tail_does_nothing() {
            assertThat(credits().appendEntries("a", List.of())).isEqualTo(ImportResult.EMPTY);

            assertNoAccounts();
        }

        @Test
        void entries_of_another_account_are_rejected_naming_the_entry() {
            Expect.validation(() -> credits().appendEntries("a", source("b").entries()), "entries[0].accountId");

            assertNoAccounts();
        }

        @Test
        void entries_that_are_not_consecutive_are_rejected_naming_the_entry() {
            AccountHistory history = source("a");
            List<LedgerEntry> skipping = List.of(history.entries().get(0), history.entries().get(2));

            Expect.validation(() -> credits().appendEntries("a", skipping), "entries[1].sequence");
            Expect.validation(() -> credits().appendEntries("a", newestFirst(slice(history, 1, 2))), "entries[1].sequence");

            assertNoAccounts();
        }

        @Test
        void a_tail_that_repeats_an_idempotency_key_is_rejected_naming_the_repeat() {
            List<LedgerEntry> repeating = List.of(entry("a", 1, EntryType.PURCHASE, 5, 5, "k"),
                    entry("a", 2, EntryType.PURCHASE, 5, 10, "k"));

            Expect.validation(() -> credits().appendEntries("a", repeating), "entries[1].idempotencyKey");

            assertNoAccounts();
        }

        @Test
        void missing_or_oversized_arguments_are_rejected_naming_them() {
            AccountHistory history = source("a");
            List<LedgerEntry> withNull = new ArrayList<>(slice(history, 1, 2));
            withNull.add(null);

            Expect.validation(() -> credits().appendEntries(null, history.entries()), "accountId");
            Expect.validation(() -> credits().appendEntries("a", null), "entries");
            Expect.validation(() -> credits().appendEntries("a", withNull), "entries[2]");
            Expect.validation(() -> credits().appendEntries("a", Collections.nCopies(10_001, history.entries().get(0))),
                    "entries");

            assertNoAccounts();
        }

        @Test
        void a_long_tail_of_ten_thousand_entries_is_appended_in_one_call() {
            List<LedgerEntry> tail = new ArrayList<>();
            for (int i = 1; i <= 10_000; i++) {
                tail.add(entry("a", i, EntryType.BONUS, 1, i, i % 3 == 0 ? "k-" + i : null));
            }

            assertThat(credits().appendEntries("a", tail)).isEqualTo(new ImportResult(10_000, 0, 0));

            assertThat(assertInvariants("a").balance()).isEqualTo(10_000);
            assertThat(credits().post(Posting.bonus("a", 1).withIdempotencyKey("k-9999"))).isEqualTo(tail.get(9_998));
        }

        @Test
        void tails_are_per_tenant() {
            AccountHistory history = source("a");
            credits().appendEntries("a", history.entries());

            assertThat(creditsOf(freshTenant()).appendEntries("a", slice(history, 1, 2))).isEqualTo(new ImportResult(2, 0, 0));

            assertThat(ledger("a")).containsExactlyElementsOf(history.entries());
        }

        /** The account that replaying {@code entries} (a ledger from sequence 1) gives. */
        private CreditAccount replayed(String accountId, List<LedgerEntry> entries) {
            CreditAccount account = CreditAccount.opening(accountId, entries.get(0).createdAt());
            for (LedgerEntry entry : entries) {
                account = account.apply(entry.type(), entry.amount(), entry.createdAt());
            }
            return account;
        }
    }

    /** Posting {@code metadata} follows the one JSON semantics of {@link dev.stowage.support.JsonValues}. */
    @Nested
    public class MetadataJson extends JsonFieldContract {

        /** Checks the field {@code metadata}. */
        public MetadataJson() {
            super("metadata");
        }

        @Override
        protected void write(Map<String, ?> json) {
            credits().post(Posting.purchase("a", 10).withMetadata(json));
        }

        @Override
        protected Map<String, Map<String, Object>> writeAndReadBack(Map<String, ?> json) {
            LedgerEntry purchase = credits().post(Posting.purchase("a", 10).withMetadata(json));
            Posting deduction = Posting.deduction("a", 3).withMetadata(json).withIdempotencyKey("json");
            credits().post(deduction);
            LedgerEntry replayed = credits().post(deduction);
            credits().importAccounts(List.of(Fixtures.history("b", Timestamps.now(clock),
                    Posting.purchase("b", 5).withMetadata(json))));

            Map<String, Map<String, Object>> reads = new java.util.LinkedHashMap<>();
            reads.put("post", purchase.metadata());
            reads.put("post replayed by its idempotency key", replayed.metadata());
            List<LedgerEntry> entries = credits().entries("a", 0, 10);
            assertThat(entries).hasSize(2);
            reads.put("entries[0]", entries.get(0).metadata());
            reads.put("entries[1]", entries.get(1).metadata());
            reads.put("history", credits().history("a", 1, null).items().get(0).metadata());
            reads.put("entries of an imported account", credits().entries("b", 0, 10).get(0).metadata());
            return reads;
        }

        @Override
        protected void assertNothingStored() {
            assertThat(credits().scanAccounts(null, 10)).isEmpty();
        }
    }
}
