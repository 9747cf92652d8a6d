package dev.stowage.redis;

import dev.stowage.ImportResult;
import dev.stowage.exception.StoreException;
import dev.stowage.spi.AbstractTokenStore;
import dev.stowage.spi.RefreshSuccessor;
import dev.stowage.support.Ids;
import dev.stowage.support.Timestamps;
import dev.stowage.token.Credential;
import dev.stowage.token.CredentialDraft;
import dev.stowage.token.IssuedRefreshToken;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RefreshToken;
import dev.stowage.token.RefreshTokenHasher;
import dev.stowage.token.RefreshTokens;
import dev.stowage.token.RevokedAccessToken;
import dev.stowage.token.RotationResult;
import dev.stowage.token.SubjectErasure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One tenant's credentials, refresh tokens and access-token denylist in Redis. Every item that
 * expires carries its expiry instant (decided by the store's clock, which every read checks) and
 * a native TTL set in the same script that writes it, computed as {@code expiresAt - clock.now()}
 * plus a grace of a minute, so Redis drops it on its own but never before the clock says so. Index keys get a lifetime at least as long as their longest-lived
 * entry; an index entry whose item Redis dropped first is skipped and removed by the next read or
 * {@link #purgeExpired()} that meets it. The call rules (argument checks, hashing, expiry on
 * write) are {@link AbstractTokenStore}'s.
 */
final class RedisTokenStore extends AbstractTokenStore {

    private static final Script CREDENTIAL_WRITE = Script.write("credential_write");
    private static final Script CREDENTIAL_WALK = Script.read("credential_walk");
    private static final Script REFRESH_ISSUE = Script.write("refresh_issue");
    private static final Script REFRESH_ROTATE = Script.write("refresh_rotate");
    private static final Script REFRESH_FIND = Script.read("refresh_find");
    private static final Script REFRESH_REVOKE = Script.write("refresh_revoke");
    private static final Script JTI_REVOKE = Script.write("jti_revoke");
    private static final Script PURGE = Script.write("token_purge");

    private static final int WALK_BATCH = 500;
    private static final int PURGE_BATCH = 500;
    /** How much longer than the clock says Redis keeps an expiring item (see {@link #millisUntil}). */
    static final Duration NATIVE_TTL_GRACE = Duration.ofMinutes(1);

    private final TenantContext context;
    private final Keys keys;
    private final RedisTokenMigration migration;

    RedisTokenStore(TenantContext context, RefreshTokenHasher hasher) {
        super(context.clock(), hasher);
        this.context = context;
        this.keys = context.keys();
        this.migration = new RedisTokenMigration(context);
    }

    // Credentials

    @Override
    protected Credential storeCredential(CredentialDraft draft) {
        for (int attempt = 0; attempt < TenantContext.MAX_ATTEMPTS; attempt++) {
            Instant now = now();
            String raw = context.driver().hget(keys.credential(draft.subject(), draft.provider()), "json");
            Credential existing = raw == null ? null : live(Codec.credential(raw), now);
            Credential stored = Credential.of(draft, existing == null ? now : existing.createdAt(), now);
            if (writeCredentials(List.of(new CredentialChange(raw, stored, null)), now)) {
                return stored;
            }
        }
        throw TenantContext.contended("credential (" + draft.subject() + ", " + draft.provider() + ")");
    }

    @Override
    protected Optional<Credential> findCredential(String subject, String provider) {
        String raw = context.driver().hget(keys.credential(subject, provider), "json");
        return Optional.ofNullable(raw == null ? null : live(Codec.credential(raw), now()));
    }

    @Override
    protected boolean removeCredential(String subject, String provider) {
        for (int attempt = 0; attempt < TenantContext.MAX_ATTEMPTS; attempt++) {
            String raw = context.driver().hget(keys.credential(subject, provider), "json");
            if (raw == null) {
                return false;
            }
            Credential existing = Codec.credential(raw);
            Instant now = now();
            if (writeCredentials(List.of(new CredentialChange(raw, null, existing)), now)) {
                return live(existing, now) != null;
            }
        }
        throw TenantContext.contended("credential (" + subject + ", " + provider + ")");
    }

    @Override
    protected List<Credential> listCredentials(String subject) {
        // Names are '<subject> <provider> <hashed name>' and no subject or provider holds a
        // character below '!', so one subject's names lie in ['<subject> ', '<subject>!').
        return walkCredentials(keys.credentialIds(), "names", "[" + subject + " ", "(" + subject + "!",
                Integer.MAX_VALUE, now());
    }

    @Override
    protected List<Credential> findExpiringBefore(Instant bound, int limit) {
        return walkCredentials(keys.credentialsByAccessExpiry(), "access", "-", "(" + Keys.time(bound),
                limit, now());
    }

    @Override
    protected List<Credential> readCredentials(String afterSubject, String afterProvider, int limit) {
        String min = afterSubject == null ? "-" : "(" + keys.credentialName(afterSubject, afterProvider);
        return walkCredentials(keys.credentialIds(), "names", min, "+", limit, now());
    }

    @Override
    protected ImportResult writeCredentials(List<Credential> checked) {
        for (int attempt = 0; attempt < TenantContext.MAX_ATTEMPTS; attempt++) {
            Instant now = now();
            List<Credential> candidates = checked.stream().filter(credential -> !credential.isExpiredAt(now)).toList();
            if (candidates.isEmpty()) {
                return new ImportResult(0, 0, checked.size());
            }
            List<String> raws = new ArrayList<>(candidates.size());
            for (Credential credential : candidates) {
                raws.add(context.driver().hget(keys.credential(credential.subject(), credential.provider()), "json"));
            }
            List<CredentialChange> changes = new ArrayList<>();
            int inserted = 0;
            int updated = 0;
            for (int i = 0; i < candidates.size(); i++) {
                Credential credential = candidates.get(i);
                String raw = raws.get(i);
                Credential existing = raw == null ? null : live(Codec.credential(raw), now);
                if (existing == null) {
                    inserted++;
                    changes.add(new CredentialChange(raw, credential, null));
                } else if (existing.updatedAt().isBefore(credential.updatedAt())) {
                    updated++;
                    changes.add(new CredentialChange(raw, credential, existing));
                }
            }
            if (changes.isEmpty() || writeCredentials(changes, now)) {
                return new ImportResult(inserted, updated, checked.size() - inserted - updated);
            }
        }
        throw TenantContext.contended("the imported credentials");
    }

    // Refresh tokens

    @Override
    protected IssuedRefreshToken issue(String subject, Duration ttl) {
        Instant now = now();
        UUID familyId = Ids.timeOrdered(context.clock());
        String value = RefreshTokens.newValue();
        String hash = hashOf(value);
        RefreshToken token = new RefreshToken(Ids.timeOrdered(context.clock()), subject, familyId, now, now.plus(ttl));
        context.write(REFRESH_ISSUE,
                List.of(keys.refreshToken(hash), keys.refreshFamily(familyId), keys.refreshFamiliesOf(subject),
                        keys.refreshTokensByExpiry(), keys.refreshFamilies()),
                List.of(token.id().toString(), subject, familyId.toString(), Keys.time(now),
                        Keys.time(token.expiresAt()), millisUntil(token.expiresAt(), now), hash, keys.owner(subject)));
        return new IssuedRefreshToken(value, token);
    }

    @Override
    protected RotationResult rotate(String hash, RefreshSuccessor successor, Duration ttl) {
        Instant now = now();
        Instant expiresAt = now.plus(ttl);
        UUID id = Ids.timeOrdered(context.clock());
        List<Object> reply = context.write(REFRESH_ROTATE,
                List.of(keys.refreshToken(hash), keys.refreshTokensByExpiry()),
                List.of(Keys.time(now), id.toString(), Keys.time(expiresAt), millisUntil(expiresAt, now),
                        successor.hash(), keys.base(), successor.graceful() ? Keys.time(successor.graceStart()) : ""));
        String outcome = TenantContext.text(reply, 0);
        if (outcome.equals("ROTATED")) {
            RefreshToken next = new RefreshToken(id, TenantContext.text(reply, 1),
                    UUID.fromString(TenantContext.text(reply, 2)), now, expiresAt);
            return new RotationResult.Rotated(new IssuedRefreshToken(successor.value(), next));
        }
        if (outcome.equals("REPLAYED")) {
            // The script has applied RefreshSuccessor.answersReplay to the stored successor.
            RefreshToken stored = new RefreshToken(UUID.fromString(TenantContext.text(reply, 3)),
                    TenantContext.text(reply, 1), UUID.fromString(TenantContext.text(reply, 2)),
                    Keys.instant(TenantContext.text(reply, 4)), Keys.instant(TenantContext.text(reply, 5)));
            return new RotationResult.Rotated(successor.replayed(stored));
        }
        try {
            return new RotationResult.Rejected(RotationResult.Reason.valueOf(outcome));
        } catch (IllegalArgumentException e) {
            throw new StoreException("unexpected reply '" + outcome + "' from the rotation script; this is a bug in stowage-redis, please report it with the Redis version", e);
        }
    }

    @Override
    protected Optional<RefreshToken> findUsable(String hash) {
        List<Object> reply = context.read(REFRESH_FIND, List.of(keys.refreshToken(hash)), List.of(keys.base()));
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        RefreshToken token = new RefreshToken(UUID.fromString(TenantContext.text(reply, 0)),
                TenantContext.text(reply, 1), UUID.fromString(TenantContext.text(reply, 2)),
                Keys.instant(TenantContext.text(reply, 3)), Keys.instant(TenantContext.text(reply, 4)));
        boolean used = "1".equals(TenantContext.text(reply, 5));
        boolean usable = "0".equals(TenantContext.text(reply, 6));
        if (used || !usable || token.isExpiredAt(now())) {
            return Optional.empty();
        }
        return Optional.of(token);
    }

    @Override
    protected boolean revokeFamily(UUID familyId) {
        List<Object> reply = context.write(REFRESH_REVOKE, List.of(keys.refreshFamily(familyId)),
                List.of("family", "", Keys.time(now())));
        return Integer.parseInt(TenantContext.text(reply, 0)) == 1;
    }

    @Override
    protected int revokeFamiliesOf(String subject) {
        List<Object> reply = context.write(REFRESH_REVOKE, List.of(keys.refreshFamiliesOf(subject)),
                List.of("subject", keys.base(), Keys.time(now())));
        return Integer.parseInt(TenantContext.text(reply, 0));
    }

    // Access-token denylist

    @Override
    protected void deny(String jti, Instant until) {
        Instant now = now();
        context.write(JTI_REVOKE, List.of(keys.deniedAccessToken(jti), keys.deniedAccessTokensByExpiry()),
                List.of(jti, Keys.time(until), millisUntil(until, now)));
    }

    @Override
    protected boolean isDenied(String jti) {
        String until = context.driver().get(keys.deniedAccessToken(jti));
        return until != null && Keys.instant(until).isAfter(now());
    }

    @Override
    protected long purge() {
        long removed = 0;
        while (true) {
            List<Object> reply = context.write(PURGE,
                    List.of(keys.credentialIds(), keys.credentialsByAccessExpiry(), keys.credentialsByExpiry(),
                            keys.refreshTokensByExpiry(), keys.deniedAccessTokensByExpiry()),
                    List.of(Keys.time(now()), Integer.toString(PURGE_BATCH), keys.base()));
            removed += Long.parseLong(TenantContext.text(reply, 0));
            if (!"1".equals(TenantContext.text(reply, 1))) {
                return removed;
            }
        }
    }

    // Migration (RedisTokenMigration)

    @Override
    protected List<RefreshFamily> readFamilies(UUID afterFamilyId, int limit) {
        return migration.readFamilies(afterFamilyId, limit);
    }

    @Override
    protected ImportResult mergeFamilies(List<RefreshFamily> families) {
        return migration.mergeFamilies(families);
    }

    @Override
    protected List<RevokedAccessToken> readDenials(RevokedAccessToken after, int limit) {
        return migration.readDenials(after, limit);
    }

    @Override
    protected ImportResult writeDenials(List<RevokedAccessToken> entries) {
        return migration.writeDenials(entries);
    }

    // Erasure (RedisErasure)

    @Override
    protected SubjectErasure removeSubject(String subject) {
        SubjectErasure erased = RedisErasure.subject(context, subject);
        purge();
        return erased;
    }

    // Helpers

    /**
     * Walks a credential order in batches, keeping unexpired credentials until {@code limit}.
     */
    private List<Credential> walkCredentials(String index, String mode, String min, String max, int limit,
                                             Instant now) {
        List<Credential> found = new ArrayList<>();
        String from = min;
        while (found.size() < limit) {
            List<Object> reply = context.read(CREDENTIAL_WALK, List.of(index),
                    List.of(from, max, Integer.toString(WALK_BATCH), keys.credentialPrefix(), mode));
            int scanned = Integer.parseInt(TenantContext.text(reply, 0));
            for (int i = 2; i < reply.size() && found.size() < limit; i++) {
                Credential credential = Codec.credential(TenantContext.text(reply, i));
                if (!credential.isExpiredAt(now)) {
                    found.add(credential);
                }
            }
            if (scanned < WALK_BATCH) {
                break;
            }
            from = "(" + TenantContext.text(reply, 1);
        }
        return found;
    }

    /**
     * Writes credential changes in one compare-and-set script.
     *
     * @return whether it applied; {@code false} if a credential changed since it was read
     */
    private boolean writeCredentials(List<CredentialChange> changes, Instant now) {
        List<String> scriptKeys = new ArrayList<>();
        scriptKeys.add(keys.credentialIds());
        scriptKeys.add(keys.credentialsByAccessExpiry());
        scriptKeys.add(keys.credentialsByExpiry());
        List<String> args = new ArrayList<>();
        args.add(Integer.toString(changes.size()));
        for (CredentialChange change : changes) {
            Credential next = change.next();
            Credential named = next != null ? next : change.previous();
            scriptKeys.add(keys.credential(named.subject(), named.provider()));
            args.add(change.expectedRaw() == null ? "" : change.expectedRaw());
            args.add(next == null ? "" : Codec.credential(next));
            args.add(keys.credentialName(named.subject(), named.provider()));
            args.add(next == null || next.accessTokenExpiresAt() == null ? "" : Keys.time(next.accessTokenExpiresAt()));
            args.add(next == null || next.expiresAt() == null ? "" : Keys.time(next.expiresAt()));
            args.add(next == null || next.expiresAt() == null ? "" : millisUntil(next.expiresAt(), now));
        }
        List<Object> reply = context.write(CREDENTIAL_WRITE, scriptKeys, args);
        return "OK".equals(TenantContext.text(reply, 0));
    }

    /**
     * The native TTL of an item expiring at {@code expiresAt}: {@code expiresAt - clock.now()} by
     * the store's clock, never Redis's, plus {@link #NATIVE_TTL_GRACE}. Reads decide expiry
     * exactly by the clock; the TTL only reclaims memory, and the grace makes sure Redis never
     * drops an item the clock still calls live (network delay, clock skew between the
     * application and the server, an item written a microsecond before its expiry).
     */
    static String millisUntil(Instant expiresAt, Instant now) {
        long micros = Timestamps.toEpochMicros(expiresAt) - Timestamps.toEpochMicros(now);
        return Long.toString(Math.floorDiv(micros + 999, 1_000) + NATIVE_TTL_GRACE.toMillis());
    }

    private static Credential live(Credential credential, Instant now) {
        return credential.isExpiredAt(now) ? null : credential;
    }

    /** One credential's change: from the JSON read (null: absent) to the next value (null: delete). */
    private record CredentialChange(String expectedRaw, Credential next, Credential previous) {
    }

    @Override
    public String toString() {
        return "RedisTokenStore[" + keys.base() + "]";
    }
}
