package dev.stowage.migration.switching;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.migration.KeyCopy;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;
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
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Tokens through a {@link StoreSwitch}. Rotation runs once, on the authoritative store; the other
 * receives the family as it stands afterwards (tokens, used marks, revocation), so a token used on
 * one store is used on both and reuse detection holds after the flip. Revocations and denials are
 * applied to both stores.
 */
final class SwitchingTokenStore implements TokenStore {

    private final StoreSwitch sw;
    private final TenantId tenant;

    SwitchingTokenStore(StoreSwitch sw, TenantId tenant) {
        this.sw = sw;
        this.tenant = tenant;
    }

    private TokenStore on(StoreBackend backend) {
        return backend.tokens(tenant);
    }

    private TokenStore reads() {
        return on(sw.authoritative(sw.stage()));
    }

    private RepairKey key(RepairKey.Kind kind, String key, String detail) {
        return new RepairKey(sw.store, tenant, kind, key, detail);
    }

    private void replicateFamily(Stage stage, UUID familyId) {
        sw.replicate(stage, key(RepairKey.Kind.REFRESH_FAMILY, familyId.toString(), ""),
                other -> KeyCopy.refreshFamily(sw.authoritative(stage), other, tenant, familyId));
    }

    @Override
    public Credential putCredential(CredentialDraft draft) {
        return sw.write(stage -> {
            Credential stored = on(sw.authoritative(stage)).putCredential(draft);
            sw.replicate(stage, key(RepairKey.Kind.CREDENTIAL, stored.subject(), stored.provider()),
                    other -> KeyCopy.credentials(other, tenant, List.of(stored)));
            return stored;
        });
    }

    @Override
    public Optional<Credential> credential(String subject, String provider) {
        Check.required(subject, "subject");
        Check.required(provider, "provider");
        return sw.read(tenant, RepairKey.Kind.CREDENTIAL, subject, provider, "tokens.credential",
                backend -> on(backend).credential(subject, provider));
    }

    @Override
    public boolean deleteCredential(String subject, String provider) {
        return sw.write(stage -> {
            boolean deleted = on(sw.authoritative(stage)).deleteCredential(subject, provider);
            sw.replicate(stage, key(RepairKey.Kind.CREDENTIAL, subject, provider),
                    other -> on(other).deleteCredential(subject, provider));
            return deleted;
        });
    }

    @Override
    public List<Credential> credentials(String subject) {
        return reads().credentials(subject);
    }

    @Override
    public List<Credential> credentialsExpiringBefore(Instant instant, int limit) {
        return reads().credentialsExpiringBefore(instant, limit);
    }

    @Override
    public List<Credential> scanCredentials(String afterSubject, String afterProvider, int limit) {
        return reads().scanCredentials(afterSubject, afterProvider, limit);
    }

    @Override
    public ImportResult importCredentials(List<Credential> credentials) {
        return sw.write(stage -> {
            ImportResult result = on(sw.authoritative(stage)).importCredentials(credentials);
            for (Credential credential : credentials) {
                sw.replicate(stage, key(RepairKey.Kind.CREDENTIAL, credential.subject(), credential.provider()),
                        other -> KeyCopy.credential(sw.authoritative(stage), other, tenant, credential.subject(),
                                credential.provider()));
            }
            return result;
        });
    }

    @Override
    public IssuedRefreshToken issueRefreshToken(String subject, Duration ttl) {
        return sw.write(stage -> {
            IssuedRefreshToken issued = on(sw.authoritative(stage)).issueRefreshToken(subject, ttl);
            replicateFamily(stage, issued.refreshToken().familyId());
            return issued;
        });
    }

    /**
     * Rotates on the authoritative store only. A rotation hands the other store the family with its
     * used token and successor. A reuse revokes the family on the authoritative store; the other
     * learns it by the family's id when it still holds the token unused (it is behind), or else by
     * the same presentation, which it can only reject (the token is not usable there) and which
     * revokes its copy of the family.
     */
    @Override
    public RotationResult rotateRefreshToken(String presented, Duration ttl) {
        return sw.write(stage -> {
            RotationResult result = on(sw.authoritative(stage)).rotateRefreshToken(presented, ttl);
            if (result instanceof RotationResult.Rotated rotated) {
                replicateFamily(stage, rotated.next().refreshToken().familyId());
            } else if (result instanceof RotationResult.Rejected rejected
                    && rejected.reason() == RotationResult.Reason.REUSED && stage.replicates()) {
                TokenStore other = on(sw.other(stage));
                try {
                    Optional<RefreshToken> behind = other.findRefreshToken(presented);
                    if (behind.isPresent()) {
                        replicateFamily(stage, behind.get().familyId());
                    } else {
                        other.rotateRefreshToken(presented, ttl);
                    }
                } catch (RuntimeException e) {
                    sw.unqueueable("the revocation of a reused refresh token's family", e);
                }
            }
            return result;
        });
    }

    @Override
    public Optional<RefreshToken> findRefreshToken(String presented) {
        return reads().findRefreshToken(presented);
    }

    @Override
    public boolean revokeRefreshFamily(UUID familyId) {
        return sw.write(stage -> {
            boolean revoked = on(sw.authoritative(stage)).revokeRefreshFamily(familyId);
            sw.replicate(stage, key(RepairKey.Kind.REFRESH_FAMILY, familyId.toString(), ""),
                    other -> on(other).revokeRefreshFamily(familyId));
            return revoked;
        });
    }

    @Override
    public int revokeRefreshTokens(String subject) {
        return sw.write(stage -> {
            int revoked = on(sw.authoritative(stage)).revokeRefreshTokens(subject);
            sw.replicate(stage, key(RepairKey.Kind.SUBJECT_REVOCATION, subject, ""),
                    other -> on(other).revokeRefreshTokens(subject));
            return revoked;
        });
    }

    @Override
    public void revokeAccessToken(String jti, Instant expiresAt) {
        sw.write(stage -> {
            on(sw.authoritative(stage)).revokeAccessToken(jti, expiresAt);
            sw.replicate(stage, key(RepairKey.Kind.REVOKED_ACCESS_TOKEN, jti, expiresAt.toString()),
                    other -> on(other).revokeAccessToken(jti, expiresAt));
            return null;
        });
    }

    @Override
    public boolean isAccessTokenRevoked(String jti) {
        Check.required(jti, "jti");
        return sw.read(tenant, RepairKey.Kind.REVOKED_ACCESS_TOKEN, jti, "", "tokens.isAccessTokenRevoked",
                backend -> on(backend).isAccessTokenRevoked(jti));
    }

    /** Both stores purge their own expired items; what the authoritative one removed is reported. */
    @Override
    public long purgeExpired() {
        return sw.write(stage -> {
            long purged = on(sw.authoritative(stage)).purgeExpired();
            if (stage.replicates()) {
                try {
                    on(sw.other(stage)).purgeExpired();
                } catch (RuntimeException ignored) {
                    // housekeeping only: reads of the other store ignore expired items anyway
                }
            }
            return purged;
        });
    }

    @Override
    public List<RefreshFamily> scanRefreshFamilies(UUID afterFamilyId, int limit) {
        return reads().scanRefreshFamilies(afterFamilyId, limit);
    }

    @Override
    public ImportResult importRefreshFamilies(List<RefreshFamily> families) {
        return sw.write(stage -> {
            ImportResult result = on(sw.authoritative(stage)).importRefreshFamilies(families);
            for (RefreshFamily family : families) {
                replicateFamily(stage, family.familyId());
            }
            return result;
        });
    }

    @Override
    public List<RevokedAccessToken> scanRevokedAccessTokens(RevokedAccessToken after, int limit) {
        return reads().scanRevokedAccessTokens(after, limit);
    }

    @Override
    public ImportResult importRevokedAccessTokens(List<RevokedAccessToken> entries) {
        return sw.write(stage -> {
            ImportResult result = on(sw.authoritative(stage)).importRevokedAccessTokens(entries);
            for (RevokedAccessToken entry : entries) {
                sw.replicate(stage, key(RepairKey.Kind.REVOKED_ACCESS_TOKEN, entry.jti(), entry.expiresAt().toString()),
                        other -> KeyCopy.revokedAccessToken(other, tenant, entry));
            }
            return result;
        });
    }

    @Override
    public SubjectErasure eraseSubject(String subject) {
        return sw.write(stage -> {
            SubjectErasure erased = on(sw.authoritative(stage)).eraseSubject(subject);
            sw.replicate(stage, key(RepairKey.Kind.SUBJECT_ERASURE, subject, ""), other -> on(other).eraseSubject(subject));
            return erased;
        });
    }
}
