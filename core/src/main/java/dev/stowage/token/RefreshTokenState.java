package dev.stowage.token;

import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;

import java.time.Instant;
import java.util.UUID;

/**
 * Everything a store keeps about one refresh token, as moved by a migration: the hash of its
 * value (never the value, which no store keeps), its id, its lifetime and whether it was already
 * exchanged. Its subject and family are those of the {@link RefreshFamily} that holds it. Carries
 * no secret: a hash cannot be presented as a token.
 *
 * @param tokenHash the SHA-256 of the token's value, base64url without padding
 *                  ({@link RefreshTokens#hash}): 43 characters of {@code A-Z a-z 0-9 - _}
 * @param id        the token's id
 * @param issuedAt  when it was issued
 * @param expiresAt when it stops being accepted
 * @param used      whether it was already rotated; a used token presented again is
 *                  {@link RotationResult.Reason#REUSED} and revokes its family
 */
public record RefreshTokenState(String tokenHash, UUID id, Instant issuedAt, Instant expiresAt, boolean used) {

    /** Length of a {@link RefreshTokens#hash}: 256 bits in unpadded base64url. */
    public static final int HASH_LENGTH = 43;

    /**
     * @throws ValidationException naming the first invalid field
     */
    public RefreshTokenState {
        validateHash(tokenHash, "tokenHash");
        Check.required(id, "id");
        issuedAt = Check.instant(issuedAt, "issuedAt");
        expiresAt = Check.instant(expiresAt, "expiresAt");
    }

    /**
     * @param now an instant
     * @return whether the token is expired at {@code now} (its expiry at or before it)
     */
    public boolean isExpiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }

    /**
     * @param family the family holding this token
     * @return the token as {@link TokenStore#findRefreshToken} describes it
     */
    public RefreshToken toRefreshToken(RefreshFamily family) {
        return new RefreshToken(id, family.subject(), family.familyId(), issuedAt, expiresAt);
    }

    /**
     * @param hash  a token hash
     * @param field the field's name for the error
     * @return the hash unchanged
     * @throws ValidationException naming {@code field} unless it has the shape of a {@link RefreshTokens#hash}
     */
    public static String validateHash(String hash, String field) {
        Check.required(hash, field);
        if (hash.length() != HASH_LENGTH) {
            throw new ValidationException(field, "token-hash", "must be " + HASH_LENGTH
                    + " base64url characters, the form RefreshTokens.hash gives");
        }
        for (int i = 0; i < hash.length(); i++) {
            char c = hash.charAt(i);
            boolean base64url = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!base64url) {
                throw new ValidationException(field, "token-hash", "must be " + HASH_LENGTH
                        + " base64url characters, the form RefreshTokens.hash gives");
            }
        }
        return hash;
    }
}
