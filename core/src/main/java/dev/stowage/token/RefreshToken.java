package dev.stowage.token;

import dev.stowage.support.Check;

import java.time.Instant;
import java.util.UUID;

/**
 * A first-party refresh token as the store knows it. The token's value is never stored, only its
 * hash ({@link RefreshTokens#hash}), so this record carries no secret.
 *
 * @param id        the token's id
 * @param subject   whose token it is
 * @param familyId  the rotation chain it belongs to: the first token of a login starts a family,
 *                  each rotation adds one
 * @param issuedAt  when it was issued
 * @param expiresAt when it stops being accepted
 */
public record RefreshToken(UUID id, String subject, UUID familyId, Instant issuedAt, Instant expiresAt) {

    /**
     * @throws dev.stowage.exception.ValidationException naming the first invalid field
     */
    public RefreshToken {
        Check.required(id, "id");
        Check.identifier(subject, "subject", CredentialDraft.MAX_SUBJECT_LENGTH);
        Check.required(familyId, "familyId");
        issuedAt = Check.instant(issuedAt, "issuedAt");
        expiresAt = Check.instant(expiresAt, "expiresAt");
    }

    /**
     * @param now an instant
     * @return whether the token is expired at {@code now}
     * @throws dev.stowage.exception.ValidationException {@code field "now"} if it is missing
     */
    public boolean isExpiredAt(Instant now) {
        Check.required(now, "now");
        return !expiresAt.isAfter(now);
    }
}
