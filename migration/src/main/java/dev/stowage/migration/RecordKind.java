package dev.stowage.migration;

/**
 * The kinds of record a migration copies, each by its own copier, and the store each belongs to.
 * A store may hold several kinds: the token store holds credentials, refresh-token families and
 * the access-token denylist.
 */
public enum RecordKind {
    /** Contacts, copied by id range ({@code ContactStore.scan} / {@code importContacts}). */
    CONTACTS(StoreKind.CONTACTS),
    /** Credit accounts with their whole ledgers ({@code scanAccounts}, {@code entries}, {@code importAccounts}). */
    CREDIT_ACCOUNTS(StoreKind.CREDITS),
    /** Third-party credentials ({@code scanCredentials} / {@code importCredentials}). */
    CREDENTIALS(StoreKind.TOKENS),
    /** Refresh-token families with their token hashes ({@code scanRefreshFamilies} / {@code importRefreshFamilies}). */
    REFRESH_FAMILIES(StoreKind.TOKENS),
    /** The access-token denylist ({@code scanRevokedAccessTokens} / {@code importRevokedAccessTokens}). */
    REVOKED_ACCESS_TOKENS(StoreKind.TOKENS);

    private final StoreKind store;

    RecordKind(StoreKind store) {
        this.store = store;
    }

    /**
     * @return the store these records live in
     */
    public StoreKind store() {
        return store;
    }

    /**
     * @return the kind's name in lower case with dashes, as used in partition ids and reports
     *     ({@code "contacts"}, {@code "credit-accounts"}, {@code "credentials"},
     *     {@code "refresh-families"}, {@code "revoked-access-tokens"})
     */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
