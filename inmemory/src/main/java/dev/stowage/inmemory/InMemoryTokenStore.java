package dev.stowage.inmemory;

import dev.stowage.ImportResult;
import dev.stowage.support.Batches;
import dev.stowage.support.Check;
import dev.stowage.support.Ids;
import dev.stowage.support.Text;
import dev.stowage.support.Timestamps;
import dev.stowage.token.Credential;
import dev.stowage.token.CredentialDraft;
import dev.stowage.token.IssuedRefreshToken;
import dev.stowage.token.RefreshToken;
import dev.stowage.token.RefreshTokens;
import dev.stowage.token.RotationResult;
import dev.stowage.token.TokenStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One tenant's credentials, refresh tokens and denylist under one lock. Expired items are
 * filtered on every read by the clock and removed by {@link #purgeExpired()}.
 */
final class InMemoryTokenStore implements TokenStore {

    private static final Comparator<CredentialKey> KEY_ORDER = Comparator
            .comparing(CredentialKey::subject, Text.CODE_POINT_ORDER)
            .thenComparing(CredentialKey::provider, Text.CODE_POINT_ORDER);
    private static final Comparator<Credential> EXPIRING_ORDER = Comparator
            .comparing(Credential::accessTokenExpiresAt)
            .thenComparing(Credential::subject, Text.CODE_POINT_ORDER)
            .thenComparing(Credential::provider, Text.CODE_POINT_ORDER);

    private final InMemoryBackend backend;
    private final Clock clock;
    private final TreeMap<CredentialKey, Credential> credentials = new TreeMap<>(KEY_ORDER);
    private final Map<String, StoredRefreshToken> refreshTokensByHash = new HashMap<>();
    private final Map<UUID, Family> families = new HashMap<>();
    private final Map<String, Instant> deniedUntil = new HashMap<>();

    InMemoryTokenStore(InMemoryBackend backend, Clock clock) {
        this.backend = backend;
        this.clock = clock;
    }

    @Override
    public Credential putCredential(CredentialDraft draft) {
        Check.required(draft, "draft");
        return locked(() -> {
            Instant now = Timestamps.now(clock);
            draft.requireUnexpiredAt(now);
            CredentialKey key = new CredentialKey(draft.subject(), draft.provider());
            Credential existing = live(credentials.get(key), now);
            Credential stored = Credential.of(draft, existing == null ? now : existing.createdAt(), now);
            credentials.put(key, stored);
            return stored;
        });
    }

    @Override
    public Optional<Credential> credential(String subject, String provider) {
        CredentialKey key = CredentialKey.checked(subject, provider);
        return locked(() -> Optional.ofNullable(live(credentials.get(key), Timestamps.now(clock))));
    }

    @Override
    public boolean deleteCredential(String subject, String provider) {
        CredentialKey key = CredentialKey.checked(subject, provider);
        return locked(() -> live(credentials.remove(key), Timestamps.now(clock)) != null);
    }

    @Override
    public List<Credential> credentials(String subject) {
        Check.identifier(subject, "subject", CredentialDraft.MAX_SUBJECT_LENGTH);
        return locked(() -> {
            Instant now = Timestamps.now(clock);
            return credentials.values().stream()
                    .filter(credential -> credential.subject().equals(subject))
                    .filter(credential -> !credential.isExpiredAt(now))
                    .toList();
        });
    }

    @Override
    public List<Credential> credentialsExpiringBefore(Instant instant, int limit) {
        Instant bound = Check.instant(instant, "instant");
        Check.batchLimit(limit);
        return locked(() -> {
            Instant now = Timestamps.now(clock);
            return credentials.values().stream()
                    .filter(credential -> !credential.isExpiredAt(now))
                    .filter(credential -> credential.accessTokenExpiresAt() != null
                            && credential.accessTokenExpiresAt().isBefore(bound))
                    .sorted(EXPIRING_ORDER)
                    .limit(limit)
                    .toList();
        });
    }

    @Override
    public List<Credential> scanCredentials(String afterSubject, String afterProvider, int limit) {
        Check.batchLimit(limit);
        CredentialKey after = afterSubject == null && afterProvider == null ? null
                : CredentialKey.checked(afterSubject, afterProvider);
        return locked(() -> {
            Instant now = Timestamps.now(clock);
            return (after == null ? credentials.values() : credentials.tailMap(after, false).values()).stream()
                    .filter(credential -> !credential.isExpiredAt(now))
                    .limit(limit)
                    .toList();
        });
    }

    @Override
    public ImportResult importCredentials(List<Credential> batch) {
        List<Credential> checked = Batches.credentials(batch);
        return locked(() -> {
            Instant now = Timestamps.now(clock);
            int inserted = 0;
            int updated = 0;
            for (Credential credential : checked) {
                if (credential.isExpiredAt(now)) {
                    continue;
                }
                CredentialKey key = new CredentialKey(credential.subject(), credential.provider());
                Credential existing = live(credentials.get(key), now);
                if (existing == null) {
                    inserted++;
                    credentials.put(key, credential);
                } else if (existing.updatedAt().isBefore(credential.updatedAt())) {
                    updated++;
                    credentials.put(key, credential);
                }
            }
            return new ImportResult(inserted, updated, checked.size() - inserted - updated);
        });
    }

    @Override
    public IssuedRefreshToken issueRefreshToken(String subject, Duration ttl) {
        Check.identifier(subject, "subject", CredentialDraft.MAX_SUBJECT_LENGTH);
        Check.ttl(ttl, "ttl");
        return locked(() -> {
            UUID familyId = Ids.timeOrdered(clock);
            families.put(familyId, new Family(subject));
            return issue(subject, familyId, ttl);
        });
    }

    @Override
    public RotationResult rotateRefreshToken(String presented, Duration ttl) {
        String hash = RefreshTokens.hash(presented);
        Check.ttl(ttl, "ttl");
        return locked(() -> {
            StoredRefreshToken stored = refreshTokensByHash.get(hash);
            if (stored == null) {
                return new RotationResult.Rejected(RotationResult.Reason.UNKNOWN);
            }
            Family family = families.get(stored.token.familyId());
            if (stored.used) {
                family.revoked = true;
                return new RotationResult.Rejected(RotationResult.Reason.REUSED);
            }
            if (family.revoked) {
                return new RotationResult.Rejected(RotationResult.Reason.REVOKED);
            }
            if (stored.token.isExpiredAt(Timestamps.now(clock))) {
                return new RotationResult.Rejected(RotationResult.Reason.EXPIRED);
            }
            stored.used = true;
            return new RotationResult.Rotated(issue(stored.token.subject(), stored.token.familyId(), ttl));
        });
    }

    @Override
    public Optional<RefreshToken> findRefreshToken(String presented) {
        String hash = RefreshTokens.hash(presented);
        return locked(() -> {
            StoredRefreshToken stored = refreshTokensByHash.get(hash);
            if (stored == null || stored.used || families.get(stored.token.familyId()).revoked
                    || stored.token.isExpiredAt(Timestamps.now(clock))) {
                return Optional.empty();
            }
            return Optional.of(stored.token);
        });
    }

    @Override
    public boolean revokeRefreshFamily(UUID familyId) {
        Check.required(familyId, "familyId");
        return locked(() -> {
            Family family = families.get(familyId);
            if (family == null || family.revoked || family.isExpiredAt(Timestamps.now(clock))) {
                return false;
            }
            family.revoked = true;
            return true;
        });
    }

    @Override
    public int revokeRefreshTokens(String subject) {
        Check.identifier(subject, "subject", CredentialDraft.MAX_SUBJECT_LENGTH);
        return locked(() -> {
            int revoked = 0;
            Instant now = Timestamps.now(clock);
            for (Family family : families.values()) {
                if (family.subject.equals(subject) && !family.revoked && !family.isExpiredAt(now)) {
                    family.revoked = true;
                    revoked++;
                }
            }
            return revoked;
        });
    }

    @Override
    public void revokeAccessToken(String jti, Instant expiresAt) {
        checkJti(jti);
        Instant until = Check.instant(expiresAt, "expiresAt");
        locked(() -> {
            if (until.isAfter(Timestamps.now(clock))) {
                deniedUntil.merge(jti, until, (a, b) -> a.isAfter(b) ? a : b);
            }
            return null;
        });
    }

    @Override
    public boolean isAccessTokenRevoked(String jti) {
        checkJti(jti);
        return locked(() -> {
            Instant until = deniedUntil.get(jti);
            return until != null && until.isAfter(Timestamps.now(clock));
        });
    }

    @Override
    public long purgeExpired() {
        return locked(() -> {
            Instant now = Timestamps.now(clock);
            long removed = 0;
            removed += removeIf(credentials.values(), credential -> credential.isExpiredAt(now));
            removed += removeIf(refreshTokensByHash.values(), stored -> stored.token.isExpiredAt(now));
            removed += removeIf(deniedUntil.values(), until -> !until.isAfter(now));
            Set<UUID> liveFamilies = new HashSet<>();
            refreshTokensByHash.values().forEach(stored -> liveFamilies.add(stored.token.familyId()));
            families.keySet().retainAll(liveFamilies);
            return removed;
        });
    }

    private static <T> long removeIf(java.util.Collection<T> values, java.util.function.Predicate<T> expired) {
        long before = values.size();
        values.removeIf(expired);
        return before - values.size();
    }

    private IssuedRefreshToken issue(String subject, UUID familyId, Duration ttl) {
        Instant now = Timestamps.now(clock);
        String value = RefreshTokens.newValue();
        RefreshToken token = new RefreshToken(Ids.timeOrdered(clock), subject, familyId, now, now.plus(ttl));
        refreshTokensByHash.put(RefreshTokens.hash(value), new StoredRefreshToken(token));
        families.get(familyId).extendTo(token.expiresAt());
        return new IssuedRefreshToken(value, token);
    }

    private static Credential live(Credential credential, Instant now) {
        return credential == null || credential.isExpiredAt(now) ? null : credential;
    }

    private static void checkJti(String jti) {
        Check.identifier(jti, "jti", 200);
    }

    private <T> T locked(Supplier<T> action) {
        synchronized (credentials) {
            backend.ensureOpen();
            return action.get();
        }
    }

    /** The (subject, provider) key of a credential. */
    private record CredentialKey(String subject, String provider) {
        static CredentialKey checked(String subject, String provider) {
            Check.identifier(subject, "subject", CredentialDraft.MAX_SUBJECT_LENGTH);
            Check.identifier(provider, "provider", CredentialDraft.MAX_PROVIDER_LENGTH);
            return new CredentialKey(subject, provider);
        }
    }

    /** A refresh token's stored facts and whether it was already exchanged. */
    private static final class StoredRefreshToken {
        private final RefreshToken token;
        private boolean used;

        StoredRefreshToken(RefreshToken token) {
            this.token = token;
        }
    }

    /** A rotation chain: whose it is, whether it was revoked, and when its last token expires. */
    private static final class Family {
        private final String subject;
        private boolean revoked;
        private Instant expiresAt = Instant.MIN;

        Family(String subject) {
            this.subject = subject;
        }

        void extendTo(Instant tokenExpiry) {
            if (tokenExpiry.isAfter(expiresAt)) {
                expiresAt = tokenExpiry;
            }
        }

        boolean isExpiredAt(Instant now) {
            return !expiresAt.isAfter(now);
        }
    }
}
