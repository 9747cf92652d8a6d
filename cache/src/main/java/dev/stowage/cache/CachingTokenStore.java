package dev.stowage.cache;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.spi.invalidation.InvalidationKey;
import dev.stowage.token.Credential;
import dev.stowage.token.CredentialDraft;
import dev.stowage.token.IssuedRefreshToken;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RefreshToken;
import dev.stowage.token.RevokedAccessToken;
import dev.stowage.token.RotationResult;
import dev.stowage.token.SubjectErasure;
import dev.stowage.token.TokenStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Caches {@link #credential(String, String)} only, and never serves a credential at or past its
 * own {@code expiresAt} by the store clock (the entry also expires in Caffeine at that instant).
 * Refresh-token issue, rotation and lookup, revocations and the access-token denylist always run
 * in the store of record.
 */
final class CachingTokenStore implements TokenStore {

    private final TenantId tenant;
    private final TokenStore delegate;
    private final CacheRuntime cache;
    private final CachingBackend owner;
    /** A cached credential is served only before its own expiry by the store clock. */
    private final Predicate<Object> usable;

    CachingTokenStore(TenantId tenant, TokenStore delegate, CacheRuntime cache, CachingBackend owner) {
        this.tenant = tenant;
        this.delegate = delegate;
        this.cache = cache;
        this.owner = owner;
        this.usable = value -> value == null || !cache.isExpired((Credential) value);
    }

    @Override
    public Credential putCredential(CredentialDraft draft) {
        owner.ensureOpen();
        return cache.write(tenant, () -> delegate.putCredential(draft),
                stored -> List.of(key(stored.subject(), stored.provider())),
                () -> draft == null ? List.of() : List.of(key(draft.subject(), draft.provider())));
    }

    @Override
    public Optional<Credential> credential(String subject, String provider) {
        owner.ensureOpen();
        if (subject == null || provider == null) {
            return delegate.credential(subject, provider);
        }
        CacheKey key = new CacheKey(tenant, key(subject, provider));
        CacheEntry hit = cache.cached(cache.credentials(), key, tenant, usable);
        if (CacheRuntime.isHit(hit)) {
            @SuppressWarnings("unchecked")
            Optional<Credential> credential = (Optional<Credential>) (Optional<?>) hit.present();
            return credential;
        }
        return Optional.ofNullable((Credential) cache.read(cache.credentials(), key, tenant,
                () -> delegate.credential(subject, provider).orElse(null), usable, hit));
    }

    @Override
    public boolean deleteCredential(String subject, String provider) {
        owner.ensureOpen();
        return cache.write(tenant, () -> delegate.deleteCredential(subject, provider),
                deleted -> deleted ? List.of(key(subject, provider)) : List.of(),
                () -> subject == null || provider == null ? List.of() : List.of(key(subject, provider)));
    }

    /**
     * Erases in the wrapped store, then evicts (here and everywhere) the subject's credentials
     * as listed just before; a cached absence needs no eviction. Refresh tokens are never cached.
     */
    @Override
    public SubjectErasure eraseSubject(String subject) {
        owner.ensureOpen();
        List<InvalidationKey> cached = subject == null ? List.of()
                : delegate.credentials(subject).stream().map(found -> key(found.subject(), found.provider())).toList();
        return cache.write(tenant, () -> delegate.eraseSubject(subject), erased -> cached, () -> cached);
    }

    @Override
    public List<Credential> credentials(String subject) {
        owner.ensureOpen();
        return delegate.credentials(subject);
    }

    @Override
    public List<Credential> credentialsExpiringBefore(Instant instant, int limit) {
        owner.ensureOpen();
        return delegate.credentialsExpiringBefore(instant, limit);
    }

    @Override
    public List<Credential> scanCredentials(String afterSubject, String afterProvider, int limit) {
        owner.ensureOpen();
        return delegate.scanCredentials(afterSubject, afterProvider, limit);
    }

    @Override
    public ImportResult importCredentials(List<Credential> credentials) {
        owner.ensureOpen();
        return cache.write(tenant, () -> delegate.importCredentials(credentials),
                result -> keys(credentials),
                () -> keys(credentials));
    }

    @Override
    public IssuedRefreshToken issueRefreshToken(String subject, Duration ttl) {
        owner.ensureOpen();
        return delegate.issueRefreshToken(subject, ttl);
    }

    @Override
    public RotationResult rotateRefreshToken(String presented, Duration ttl) {
        owner.ensureOpen();
        return delegate.rotateRefreshToken(presented, ttl);
    }

    @Override
    public RotationResult rotateRefreshToken(String presented, Duration ttl, String clientId) {
        owner.ensureOpen();
        return delegate.rotateRefreshToken(presented, ttl, clientId);
    }

    @Override
    public Optional<RefreshToken> findRefreshToken(String presented) {
        owner.ensureOpen();
        return delegate.findRefreshToken(presented);
    }

    @Override
    public boolean revokeRefreshFamily(UUID familyId) {
        owner.ensureOpen();
        return delegate.revokeRefreshFamily(familyId);
    }

    @Override
    public int revokeRefreshTokens(String subject) {
        owner.ensureOpen();
        return delegate.revokeRefreshTokens(subject);
    }

    @Override
    public void revokeAccessToken(String jti, Instant expiresAt) {
        owner.ensureOpen();
        delegate.revokeAccessToken(jti, expiresAt);
    }

    @Override
    public boolean isAccessTokenRevoked(String jti) {
        owner.ensureOpen();
        return delegate.isAccessTokenRevoked(jti);
    }

    @Override
    public long purgeExpired() {
        owner.ensureOpen();
        // Removes only expired items, which the cache never serves anyway.
        return delegate.purgeExpired();
    }

    // Migration of refresh-token families and the denylist: none of it is cached, so the calls
    // go straight to the store of record and invalidate nothing.

    @Override
    public List<RefreshFamily> scanRefreshFamilies(UUID afterFamilyId, int limit) {
        owner.ensureOpen();
        return delegate.scanRefreshFamilies(afterFamilyId, limit);
    }

    @Override
    public ImportResult importRefreshFamilies(List<RefreshFamily> families) {
        owner.ensureOpen();
        return delegate.importRefreshFamilies(families);
    }

    @Override
    public List<RevokedAccessToken> scanRevokedAccessTokens(RevokedAccessToken after, int limit) {
        owner.ensureOpen();
        return delegate.scanRevokedAccessTokens(after, limit);
    }

    @Override
    public ImportResult importRevokedAccessTokens(List<RevokedAccessToken> entries) {
        owner.ensureOpen();
        return delegate.importRevokedAccessTokens(entries);
    }

    private static InvalidationKey key(String subject, String provider) {
        return new InvalidationKey.CredentialId(subject, provider);
    }

    private static List<InvalidationKey> keys(List<Credential> credentials) {
        if (credentials == null) {
            return List.of();
        }
        List<InvalidationKey> keys = new ArrayList<>(credentials.size());
        for (Credential credential : credentials) {
            if (credential != null) {
                keys.add(key(credential.subject(), credential.provider()));
            }
        }
        return keys;
    }

    @Override
    public String toString() {
        return "CachingTokenStore[" + tenant + ", " + delegate + "]";
    }
}
