package dev.stowage.encryption;

import dev.stowage.token.SubjectErasure;
import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.exception.ValidationException;
import dev.stowage.token.Credential;
import dev.stowage.token.CredentialDraft;
import dev.stowage.token.IssuedRefreshToken;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RefreshToken;
import dev.stowage.token.RevokedAccessToken;
import dev.stowage.token.RotationResult;
import dev.stowage.token.TokenStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A tenant's token store whose credential secrets are encrypted on the way in and decrypted on
 * the way out; the backend below only ever holds envelopes ({@link SecretCipher}). Every other
 * operation passes through unchanged. A read that meets a value it cannot decrypt throws and
 * returns nothing of the page.
 */
final class EncryptingTokenStore implements TokenStore {

    static final String ACCESS_TOKEN = "accessToken";
    static final String REFRESH_TOKEN = "refreshToken";

    private final TokenStore stored;
    private final TenantId tenant;
    private final SecretCipher cipher;

    EncryptingTokenStore(TokenStore stored, TenantId tenant, SecretCipher cipher) {
        this.stored = stored;
        this.tenant = tenant;
        this.cipher = cipher;
    }

    // ---------------------------------------------------------------- the encrypted paths

    @Override
    public Credential putCredential(CredentialDraft draft) {
        if (draft == null) {
            return stored.putCredential(null);
        }
        return decrypt(stored.putCredential(encrypt(draft)));
    }

    @Override
    public Optional<Credential> credential(String subject, String provider) {
        return stored.credential(subject, provider).map(this::decrypt);
    }

    @Override
    public List<Credential> credentials(String subject) {
        return decrypt(stored.credentials(subject));
    }

    @Override
    public List<Credential> credentialsExpiringBefore(Instant instant, int limit) {
        return decrypt(stored.credentialsExpiringBefore(instant, limit));
    }

    @Override
    public List<Credential> scanCredentials(String afterSubject, String afterProvider, int limit) {
        return decrypt(stored.scanCredentials(afterSubject, afterProvider, limit));
    }

    @Override
    public ImportResult importCredentials(List<Credential> credentials) {
        if (credentials == null || credentials.stream().anyMatch(java.util.Objects::isNull)) {
            return stored.importCredentials(credentials);
        }
        List<Credential> sealed = new ArrayList<>(credentials.size());
        for (Credential credential : credentials) {
            CredentialDraft draft = encrypt(credential.toDraft());
            sealed.add(Credential.of(draft, credential.createdAt(), credential.updatedAt()));
        }
        return stored.importCredentials(sealed);
    }

    CredentialDraft encrypt(CredentialDraft draft) {
        return withSecrets(draft,
                cipher.encrypt(binding(draft, ACCESS_TOKEN), checkLength(draft.accessToken(), ACCESS_TOKEN)),
                draft.refreshToken() == null ? null
                        : cipher.encrypt(binding(draft, REFRESH_TOKEN), checkLength(draft.refreshToken(), REFRESH_TOKEN)));
    }

    Credential decrypt(Credential credential) {
        CredentialDraft draft = credential.toDraft();
        String access = cipher.decrypt(binding(draft, ACCESS_TOKEN), draft.accessToken());
        String refresh = draft.refreshToken() == null ? null
                : cipher.decrypt(binding(draft, REFRESH_TOKEN), draft.refreshToken());
        return Credential.of(withSecrets(draft, access, refresh), credential.createdAt(), credential.updatedAt());
    }

    private List<Credential> decrypt(List<Credential> credentials) {
        return credentials.stream().map(this::decrypt).toList();
    }

    private SecretCipher.Binding binding(CredentialDraft draft, String field) {
        return new SecretCipher.Binding(tenant, draft.subject(), draft.provider(), field);
    }

    /** A value that looks like an envelope may be longer in the records; a caller's secret may not. */
    private static String checkLength(String secret, String field) {
        if (secret.length() > CredentialDraft.MAX_TOKEN_LENGTH) {
            throw new ValidationException(field, "max-length", "must be at most " + CredentialDraft.MAX_TOKEN_LENGTH
                    + " characters");
        }
        return secret;
    }

    private static CredentialDraft withSecrets(CredentialDraft draft, String accessToken, String refreshToken) {
        return new CredentialDraft(draft.subject(), draft.provider(), accessToken, refreshToken,
                draft.accessTokenExpiresAt(), draft.expiresAt(), draft.scopes(), draft.accountEmail(), draft.metadata());
    }

    // ---------------------------------------------------------------- unchanged

    @Override
    public boolean deleteCredential(String subject, String provider) {
        return stored.deleteCredential(subject, provider);
    }

    @Override
    public SubjectErasure eraseSubject(String subject) {
        return stored.eraseSubject(subject);
    }

    @Override
    public IssuedRefreshToken issueRefreshToken(String subject, Duration ttl) {
        return stored.issueRefreshToken(subject, ttl);
    }

    @Override
    public RotationResult rotateRefreshToken(String presented, Duration ttl) {
        return stored.rotateRefreshToken(presented, ttl);
    }

    @Override
    public RotationResult rotateRefreshToken(String presented, Duration ttl, String clientId) {
        return stored.rotateRefreshToken(presented, ttl, clientId);
    }

    @Override
    public Optional<RefreshToken> findRefreshToken(String presented) {
        return stored.findRefreshToken(presented);
    }

    @Override
    public boolean revokeRefreshFamily(UUID familyId) {
        return stored.revokeRefreshFamily(familyId);
    }

    @Override
    public int revokeRefreshTokens(String subject) {
        return stored.revokeRefreshTokens(subject);
    }

    @Override
    public void revokeAccessToken(String jti, Instant expiresAt) {
        stored.revokeAccessToken(jti, expiresAt);
    }

    @Override
    public boolean isAccessTokenRevoked(String jti) {
        return stored.isAccessTokenRevoked(jti);
    }

    @Override
    public long purgeExpired() {
        return stored.purgeExpired();
    }

    @Override
    public List<RefreshFamily> scanRefreshFamilies(UUID afterFamilyId, int limit) {
        return stored.scanRefreshFamilies(afterFamilyId, limit);
    }

    @Override
    public ImportResult importRefreshFamilies(List<RefreshFamily> families) {
        return stored.importRefreshFamilies(families);
    }

    @Override
    public List<RevokedAccessToken> scanRevokedAccessTokens(RevokedAccessToken after, int limit) {
        return stored.scanRevokedAccessTokens(after, limit);
    }

    @Override
    public ImportResult importRevokedAccessTokens(List<RevokedAccessToken> entries) {
        return stored.importRevokedAccessTokens(entries);
    }

    @Override
    public String toString() {
        return "EncryptingTokenStore[tenant=" + tenant + ", active key=" + cipher.keys().activeKeyId() + ", over " + stored + "]";
    }
}
