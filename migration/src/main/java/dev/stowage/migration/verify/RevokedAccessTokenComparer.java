package dev.stowage.migration.verify;

import dev.stowage.migration.RecordKind;
import dev.stowage.token.RevokedAccessToken;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The access-token denylist, keyed by (expiresAt, jti) in {@link RevokedAccessToken#SCAN_ORDER};
 * an entry counts as present only by the {@link ExpiryRule}. The expiry is part of the key, so a
 * jti denied until another instant on the other side shows as missing on each side. A jti is an
 * id, not a secret: it is shown.
 */
final class RevokedAccessTokenComparer implements RecordComparer<RevokedAccessToken> {

    private final ExpiryRule expiry;

    RevokedAccessTokenComparer(ExpiryRule expiry) {
        this.expiry = expiry;
    }

    @Override
    public RecordKind records() {
        return RecordKind.REVOKED_ACCESS_TOKENS;
    }

    @Override
    public List<RevokedAccessToken> scan(Side side, RevokedAccessToken after, int limit) {
        return side.tokens().scanRevokedAccessTokens(after, limit);
    }

    @Override
    public Comparator<RevokedAccessToken> order() {
        return RevokedAccessToken.SCAN_ORDER;
    }

    @Override
    public Map<String, String> key(RevokedAccessToken entry) {
        Map<String, String> key = new LinkedHashMap<>();
        key.put("jti", entry.jti());
        key.put("expiresAt", entry.expiresAt().toString());
        return key;
    }

    @Override
    public boolean present(RevokedAccessToken entry) {
        return expiry.counts(entry.expiresAt());
    }

    @Override
    public void compare(RevokedAccessToken source, RevokedAccessToken target, Side sourceSide, Side targetSide,
                        Differences differences) {
        // The key is the whole entry: equal keys are equal entries.
    }
}
