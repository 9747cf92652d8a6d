package dev.stowage.exception;

/**
 * A posting would have taken an account's balance below zero, or took credits from an account
 * that does not exist. Nothing was written: no ledger entry, no balance change, and no account
 * was created. {@link #accountExists()} tells the two cases apart.
 */
public class InsufficientCreditsException extends StoreException {

    private final String accountId;
    private final long requested;
    private final boolean accountExists;

    /**
     * For an existing account whose balance is too low.
     *
     * @param accountId the account that was debited
     * @param requested the (positive) number of credits the posting tried to take
     */
    public InsufficientCreditsException(String accountId, long requested) {
        this(accountId, requested, true);
    }

    /**
     * @param accountId     the account that was debited
     * @param requested     the (positive) number of credits the posting tried to take
     * @param accountExists whether the account exists; {@code false} when nothing was ever posted to it
     */
    public InsufficientCreditsException(String accountId, long requested, boolean accountExists) {
        super(message(accountId, requested, accountExists));
        this.accountId = accountId;
        this.requested = requested;
        this.accountExists = accountExists;
    }

    private static String message(String accountId, long requested, boolean accountExists) {
        if (!accountExists) {
            return "account '" + accountId + "' does not exist, so there are no credits to take; nothing was "
                    + "deducted. Open it with a credit (PURCHASE, BONUS, REFUND or a positive ADJUSTMENT) first.";
        }
        return "account '" + accountId + "' has fewer than " + requested
                + " credits; nothing was deducted. Add credits or deduct less.";
    }

    /**
     * @return the account that was debited
     */
    public String accountId() {
        return accountId;
    }

    /**
     * @return the positive number of credits the rejected posting tried to take
     */
    public long requested() {
        return requested;
    }

    /**
     * @return whether the account exists; {@code false} if nothing was ever posted to it
     */
    public boolean accountExists() {
        return accountExists;
    }
}
