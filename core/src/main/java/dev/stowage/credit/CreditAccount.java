package dev.stowage.credit;

import dev.stowage.exception.InsufficientCreditsException;
import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;

import java.time.Instant;

/**
 * A credit account's state, derived entirely from its ledger: {@code balance} is the sum of all
 * entry amounts and never negative; {@code totalPurchased} the sum of PURCHASE amounts;
 * {@code totalUsed} the sum of DEDUCTION magnitudes.
 *
 * @param accountId      the account's id, unique per tenant
 * @param balance        credits available, never negative
 * @param totalPurchased credits bought over the account's life
 * @param totalUsed      credits deducted over the account's life
 * @param createdAt      when the first entry was posted
 * @param updatedAt      when the last entry was posted
 */
public record CreditAccount(
        String accountId,
        long balance,
        long totalPurchased,
        long totalUsed,
        Instant createdAt,
        Instant updatedAt) {

    /** Longest accepted account id. */
    public static final int MAX_ACCOUNT_ID_LENGTH = 200;

    /**
     * @throws ValidationException naming the first invalid field
     */
    public CreditAccount {
        validateAccountId(accountId);
        Check.atLeast(balance, "balance", 0);
        Check.atLeast(totalPurchased, "totalPurchased", 0);
        Check.atLeast(totalUsed, "totalUsed", 0);
        createdAt = Check.instant(createdAt, "createdAt");
        updatedAt = Check.instant(updatedAt, "updatedAt");
        if (updatedAt.isBefore(createdAt)) {
            throw new ValidationException("updatedAt", "not-before-created", "must not be before createdAt");
        }
    }

    /**
     * @param accountId the account
     * @param now       the time of its first posting
     * @return an account with zero balance and totals
     */
    public static CreditAccount opening(String accountId, Instant now) {
        Check.required(now, "now");
        return new CreditAccount(accountId, 0, 0, 0, now, now);
    }

    /**
     * The reference posting rule: the account after one more entry.
     *
     * @param type   the entry's type
     * @param amount the entry's signed amount
     * @param now    the entry's time
     * @return the new state
     * @throws InsufficientCreditsException if the balance would become negative
     * @throws ValidationException naming {@code type}, {@code amount} or {@code now} if one is
     *     missing or out of range (see {@link Posting}), or {@link #overflow()}
     */
    public CreditAccount apply(EntryType type, long amount, Instant now) {
        Check.required(type, "type");
        Posting.validateAmount(type, amount);
        now = Check.instant(now, "now");
        try {
            long newBalance = Math.addExact(balance, amount);
            if (newBalance < 0) {
                throw new InsufficientCreditsException(accountId, -amount);
            }
            long purchased = type == EntryType.PURCHASE ? Math.addExact(totalPurchased, amount) : totalPurchased;
            long used = type == EntryType.DEDUCTION ? Math.addExact(totalUsed, -amount) : totalUsed;
            Instant updated = now.isBefore(updatedAt) ? updatedAt : now;
            return new CreditAccount(accountId, newBalance, purchased, used, createdAt, updated);
        } catch (ArithmeticException overflow) {
            throw overflow();
        }
    }

    /**
     * The error every store reports for a posting that would take the balance or a total past
     * {@link Long#MAX_VALUE}; nothing is written.
     *
     * @return a {@link ValidationException} naming {@code amount}, rule {@code overflow}
     */
    public static ValidationException overflow() {
        return new ValidationException("amount", "overflow", "would overflow the account's balance or totals");
    }

    /**
     * @param accountId an account id to check
     * @return the id unchanged
     * @throws ValidationException {@code field "accountId"} unless it is 1..200 characters without
     *     whitespace or control characters
     */
    public static String validateAccountId(String accountId) {
        return Check.identifier(accountId, "accountId", MAX_ACCOUNT_ID_LENGTH);
    }
}
