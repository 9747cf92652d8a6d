package dev.stowage.migration.legacy;

/**
 * What to do with a legacy account whose balance does not equal {@code totalPurchased - totalUsed}.
 */
public enum TotalsRule {
    /** Reject the account (the default): the legacy numbers disagree and nothing is guessed. */
    REJECT,
    /** Import it with one more ADJUSTMENT entry for the difference, so the ledger still adds up. */
    ADJUST
}
