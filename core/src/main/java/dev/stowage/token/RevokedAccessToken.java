package dev.stowage.token;

import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;
import dev.stowage.support.Text;

import java.time.Instant;
import java.util.Comparator;

/**
 * One entry of the access-token denylist, as moved by a migration: the denied token's JWT id and
 * the instant its denial ends (the token's own expiry).
 *
 * @param jti       the access token's id, 1..{@value TokenStore#MAX_JTI_LENGTH} characters without
 *                  whitespace or control characters
 * @param expiresAt when the denial ends
 */
public record RevokedAccessToken(String jti, Instant expiresAt) {

    /**
     * The order of {@link TokenStore#scanRevokedAccessTokens}: by expiresAt, then by jti in code
     * point order.
     */
    public static final Comparator<RevokedAccessToken> SCAN_ORDER = Comparator
            .comparing(RevokedAccessToken::expiresAt)
            .thenComparing(RevokedAccessToken::jti, Text.CODE_POINT_ORDER);

    /**
     * @throws ValidationException naming the first invalid field
     */
    public RevokedAccessToken {
        Check.identifier(jti, "jti", TokenStore.MAX_JTI_LENGTH);
        expiresAt = Check.instant(expiresAt, "expiresAt");
    }

    /**
     * @param now an instant
     * @return whether the denial has ended at {@code now} (its end at or before it)
     */
    public boolean isExpiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
