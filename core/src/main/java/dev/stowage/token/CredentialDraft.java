package dev.stowage.token;

import dev.stowage.encryption.SecretCipher;
import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;
import dev.stowage.support.Emails;
import dev.stowage.support.JsonValues;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A third-party credential to store, for example a user's Gmail OAuth tokens, keyed by
 * (subject, provider). {@link #toString()} never prints the secrets.
 *
 * @param subject              whose credential it is (a user id), 1..200 characters, no whitespace
 * @param provider             whose credential it is ({@code "google"}), 1..100 characters, no whitespace
 * @param accessToken          the access token, required, at most 8 000 characters; a secret
 * @param refreshToken         the refresh token, optional, at most 8 000 characters; a secret
 * @param accessTokenExpiresAt when the access token stops working, or {@code null}; refresh jobs
 *                             find credentials by it ({@link TokenStore#credentialsExpiringBefore})
 * @param expiresAt            when the whole credential stops being valid and must never be
 *                             returned again, or {@code null} for never
 * @param scopes               granted scopes, at most 100 of at most 500 characters
 * @param accountEmail         the provider account's email, optional
 * @param metadata             a JSON object
 */
public record CredentialDraft(
        String subject,
        String provider,
        String accessToken,
        String refreshToken,
        Instant accessTokenExpiresAt,
        Instant expiresAt,
        Set<String> scopes,
        String accountEmail,
        Map<String, Object> metadata) {

    /** Longest accepted subject. */
    public static final int MAX_SUBJECT_LENGTH = 200;
    /** Longest accepted provider. */
    public static final int MAX_PROVIDER_LENGTH = 100;
    /** Longest accepted access or refresh token. */
    public static final int MAX_TOKEN_LENGTH = 8_000;
    /** Most scopes of one credential. */
    public static final int MAX_SCOPES = 100;
    /** Longest accepted scope. */
    public static final int MAX_SCOPE_LENGTH = 500;

    /**
     * @throws ValidationException naming the first invalid field
     */
    public CredentialDraft {
        Check.identifier(subject, "subject", MAX_SUBJECT_LENGTH);
        Check.identifier(provider, "provider", MAX_PROVIDER_LENGTH);
        Check.requiredText(accessToken, "accessToken", maxSecretLength(accessToken));
        Check.optionalText(refreshToken, "refreshToken", maxSecretLength(refreshToken));
        accessTokenExpiresAt = accessTokenExpiresAt == null ? null : Check.instant(accessTokenExpiresAt, "accessTokenExpiresAt");
        expiresAt = expiresAt == null ? null : Check.instant(expiresAt, "expiresAt");
        scopes = Check.textSet(scopes, "scopes", MAX_SCOPES, MAX_SCOPE_LENGTH);
        if (accountEmail != null) {
            Emails.validate(accountEmail, "accountEmail");
        }
        metadata = JsonValues.canonicalObject(metadata, "metadata");
    }

    /**
     * The stored form of an encrypted secret ({@link dev.stowage.encryption.SecretCipher}) is
     * longer than the secret, and passes through these records between the encrypting layer and
     * the backend; a secret presented by a caller is held to {@link #MAX_TOKEN_LENGTH} (by the
     * encrypting layer when encryption is on).
     */
    private static int maxSecretLength(String value) {
        return SecretCipher.isEnvelope(value) ? SecretCipher.MAX_ENVELOPE_LENGTH : MAX_TOKEN_LENGTH;
    }

    /**
     * @param subject     whose credential
     * @param provider    which provider
     * @param accessToken the access token
     * @return a builder
     */
    public static Builder builder(String subject, String provider, String accessToken) {
        return new Builder(subject, provider, accessToken);
    }

    /**
     * The rule every store applies on write: a credential that is already expired is not stored.
     *
     * @param now the store's current time
     * @return this draft
     * @throws ValidationException {@code field "expiresAt"} if it is at or before {@code now};
     *     {@code field "now"} if {@code now} is missing
     */
    public CredentialDraft requireUnexpiredAt(Instant now) {
        Check.required(now, "now");
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new ValidationException("expiresAt", "future", "must be in the future");
        }
        return this;
    }

    @Override
    public String toString() {
        return "CredentialDraft[subject=" + subject + ", provider=" + provider + ", accessToken=***, refreshToken="
                + (refreshToken == null ? "null" : "***") + ", accessTokenExpiresAt=" + accessTokenExpiresAt
                + ", expiresAt=" + expiresAt + ", scopes=" + scopes + "]";
    }

    /** A mutable builder; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private final String subject;
        private final String provider;
        private final String accessToken;
        private String refreshToken;
        private Instant accessTokenExpiresAt;
        private Instant expiresAt;
        private Collection<String> scopes = Set.of();
        private String accountEmail;
        private Map<String, ?> metadata = Map.of();

        private Builder(String subject, String provider, String accessToken) {
            this.subject = subject;
            this.provider = provider;
            this.accessToken = accessToken;
        }

        /** @param value the refresh token @return this builder */
        public Builder refreshToken(String value) { this.refreshToken = value; return this; }

        /** @param value when the access token expires @return this builder */
        public Builder accessTokenExpiresAt(Instant value) { this.accessTokenExpiresAt = value; return this; }

        /** @param value when the credential expires as a whole @return this builder */
        public Builder expiresAt(Instant value) { this.expiresAt = value; return this; }

        /** @param values granted scopes; {@code null} means none @return this builder */
        public Builder scopes(Collection<String> values) { this.scopes = values; return this; }

        /** @param values granted scopes; {@code null} means none @return this builder */
        public Builder scopes(String... values) {
            this.scopes = values == null ? null : java.util.Arrays.asList(values);
            return this;
        }

        /** @param value the provider account's email @return this builder */
        public Builder accountEmail(String value) { this.accountEmail = value; return this; }

        /** @param value a JSON object; {@code null} means empty @return this builder */
        public Builder metadata(Map<String, ?> value) { this.metadata = value; return this; }

        /**
         * @return the validated draft
         * @throws ValidationException naming the first invalid field
         */
        @SuppressWarnings("unchecked")
        public CredentialDraft build() {
            return new CredentialDraft(subject, provider, accessToken, refreshToken, accessTokenExpiresAt, expiresAt,
                    scopes == null ? null : new LinkedHashSet<>(scopes), accountEmail, (Map<String, Object>) metadata);
        }
    }
}
