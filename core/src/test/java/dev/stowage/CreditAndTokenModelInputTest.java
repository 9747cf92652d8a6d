package dev.stowage;

import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.EntryType;
import dev.stowage.credit.HistoryCursor;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.Posting;
import dev.stowage.exception.ValidationException;
import dev.stowage.support.Cursors;
import dev.stowage.token.Credential;
import dev.stowage.token.CredentialDraft;
import dev.stowage.token.IssuedRefreshToken;
import dev.stowage.token.RefreshToken;
import dev.stowage.token.RefreshTokens;
import dev.stowage.token.RotationResult;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every public method, constructor and builder of the credit and token models rejects a missing
 * or out-of-range argument with a {@link ValidationException} naming it, never a
 * NullPointerException, IllegalArgumentException, IndexOutOfBoundsException or ArithmeticException.
 */
class CreditAndTokenModelInputTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static LedgerEntry purchase(long sequence, long amount, long balanceAfter) {
        return new LedgerEntry(UUID.randomUUID(), "a", sequence, EntryType.PURCHASE, amount, balanceAfter, null, Map.of(),
                null, T0);
    }

    private static LedgerEntry deduction(long sequence, long amount, long balanceAfter) {
        return new LedgerEntry(UUID.randomUUID(), "a", sequence, EntryType.DEDUCTION, -amount, balanceAfter, null,
                Map.of(), null, T0);
    }

    /**
     * Purchases and deductions of the maximum amount, taking turns: the balance stays small, but
     * the 9 224th purchase (entry 18 446) takes totalPurchased past {@link Long#MAX_VALUE}.
     */
    private static AccountHistory historyWhoseTotalOverflows() {
        List<LedgerEntry> entries = new ArrayList<>();
        long sequence = 1;
        for (int i = 0; i < 9_224; i++) {
            entries.add(purchase(sequence++, Posting.MAX_AMOUNT, Posting.MAX_AMOUNT));
            entries.add(deduction(sequence++, Posting.MAX_AMOUNT, 0));
        }
        return new AccountHistory(new CreditAccount("a", 0, 0, 0, T0, T0), entries);
    }

    static Stream<Arguments> rejectedCreditCalls() {
        CreditAccount account = CreditAccount.opening("a", T0);
        Posting posting = Posting.purchase("a", 5);
        return Stream.of(
                rejected("opening without a time", "now", () -> CreditAccount.opening("a", null)),
                rejected("apply without a type", "type", () -> account.apply(null, 5, T0)),
                rejected("apply without a time", "now", () -> account.apply(EntryType.PURCHASE, 5, null)),
                rejected("apply with a time past the year 9999", "now", () -> account.apply(EntryType.PURCHASE, 5, Instant.MAX)),
                rejected("apply with a zero amount", "amount", () -> account.apply(EntryType.BONUS, 0, T0)),
                rejected("apply with Long.MIN_VALUE", "amount", () -> account.apply(EntryType.ADJUSTMENT, Long.MIN_VALUE, T0)),
                rejected("apply past Long.MAX_VALUE", "amount",
                        () -> new CreditAccount("a", Long.MAX_VALUE, 0, 0, T0, T0).apply(EntryType.BONUS, 1, T0)),
                rejected("a deduction of Long.MIN_VALUE credits", "amount", () -> Posting.deduction("a", Long.MIN_VALUE)),
                rejected("a deduction of Long.MAX_VALUE credits", "amount", () -> Posting.deduction("a", Long.MAX_VALUE)),
                rejected("a purchase of Long.MAX_VALUE", "amount", () -> Posting.purchase("a", Long.MAX_VALUE)),
                rejected("sameOperationAs nothing", "existing", () -> posting.sameOperationAs(null)),
                rejected("an entry of no posting", "posting", () -> LedgerEntry.of(UUID.randomUUID(), null, 1, 5, T0)),
                rejected("an entry past the largest sequence", "sequence",
                        () -> purchase(LedgerEntry.MAX_SEQUENCE + 1, 5, 5)),
                rejected("an entry at Long.MAX_VALUE", "sequence", () -> purchase(Long.MAX_VALUE, 5, 5)),
                rejected("a history with a missing entry", "entries[1]", () -> new AccountHistory(
                        new CreditAccount("a", 5, 5, 0, T0, T0), Arrays.asList(purchase(1, 5, 5), null))),
                rejected("a history without entries", "entries", () -> new AccountHistory(account, null)),
                rejected("a history whose totals overflow names the entry", "entries[18446].amount",
                        CreditAndTokenModelInputTest::historyWhoseTotalOverflows),
                rejected("a history whose balance overflows names the entry", "entries[1].balanceAfter",
                        () -> new AccountHistory(new CreditAccount("a", 5, 5, 0, T0, T0),
                                List.of(purchase(1, Posting.MAX_AMOUNT, Posting.MAX_AMOUNT), purchase(2, 5, 5)))),
                rejected("encode a cursor without an account", "accountId", () -> HistoryCursor.encode(null, 1)),
                rejected("encode a cursor at sequence zero", "lastSequence", () -> HistoryCursor.encode("a", 0)),
                rejected("decode no cursor", "cursor", () -> HistoryCursor.decode(null, "a")),
                rejected("decode for no account", "accountId", () -> HistoryCursor.decode(HistoryCursor.encode("a", 1), null)),
                rejected("decode a re-encoded cursor", "cursor",
                        () -> HistoryCursor.decode(Cursors.encode("history", "+1", "a"), "a")),
                rejected("decode a cursor past the largest sequence", "cursor", () -> HistoryCursor.decode(
                        Cursors.encode("history", Long.toString(LedgerEntry.MAX_SEQUENCE + 1), "a"), "a")),
                rejected("a page of no entries", "entries", () -> HistoryCursor.page("a", null, 10)),
                rejected("a page of limit zero", "limit", () -> HistoryCursor.page("a", List.of(purchase(1, 5, 5)), 0)),
                rejected("a page of a negative limit", "limit", () -> HistoryCursor.page("a", List.of(), -1)));
    }

    static Stream<Arguments> rejectedTokenCalls() {
        CredentialDraft draft = CredentialDraft.builder("u", "p", "access").expiresAt(T0.plusSeconds(60)).build();
        Credential credential = Credential.of(draft, T0, T0);
        RefreshToken token = new RefreshToken(UUID.randomUUID(), "u", UUID.randomUUID(), T0, T0.plusSeconds(60));
        return Stream.of(
                rejected("a credential of no draft", "draft", () -> Credential.of(null, T0, T0)),
                rejected("a credential expired at no time", "now", () -> credential.isExpiredAt(null)),
                rejected("a draft unexpired at no time", "now", () -> draft.requireUnexpiredAt(null)),
                rejected("a null scope among the scopes", "scopes[1]",
                        () -> CredentialDraft.builder("u", "p", "a").scopes(Arrays.asList("a", null)).build()),
                rejected("a refresh token expired at no time", "now", () -> token.isExpiredAt(null)),
                rejected("an issued token without a value", "token", () -> new IssuedRefreshToken(null, token)),
                rejected("an issued token without its facts", "refreshToken", () -> new IssuedRefreshToken("v", null)),
                rejected("a rotation without a successor", "next", () -> new RotationResult.Rotated(null)),
                rejected("a rejection without a reason", "reason", () -> new RotationResult.Rejected(null)),
                rejected("a hash of no token", "token", () -> RefreshTokens.hash(null)),
                rejected("a hash of an unpaired surrogate", "token", () -> RefreshTokens.hash("\uD800")));
    }

    private static Arguments rejected(String label, String field, Executable call) {
        return Arguments.of(Named.of(label, call), field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"rejectedCreditCalls", "rejectedTokenCalls"})
    void a_missing_or_out_of_range_argument_is_a_validation_exception_naming_it(Executable call, String field) {
        assertThatThrownBy(call::execute)
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void a_cursor_round_trips_at_the_largest_sequence() {
        String cursor = HistoryCursor.encode("a", LedgerEntry.MAX_SEQUENCE);

        assertThat(HistoryCursor.decode(cursor, "a")).isEqualTo(LedgerEntry.MAX_SEQUENCE);
    }

    @Test
    void null_scopes_and_metadata_given_to_the_builder_mean_none() {
        CredentialDraft draft = CredentialDraft.builder("u", "p", "a").scopes((String[]) null).metadata(null).build();

        assertThat(draft.scopes()).isEmpty();
        assertThat(draft.metadata()).isEmpty();
    }
}
