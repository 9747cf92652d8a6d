package dev.stowage.migration.verify;

import dev.stowage.migration.RecordKind;
import dev.stowage.support.Ids;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RefreshTokenState;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Refresh-token families, keyed by family id in unsigned order. A family counts as present only
 * if its latest expiry does by the {@link ExpiryRule}; of its tokens, only those that count as
 * present are compared, by token id: the hash (compared, never shown: it identifies a live
 * session), issuedAt, expiresAt and whether it was used. The family's subject, createdAt and
 * revocation are compared too; a family revoked on one side only is a mismatch.
 */
final class RefreshFamilyComparer implements RecordComparer<RefreshFamily> {

    private static final Comparator<RefreshFamily> ORDER = Comparator.comparing(RefreshFamily::familyId,
            Ids.UNSIGNED_ORDER);

    private final ExpiryRule expiry;

    RefreshFamilyComparer(ExpiryRule expiry) {
        this.expiry = expiry;
    }

    @Override
    public RecordKind records() {
        return RecordKind.REFRESH_FAMILIES;
    }

    @Override
    public List<RefreshFamily> scan(Side side, RefreshFamily after, int limit) {
        return side.tokens().scanRefreshFamilies(after == null ? null : after.familyId(),
                Math.min(limit, dev.stowage.support.Check.MAX_PAGE_LIMIT));
    }

    @Override
    public Comparator<RefreshFamily> order() {
        return ORDER;
    }

    @Override
    public Map<String, String> key(RefreshFamily family) {
        return Map.of("familyId", family.familyId().toString());
    }

    @Override
    public boolean present(RefreshFamily family) {
        return expiry.counts(family.expiresAt());
    }

    @Override
    public void compare(RefreshFamily s, RefreshFamily t, Side sourceSide, Side targetSide, Differences d) {
        d.shown("subject", s.subject(), t.subject());
        d.shown("createdAt", s.createdAt(), t.createdAt());
        d.shown("revoked", s.revoked(), t.revoked());
        Map<UUID, RefreshTokenState> sourceTokens = live(s);
        Map<UUID, RefreshTokenState> targetTokens = live(t);
        for (RefreshTokenState token : sourceTokens.values()) {
            String field = "tokens[id=" + token.id() + "]";
            RefreshTokenState other = targetTokens.get(token.id());
            if (other == null) {
                d.presence(field, true);
                continue;
            }
            d.secret(field + ".tokenHash", token.tokenHash(), other.tokenHash());
            d.shown(field + ".issuedAt", token.issuedAt(), other.issuedAt());
            d.shown(field + ".expiresAt", token.expiresAt(), other.expiresAt());
            d.shown(field + ".used", token.used(), other.used());
        }
        for (RefreshTokenState token : targetTokens.values()) {
            if (!sourceTokens.containsKey(token.id())) {
                d.presence("tokens[id=" + token.id() + "]", false);
            }
        }
    }

    /** The tokens that count as present, by id, in the family's canonical order. */
    private Map<UUID, RefreshTokenState> live(RefreshFamily family) {
        Map<UUID, RefreshTokenState> tokens = new LinkedHashMap<>();
        for (RefreshTokenState token : family.tokens()) {
            if (expiry.counts(token.expiresAt())) {
                tokens.put(token.id(), token);
            }
        }
        return tokens;
    }
}
