package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.IssuedRefreshToken;
import dev.stowage.token.RotationResult;
import dev.stowage.token.TokenStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refresh-token families and denylist entries written through the token store's own API (as an
 * application does), with the token values the tests present afterwards: a third of the families
 * rotated once (their first token used), a third revoked, a third untouched; and revoked jtis.
 *
 * @param usedTokens      values of tokens already rotated: presenting one again is REUSED
 * @param liveTokens      values of tokens that are accepted
 * @param revokedFamilies families revoked
 * @param revokedTokens   values of the tokens of the revoked families
 * @param revokedJtis     denied access-token ids
 */
record Sessions(List<String> usedTokens, List<String> liveTokens, List<UUID> revokedFamilies,
                List<String> revokedTokens, List<String> revokedJtis) {

    static final Duration TTL = Duration.ofDays(7);

    /**
     * @param backend  the backend
     * @param tenant   the tenant
     * @param families how many families
     * @param jtis     how many denied jtis
     * @return the values written
     */
    static Sessions populate(StoreBackend backend, TenantId tenant, int families, int jtis) {
        TokenStore store = backend.tokens(tenant);
        List<String> used = new ArrayList<>();
        List<String> live = new ArrayList<>();
        List<UUID> revoked = new ArrayList<>();
        List<String> revokedTokens = new ArrayList<>();
        for (int i = 0; i < families; i++) {
            IssuedRefreshToken issued = store.issueRefreshToken("user-" + (i % 50), TTL.plusSeconds(i));
            switch (i % 3) {
                case 0 -> {
                    RotationResult next = store.rotateRefreshToken(issued.token(), TTL);
                    used.add(issued.token());
                    live.add(((RotationResult.Rotated) next).next().token());
                }
                case 1 -> {
                    store.revokeRefreshFamily(issued.refreshToken().familyId());
                    revoked.add(issued.refreshToken().familyId());
                    revokedTokens.add(issued.token());
                }
                default -> live.add(issued.token());
            }
        }
        List<String> denied = new ArrayList<>();
        for (int j = 0; j < jtis; j++) {
            String jti = "jti-" + tenant.value() + "-" + j;
            store.revokeAccessToken(jti, Dataset.NOW.plus(Duration.ofHours(1)).plusSeconds(j % 100).plusNanos(j * 1_000L));
            denied.add(jti);
        }
        return new Sessions(used, live, revoked, revokedTokens, denied);
    }

    /** @return the families written */
    int families() {
        return liveTokens.size() + revokedFamilies.size();
    }

    /**
     * Checks on a copy that every revocation holds and rotation behaves as on the source: every
     * revoked jti is revoked, every live token is accepted, and a used token presented again is
     * REUSED and revokes its family there (so its successor is no longer accepted).
     *
     * @param target the copy
     * @param tenant the tenant
     */
    void assertHoldOn(StoreBackend target, TenantId tenant) {
        TokenStore store = target.tokens(tenant);
        for (String jti : revokedJtis) {
            assertThat(store.isAccessTokenRevoked(jti)).as("jti %s", jti).isTrue();
        }
        for (String token : liveTokens) {
            assertThat(store.findRefreshToken(token)).as("a live token is accepted on the copy").isPresent();
        }
        for (String token : revokedTokens) {
            assertThat(store.findRefreshToken(token)).as("a token of a revoked family is refused on the copy").isEmpty();
        }
        assertThat(store.rotateRefreshToken(revokedTokens.get(0), TTL))
                .isEqualTo(new RotationResult.Rejected(RotationResult.Reason.REVOKED));
        String reused = usedTokens.get(0);
        assertThat(store.rotateRefreshToken(reused, TTL))
                .isEqualTo(new RotationResult.Rejected(RotationResult.Reason.REUSED));
        assertThat(store.findRefreshToken(liveTokens.get(0))).as("the reused token's family is revoked on the copy")
                .isEmpty();
    }
}
