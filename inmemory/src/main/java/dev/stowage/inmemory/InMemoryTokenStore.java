package dev.stowage.inmemory;

import dev.stowage.TenantErasure;
import dev.stowage.ImportResult;
import dev.stowage.exception.ConflictException;
import dev.stowage.spi.AbstractTokenStore;
import dev.stowage.spi.RefreshSuccessor;
import dev.stowage.support.Ids;
import dev.stowage.support.Text;
import dev.stowage.token.Credential;
import dev.stowage.token.CredentialDraft;
import dev.stowage.token.IssuedRefreshToken;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RefreshToken;
import dev.stowage.token.RefreshTokenHasher;
import dev.stowage.token.RefreshTokenState;
import dev.stowage.token.RefreshTokens;
import dev.stowage.token.RevokedAccessToken;
import dev.stowage.token.RotationResult;
import dev.stowage.token.SubjectErasure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One tenant's credentials, refresh tokens and denylist under one lock. Expired items are
 * filtered on every read by the clock and removed by {@link #purgeExpired()}. The call rules
 * (argument checks, hashing, expiry on write) are {@link AbstractTokenStore}'s.
 */
final class InMemoryTokenStore extends AbstractTokenStore {

    private static final Comparator<CredentialKey> KEY_ORDER = Comparator
            .comparing(CredentialKey::subject, Text.CODE_POINT_ORDER)
            .thenComparing(CredentialKey::provider, Text.CODE_POINT_ORDER);
    private static final Comparator<Credential> EXPIRING_ORDER = Comparator
            .comparing(Credential::accessTokenExpiresAt)
            .thenComparing(Credential::subject, Text.CODE_POINT_ORDER)
            .thenComparing(Credential::provider, Text.CODE_POINT_ORDER);

    private final InMemoryBackend backend;
    private final TreeMap<CredentialKey, Credential> credentials = new TreeMap<>(KEY_ORDER);
    private final Map<String, StoredRefreshToken> refreshTokensByHash = new HashMap<>();
    private final TreeMap<UUID, Family> families = new TreeMap<>(Ids.UNSIGNED_ORDER);
    private final Map<String, Instant> deniedUntil = new HashMap<>();

    InMemoryTokenStore(InMemoryBackend backend, Clock clock, RefreshTokenHasher hasher) {
        super(clock, hasher);
        this.backend = backend;
    }

    @Override
    protected Credential storeCredential(CredentialDraft draft) {
        return locked(() -> {
            Instant now = now();
            CredentialKey key = new CredentialKey(draft.subject(), draft.provider());
            Credential existing = live(credentials.get(key), now);
            Credential stored = Credential.of(draft, existing == null ? now : existing.createdAt(), now);
            credentials.put(key, stored);
            return stored;
        });
    }

    @Override
    protected Optional<Credential> findCredential(String subject, String provider) {
        CredentialKey key = new CredentialKey(subject, provider);
        return locked(() -> Optional.ofNullable(live(credentials.get(key), now())));
    }

    @Override
    protected boolean removeCredential(String subject, String provider) {
        CredentialKey key = new CredentialKey(subject, provider);
        return locked(() -> live(credentials.remove(key), now()) != null);
    }

    @Override
    protected List<Credential> listCredentials(String subject) {
        return locked(() -> {
            Instant now = now();
            return credentials.values().stream()
                    .filter(credential -> credential.subject().equals(subject))
                    .filter(credential -> !credential.isExpiredAt(now))
                    .toList();
        });
    }

    @Override
    protected List<Credential> findExpiringBefore(Instant bound, int limit) {
        return locked(() -> {
            Instant now = now();
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
    protected List<Credential> readCredentials(String afterSubject, String afterProvider, int limit) {
        CredentialKey after = afterSubject == null ? null : new CredentialKey(afterSubject, afterProvider);
        return locked(() -> {
            Instant now = now();
            return (after == null ? credentials.values() : credentials.tailMap(after, false).values()).stream()
                    .filter(credential -> !credential.isExpiredAt(now))
                    .limit(limit)
                    .toList();
        });
    }

    @Override
    protected ImportResult writeCredentials(List<Credential> checked) {
        return locked(() -> {
            Instant now = now();
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
    protected IssuedRefreshToken issue(String subject, Duration ttl) {
        return locked(() -> {
            UUID familyId = Ids.timeOrdered(clock());
            Instant now = now();
            families.put(familyId, new Family(subject, now));
            String value = RefreshTokens.newValue();
            return issue(subject, familyId, ttl, now, value, hashOf(value));
        });
    }

    @Override
    protected RotationResult rotate(String hash, RefreshSuccessor successor, Duration ttl) {
        return locked(() -> {
            StoredRefreshToken stored = refreshTokensByHash.get(hash);
            if (stored == null) {
                return new RotationResult.Rejected(RotationResult.Reason.UNKNOWN);
            }
            Family family = families.get(stored.token.familyId());
            if (stored.used) {
                StoredRefreshToken next = refreshTokensByHash.get(successor.hash());
                if (next != null && successor.answersReplay(next.token, stored.token.familyId(), next.used,
                        family.revoked, now())) {
                    return new RotationResult.Rotated(successor.replayed(next.token));
                }
                family.revoked = true;
                return new RotationResult.Rejected(RotationResult.Reason.REUSED);
            }
            if (family.revoked) {
                return new RotationResult.Rejected(RotationResult.Reason.REVOKED);
            }
            if (stored.token.isExpiredAt(now())) {
                return new RotationResult.Rejected(RotationResult.Reason.EXPIRED);
            }
            stored.used = true;
            return new RotationResult.Rotated(issue(stored.token.subject(), stored.token.familyId(), ttl, now(),
                    successor.value(), successor.hash()));
        });
    }

    @Override
    protected Optional<RefreshToken> findUsable(String hash) {
        return locked(() -> {
            StoredRefreshToken stored = refreshTokensByHash.get(hash);
            if (stored == null || stored.used || families.get(stored.token.familyId()).revoked
                    || stored.token.isExpiredAt(now())) {
                return Optional.empty();
            }
            return Optional.of(stored.token);
        });
    }

    @Override
    protected boolean revokeFamily(UUID familyId) {
        return locked(() -> {
            Family family = families.get(familyId);
            if (family == null || family.revoked || family.isExpiredAt(now())) {
                return false;
            }
            family.revoked = true;
            return true;
        });
    }

    @Override
    protected int revokeFamiliesOf(String subject) {
        return locked(() -> {
            int revoked = 0;
            Instant now = now();
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
    protected void deny(String jti, Instant until) {
        locked(() -> {
            deniedUntil.merge(jti, until, (a, b) -> a.isAfter(b) ? a : b);
            return null;
        });
    }

    @Override
    protected boolean isDenied(String jti) {
        return locked(() -> {
            Instant until = deniedUntil.get(jti);
            return until != null && until.isAfter(now());
        });
    }

    @Override
    protected long purge() {
        return locked(() -> {
            Instant now = now();
            long removed = 0;
            removed += removeIf(credentials.values(), credential -> credential.isExpiredAt(now));
            removed += removeIf(refreshTokensByHash.values(), stored -> stored.token.isExpiredAt(now));
            families.values().forEach(family -> family.hashes.retainAll(refreshTokensByHash.keySet()));
            removed += removeIf(deniedUntil.values(), until -> !until.isAfter(now));
            Set<UUID> liveFamilies = new HashSet<>();
            refreshTokensByHash.values().forEach(stored -> liveFamilies.add(stored.token.familyId()));
            families.keySet().retainAll(liveFamilies);
            return removed;
        });
    }

    // ---------------------------------------------------------------- migration

    @Override
    protected List<RefreshFamily> readFamilies(UUID afterFamilyId, int limit) {
        return locked(() -> {
            Instant now = now();
            List<RefreshFamily> page = new ArrayList<>();
            Map<UUID, Family> tail = afterFamilyId == null ? families : families.tailMap(afterFamilyId, false);
            for (Map.Entry<UUID, Family> entry : tail.entrySet()) {
                if (page.size() == limit) {
                    break;
                }
                Family family = entry.getValue();
                List<RefreshTokenState> live = new ArrayList<>();
                for (String hash : family.hashes) {
                    StoredRefreshToken stored = refreshTokensByHash.get(hash);
                    if (!stored.token.isExpiredAt(now)) {
                        live.add(new RefreshTokenState(hash, stored.token.id(), stored.token.issuedAt(),
                                stored.token.expiresAt(), stored.used));
                    }
                }
                if (!live.isEmpty()) {
                    page.add(new RefreshFamily(entry.getKey(), family.subject, family.createdAt, family.revoked, live));
                }
            }
            return page;
        });
    }

    @Override
    protected ImportResult mergeFamilies(List<RefreshFamily> live) {
        return locked(() -> {
            Instant now = now();
            for (RefreshFamily family : live) {
                checkImportable(family);
            }
            int inserted = 0;
            int updated = 0;
            for (RefreshFamily imported : live) {
                Family family = families.get(imported.familyId());
                boolean wasLive = family != null && !family.isExpiredAt(now);
                if (family == null) {
                    family = new Family(imported.subject(), imported.createdAt());
                    families.put(imported.familyId(), family);
                }
                boolean changed = imported.revoked() && !family.revoked;
                family.revoked |= imported.revoked();
                for (RefreshTokenState token : imported.tokens()) {
                    StoredRefreshToken stored = refreshTokensByHash.get(token.tokenHash());
                    if (stored == null) {
                        stored = new StoredRefreshToken(token.toRefreshToken(imported));
                        refreshTokensByHash.put(token.tokenHash(), stored);
                        family.add(token.tokenHash(), token.expiresAt());
                        changed = true;
                    }
                    if (token.used() && !stored.used) {
                        stored.used = true;
                        changed = true;
                    }
                }
                if (!wasLive) {
                    inserted++;
                } else if (changed) {
                    updated++;
                }
            }
            return new ImportResult(inserted, updated, live.size() - inserted - updated);
        });
    }

    /** The conflicts that make an import of families write nothing. */
    private void checkImportable(RefreshFamily imported) {
        Family family = families.get(imported.familyId());
        if (family != null && !family.subject.equals(imported.subject())) {
            throw new ConflictException(ConflictException.Reason.DUPLICATE_KEY, "refresh-token family "
                    + imported.familyId() + " is held for another subject; nothing was imported");
        }
        for (RefreshTokenState token : imported.tokens()) {
            StoredRefreshToken stored = refreshTokensByHash.get(token.tokenHash());
            if (stored != null && !stored.token.equals(token.toRefreshToken(imported))) {
                throw new ConflictException(ConflictException.Reason.DUPLICATE_KEY, "a refresh token of family "
                        + imported.familyId() + " is held with another id, family or lifetime; nothing was imported");
            }
        }
    }

    @Override
    protected List<RevokedAccessToken> readDenials(RevokedAccessToken after, int limit) {
        return locked(() -> {
            Instant now = now();
            return deniedUntil.entrySet().stream()
                    .filter(entry -> entry.getValue().isAfter(now))
                    .map(entry -> new RevokedAccessToken(entry.getKey(), entry.getValue()))
                    .filter(entry -> after == null || RevokedAccessToken.SCAN_ORDER.compare(entry, after) > 0)
                    .sorted(RevokedAccessToken.SCAN_ORDER)
                    .limit(limit)
                    .toList();
        });
    }

    @Override
    protected ImportResult writeDenials(List<RevokedAccessToken> entries) {
        return locked(() -> {
            Instant now = now();
            int inserted = 0;
            int updated = 0;
            for (RevokedAccessToken entry : entries) {
                Instant until = deniedUntil.get(entry.jti());
                if (until == null || !until.isAfter(now)) {
                    inserted++;
                    deniedUntil.put(entry.jti(), entry.expiresAt());
                } else if (until.isBefore(entry.expiresAt())) {
                    updated++;
                    deniedUntil.put(entry.jti(), entry.expiresAt());
                }
            }
            return new ImportResult(inserted, updated, entries.size() - inserted - updated);
        });
    }

    private static <T> long removeIf(java.util.Collection<T> values, java.util.function.Predicate<T> expired) {
        long before = values.size();
        values.removeIf(expired);
        return before - values.size();
    }

    private IssuedRefreshToken issue(String subject, UUID familyId, Duration ttl, Instant now, String value, String hash) {
        RefreshToken token = new RefreshToken(Ids.timeOrdered(clock()), subject, familyId, now, now.plus(ttl));
        refreshTokensByHash.put(hash, new StoredRefreshToken(token));
        families.get(familyId).add(hash, token.expiresAt());
        return new IssuedRefreshToken(value, token);
    }

    // Erasure

    @Override
    protected SubjectErasure removeSubject(String subject) {
        return locked(() -> {
            long removedCredentials = removeIf(credentials.keySet(), key -> key.subject().equals(subject));
            long removedTokens = removeIf(refreshTokensByHash.values(), stored -> stored.token.subject().equals(subject));
            long removedFamilies = removeIf(families.values(), family -> family.subject.equals(subject));
            return new SubjectErasure(removedCredentials, removedFamilies, removedTokens);
        });
    }

    /** Empties the store (a tenant erasure): what every kind held, and nothing is left. */
    TenantErasure clear() {
        return locked(() -> {
            TenantErasure erased = new TenantErasure(0, 0, 0, credentials.size(), families.size(),
                    refreshTokensByHash.size(), deniedUntil.size());
            credentials.clear();
            refreshTokensByHash.clear();
            families.clear();
            deniedUntil.clear();
            return erased;
        });
    }

    private static Credential live(Credential credential, Instant now) {
        return credential == null || credential.isExpiredAt(now) ? null : credential;
    }

    private <T> T locked(Supplier<T> action) {
        synchronized (credentials) {
            backend.ensureOpen();
            return action.get();
        }
    }

    /** The (subject, provider) key of a credential. */
    private record CredentialKey(String subject, String provider) {
    }

    /** A refresh token's stored facts and whether it was already exchanged. */
    private static final class StoredRefreshToken {
        private final RefreshToken token;
        private boolean used;

        StoredRefreshToken(RefreshToken token) {
            this.token = token;
        }
    }

    /**
     * A rotation chain: whose it is, when it started, whether it was revoked, the hashes of its
     * tokens not yet purged, and when its last token expires.
     */
    private static final class Family {
        private final String subject;
        private final Instant createdAt;
        private final Set<String> hashes = new LinkedHashSet<>();
        private boolean revoked;
        private Instant expiresAt = Instant.MIN;

        Family(String subject, Instant createdAt) {
            this.subject = subject;
            this.createdAt = createdAt;
        }

        void add(String hash, Instant tokenExpiry) {
            hashes.add(hash);
            if (tokenExpiry.isAfter(expiresAt)) {
                expiresAt = tokenExpiry;
            }
        }

        boolean isExpiredAt(Instant now) {
            return !expiresAt.isAfter(now);
        }
    }
}
