package dev.stowage.redis;

import dev.stowage.ImportResult;
import dev.stowage.exception.ConflictException;
import dev.stowage.support.Timestamps;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RefreshTokenState;
import dev.stowage.token.RevokedAccessToken;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The migration side of {@link RedisTokenStore}: scans and imports of refresh-token families and
 * of the access-token denylist. Families are found through {@link Keys#refreshFamilies} (their ids
 * in lexicographic order, which is {@link dev.stowage.support.Ids#UNSIGNED_ORDER}) and each family
 * hash lists its tokens in {@code t:<hash>} fields; the denylist is read straight from its
 * {@code <time> <jti>} order. Imports are one script each, all or nothing.
 */
final class RedisTokenMigration {

    private static final Script FAMILY_SCAN = Script.read("refresh_scan");
    private static final Script FAMILY_IMPORT = Script.write("refresh_import");
    private static final Script DENIAL_IMPORT = Script.write("jti_import");

    /** Family ids one scan script looks at. */
    private static final int WALK_BATCH = 200;

    private final TenantContext context;
    private final Keys keys;

    RedisTokenMigration(TenantContext context) {
        this.context = context;
        this.keys = context.keys();
    }

    // ---------------------------------------------------------------- refresh-token families

    /** @see dev.stowage.spi.AbstractTokenStore#readFamilies */
    List<RefreshFamily> readFamilies(UUID afterFamilyId, int limit) {
        Instant now = now();
        List<RefreshFamily> found = new ArrayList<>();
        String from = afterFamilyId == null ? "-" : "(" + afterFamilyId;
        while (found.size() < limit) {
            List<Object> reply = context.read(FAMILY_SCAN, List.of(keys.refreshFamilies()),
                    List.of(from, Integer.toString(WALK_BATCH), Keys.time(now), keys.base()));
            int scanned = Integer.parseInt(TenantContext.text(reply, 0));
            int at = 2;
            while (at < reply.size() && found.size() < limit) {
                UUID familyId = UUID.fromString(TenantContext.text(reply, at));
                String subject = TenantContext.text(reply, at + 1);
                String created = TenantContext.text(reply, at + 2);
                boolean revoked = !"0".equals(TenantContext.text(reply, at + 3));
                int count = Integer.parseInt(TenantContext.text(reply, at + 4));
                at += 5;
                List<RefreshTokenState> tokens = new ArrayList<>(count);
                for (int i = 0; i < count; i++, at += 5) {
                    tokens.add(new RefreshTokenState(TenantContext.text(reply, at),
                            UUID.fromString(TenantContext.text(reply, at + 1)), Keys.instant(TenantContext.text(reply, at + 2)),
                            Keys.instant(TenantContext.text(reply, at + 3)), "1".equals(TenantContext.text(reply, at + 4))));
                }
                // Families written before 'created' was recorded started with their first token.
                Instant createdAt = created.isEmpty()
                        ? tokens.stream().map(RefreshTokenState::issuedAt).min(Instant::compareTo).orElseThrow()
                        : Keys.instant(created);
                found.add(new RefreshFamily(familyId, subject, createdAt, revoked, tokens));
            }
            if (scanned < WALK_BATCH) {
                break;
            }
            from = "(" + TenantContext.text(reply, 1);
        }
        return found;
    }

    /** @see dev.stowage.spi.AbstractTokenStore#mergeFamilies */
    ImportResult mergeFamilies(List<RefreshFamily> live) {
        Instant now = now();
        List<String> args = importArguments(now, live.size());
        for (RefreshFamily family : live) {
            args.add(family.familyId().toString());
            args.add(family.subject());
            args.add(keys.owner(family.subject()));
            args.add(Keys.time(family.createdAt()));
            args.add(family.revoked() ? "1" : "0");
            args.add(Integer.toString(family.tokens().size()));
            for (RefreshTokenState token : family.tokens()) {
                args.add(token.tokenHash());
                args.add(token.id().toString());
                args.add(Keys.time(token.issuedAt()));
                args.add(Keys.time(token.expiresAt()));
                args.add(token.used() ? "1" : "0");
                args.add(RedisTokenStore.millisUntil(token.expiresAt(), now));
            }
        }
        List<Object> reply = context.write(FAMILY_IMPORT, List.of(keys.refreshFamilies(), keys.refreshTokensByExpiry()),
                args);
        if ("CONFLICT".equals(TenantContext.text(reply, 0))) {
            throw new ConflictException(ConflictException.Reason.DUPLICATE_KEY, "refresh-token family "
                    + TenantContext.text(reply, 1) + " is held for another subject, or one of its tokens is held with"
                    + " another id, family or lifetime; nothing was imported");
        }
        int inserted = Integer.parseInt(TenantContext.text(reply, 1));
        int updated = Integer.parseInt(TenantContext.text(reply, 2));
        return new ImportResult(inserted, updated, live.size() - inserted - updated);
    }

    // ---------------------------------------------------------------- access-token denylist

    /** @see dev.stowage.spi.AbstractTokenStore#readDenials */
    List<RevokedAccessToken> readDenials(RevokedAccessToken after, int limit) {
        Instant now = now();
        // Members are '<time> <jti>': every member of a time at or before now sorts below
        // '<now>!', since a jti holds no character below '!'.
        String from = after == null || !after.expiresAt().isAfter(now) ? "(" + Keys.time(now) + "!"
                : "(" + Keys.time(after.expiresAt()) + " " + after.jti();
        List<RevokedAccessToken> found = new ArrayList<>();
        for (String member : context.driver().zrangeByLex(keys.deniedAccessTokensByExpiry(), from, "+", limit)) {
            found.add(new RevokedAccessToken(member.substring(Keys.TIME_WIDTH + 1),
                    Keys.instant(member.substring(0, Keys.TIME_WIDTH))));
        }
        return found;
    }

    /** @see dev.stowage.spi.AbstractTokenStore#writeDenials */
    ImportResult writeDenials(List<RevokedAccessToken> live) {
        Instant now = now();
        List<String> args = importArguments(now, live.size());
        for (RevokedAccessToken entry : live) {
            args.add(entry.jti());
            args.add(Keys.time(entry.expiresAt()));
            args.add(RedisTokenStore.millisUntil(entry.expiresAt(), now));
        }
        List<Object> reply = context.write(DENIAL_IMPORT, List.of(keys.deniedAccessTokensByExpiry()), args);
        int inserted = Integer.parseInt(TenantContext.text(reply, 0));
        int updated = Integer.parseInt(TenantContext.text(reply, 1));
        return new ImportResult(inserted, updated, live.size() - inserted - updated);
    }

    /** @return the arguments every import script starts with: now, the key base, the count */
    private List<String> importArguments(Instant now, int count) {
        return new ArrayList<>(List.of(Keys.time(now), keys.base(), Integer.toString(count)));
    }

    private Instant now() {
        return Timestamps.now(context.clock());
    }
}
