package dev.stowage.credit;

/**
 * What {@link CreditStore#deleteAccount} removed.
 *
 * @param accountRemoved whether the account existed and was removed
 * @param entriesRemoved how many ledger entries were removed with it
 */
public record AccountErasure(boolean accountRemoved, long entriesRemoved) {

    /** Nothing was removed: the account did not exist. */
    public static final AccountErasure NOTHING = new AccountErasure(false, 0);
}
