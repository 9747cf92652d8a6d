package dev.stowage.token;

import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A stored third-party credential: the fields of a {@link CredentialDraft} plus timestamps.
 * {@link #toString()} never prints the secrets.
 *
 * @param subject              see {@link CredentialDraft}
 * @param provider             see {@link CredentialDraft}
 * @param accessToken          see {@link CredentialDraft}
 * @param refreshToken         see {@link CredentialDraft}
 * @param accessTokenExpiresAt see {@link CredentialDraft}
 * @param expiresAt            see {@link CredentialDraft}
 * @param scopes               see {@link CredentialDraft}
 * @param accountEmail         see {@link CredentialDraft}
 * @param metadata             see {@link CredentialDraft}
 * @param createdAt            when it was first stored
 * @param updatedAt            when it was last stored
 */
public record Credential(
        String subject,
        String provider,
        String accessToken,
        String refreshToken,
        Instant accessTokenExpiresAt,
        Instant expiresAt,
        Set<String> scopes,
        String accountEmail,
        Map<String, Object> metadata,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * @throws ValidationException naming the first invalid field
     */
    public Credential {
        CredentialDraft draft = new CredentialDraft(subject, provider, accessToken, refreshToken, accessTokenExpiresAt,
                expiresAt, scopes, accountEmail, metadata);
        accessTokenExpiresAt = draft.accessTokenExpiresAt();
        expiresAt = draft.expiresAt();
        scopes = draft.scopes();
        metadata = draft.metadata();
        createdAt = Check.instant(createdAt, "createdAt");
        updatedAt = Check.instant(updatedAt, "updatedAt");
        if (updatedAt.isBefore(createdAt)) {
            throw new ValidationException("updatedAt", "not-before-created", "must not be before createdAt");
        }
    }

    /**
     * @param draft     the fields
     * @param createdAt first stored
     * @param updatedAt last stored
     * @return the credential
     */
    public static Credential of(CredentialDraft draft, Instant createdAt, Instant updatedAt) {
        Check.required(draft, "draft");
        return new Credential(draft.subject(), draft.provider(), draft.accessToken(), draft.refreshToken(),
                draft.accessTokenExpiresAt(), draft.expiresAt(), draft.scopes(), draft.accountEmail(), draft.metadata(),
                createdAt, updatedAt);
    }

    /**
     * @return the caller-controlled fields
     */
    public CredentialDraft toDraft() {
        return new CredentialDraft(subject, provider, accessToken, refreshToken, accessTokenExpiresAt, expiresAt,
                scopes, accountEmail, metadata);
    }

    /**
     * @param now an instant
     * @return whether the credential as a whole has expired at {@code now} (expiresAt at or before it)
     * @throws ValidationException {@code field "now"} if it is missing
     */
    public boolean isExpiredAt(Instant now) {
        Check.required(now, "now");
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    @Override
    public String toString() {
        return "Credential[subject=" + subject + ", provider=" + provider + ", accessToken=***, refreshToken="
                + (refreshToken == null ? "null" : "***") + ", accessTokenExpiresAt=" + accessTokenExpiresAt
                + ", expiresAt=" + expiresAt + ", scopes=" + scopes + ", createdAt=" + createdAt + ", updatedAt="
                + updatedAt + "]";
    }
}
