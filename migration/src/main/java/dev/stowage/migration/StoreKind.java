package dev.stowage.migration;

/**
 * The stores a migration or a verification can cover. Each one is copied and verified on its
 * own, so a run can move contacts while tokens stay where they are.
 */
public enum StoreKind {
    /** The {@link dev.stowage.contact.ContactStore}: contacts with their ids, versions and timestamps. */
    CONTACTS,
    /** The {@link dev.stowage.credit.CreditStore}: accounts with their full ledgers. */
    CREDITS,
    /** The {@link dev.stowage.token.TokenStore}: credentials, refresh-token families and the access-token denylist. */
    TOKENS
}
