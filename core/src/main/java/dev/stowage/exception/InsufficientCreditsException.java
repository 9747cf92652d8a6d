package dev.stowage.exception;

/**
 * A posting would have taken an account's balance below zero. Nothing was written: no ledger
 * entry, no balance change, and no account was created.
 */
public class InsufficientCreditsException extends StoreException {

    private final String accountId;
    private final long requested;

    /**
     * @param accountId the account that was debited
     * @param requested the (positive) number of credits the posting tried to take
     */
    public InsufficientCreditsException(String accountId, long requested) {
        super("account '" + accountId + "' has fewer than " + requested
                + " credits; nothing was deducted. Add credits or deduct less.");
        this.accountId = accountId;
        this.requested = requested;
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
}
