package dev.stowage.migration.legacy;

import dev.stowage.credit.CreditAccount;
import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;

import java.time.Instant;

/**
 * A credit account mapped from a legacy record that holds a balance and no ledger (a KV
 * {@code credits:<userId>} value). It is imported with an opening ledger, so that
 * {@code balance == Σ entries} holds: a PURCHASE of {@code totalPurchased}, a DEDUCTION of
 * {@code totalUsed}, and, when there are no totals, one ADJUSTMENT of the balance. Totals that do
 * not add up to the balance are rejected, or reconciled with an ADJUSTMENT under {@link TotalsRule#ADJUST}.
 *
 * @param accountId      the account's id in the target (often the legacy id or a referenced user's new id)
 * @param balance        the legacy balance, not negative
 * @param totalPurchased the legacy total bought, or {@code null} if the source has none
 * @param totalUsed      the legacy total used, or {@code null} if the source has none
 * @param createdAt      when the account was opened, or {@code null} for the namespace's import time
 * @param totals         what to do when the totals disagree with the balance; {@code null} for {@link TotalsRule#REJECT}
 */
public record LegacyAccount(String accountId, long balance, Long totalPurchased, Long totalUsed, Instant createdAt,
                            TotalsRule totals) {

    /**
     * @throws ValidationException naming the field if the id is invalid or an amount negative
     */
    public LegacyAccount {
        CreditAccount.validateAccountId(accountId);
        Check.atLeast(balance, "balance", 0);
        if (totalPurchased != null) {
            Check.atLeast(totalPurchased, "totalPurchased", 0);
        }
        if (totalUsed != null) {
            Check.atLeast(totalUsed, "totalUsed", 0);
        }
        totals = totals == null ? TotalsRule.REJECT : totals;
    }

    /**
     * @param accountId the account's id
     * @param balance   its balance
     * @return an account without totals: one opening ADJUSTMENT of the balance
     */
    public static LegacyAccount ofBalance(String accountId, long balance) {
        return new LegacyAccount(accountId, balance, null, null, null, TotalsRule.REJECT);
    }
}
