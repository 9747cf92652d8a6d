package dev.stowage.credit;

/**
 * The kind of a ledger entry, which fixes the sign of its amount and how it moves the totals.
 */
public enum EntryType {
    /** Credits bought: positive; adds to balance and totalPurchased. */
    PURCHASE,
    /** Credits used: negative; subtracts from balance, adds its magnitude to totalUsed. */
    DEDUCTION,
    /** Credits given back: positive; adds to balance only. */
    REFUND,
    /** Free credits: positive; adds to balance only. */
    BONUS,
    /** A correction of either sign (never zero); moves the balance only. */
    ADJUSTMENT;

    /**
     * @return whether entries of this type add to the balance ({@code false} for DEDUCTION;
     *     ADJUSTMENT may go either way and answers {@code true})
     */
    public boolean isCredit() {
        return this != DEDUCTION;
    }
}
