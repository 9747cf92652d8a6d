package dev.stowage;

/**
 * What {@link dev.stowage.spi.StoreBackend#eraseTenant} removed: how many records of each kind the
 * tenant held. Records already expired but not yet reclaimed by the backend (a purge, a native
 * TTL) are removed too and may be counted, so the counts are "at least what a reader could see".
 *
 * @param contacts           contacts removed
 * @param creditAccounts     credit accounts removed
 * @param ledgerEntries      ledger entries of those accounts removed
 * @param credentials        third-party credentials removed
 * @param refreshFamilies    refresh-token families removed
 * @param refreshTokens      refresh tokens of those families removed
 * @param deniedAccessTokens access-token denylist entries removed
 */
public record TenantErasure(long contacts, long creditAccounts, long ledgerEntries, long credentials,
                            long refreshFamilies, long refreshTokens, long deniedAccessTokens) {

    /** Nothing was removed: the tenant held no record. */
    public static final TenantErasure NOTHING = new TenantErasure(0, 0, 0, 0, 0, 0, 0);

    /**
     * @return how many records were removed in all
     */
    public long total() {
        return contacts + creditAccounts + ledgerEntries + credentials + refreshFamilies + refreshTokens
                + deniedAccessTokens;
    }

    /**
     * @param other what another store of the tenant removed
     * @return the sum of both
     */
    public TenantErasure plus(TenantErasure other) {
        return new TenantErasure(contacts + other.contacts, creditAccounts + other.creditAccounts,
                ledgerEntries + other.ledgerEntries, credentials + other.credentials,
                refreshFamilies + other.refreshFamilies, refreshTokens + other.refreshTokens,
                deniedAccessTokens + other.deniedAccessTokens);
    }
}
