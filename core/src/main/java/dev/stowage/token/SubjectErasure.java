package dev.stowage.token;

/**
 * What {@link TokenStore#eraseSubject} removed. Expired items not yet reclaimed (by a purge or a
 * native TTL) are removed too and may be counted.
 *
 * @param credentials     credentials removed (every provider)
 * @param refreshFamilies refresh-token families removed (revoked ones included)
 * @param refreshTokens   refresh tokens of those families removed (used ones included)
 */
public record SubjectErasure(long credentials, long refreshFamilies, long refreshTokens) {

    /** Nothing was removed: the subject held nothing. */
    public static final SubjectErasure NOTHING = new SubjectErasure(0, 0, 0);

    /**
     * @return how many items were removed in all
     */
    public long total() {
        return credentials + refreshFamilies + refreshTokens;
    }
}
