package dev.stowage.testkit;

import dev.stowage.StowageConfig;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.exception.ValidationException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.IssuedRefreshToken;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RefreshTokenHasher;
import dev.stowage.token.RotationResult;
import dev.stowage.token.TokenStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The refresh grace period ({@link RefreshTokenHasher#withGracePeriod},
 * {@link TokenStore#rotateRefreshToken(String, Duration, String)}): within the period, the same
 * client presenting a token it rotated gets the very same successor and the family survives;
 * another client, no client, a replay at the end of the period or later, and a replay after the
 * successor was rotated in turn, all revoke the family as reuse does without a grace period. The
 * backend is opened with {@link #GRACE} and the HMAC key {@link #SERVER_KEY}.
 */
public abstract class RefreshGracePeriodContract extends StoreContract {

    /** The server key of the backend under test. */
    protected static final byte[] SERVER_KEY = "stowage test grace-period key, 32+ bytes!".getBytes(StandardCharsets.UTF_8);

    /** The grace period of the backend under test. */
    protected static final Duration GRACE = Duration.ofSeconds(10);

    private static final Duration HOUR = Duration.ofHours(1);
    private static final int THREADS = 8;

    /**
     * @param clock  the store clock
     * @param hasher how the backend's token stores must hash refresh tokens, with its grace period
     * @return the backend
     */
    protected abstract StoreBackend openBackend(Clock clock, RefreshTokenHasher hasher);

    @Override
    protected final StoreBackend openBackend(Clock clock) {
        return openBackend(clock, RefreshTokenHasher.hmacSha256(SERVER_KEY).withGracePeriod(GRACE));
    }

    private TokenStore tokens() {
        return backend.tokens(tenant);
    }

    private RefreshFamily family(UUID familyId) {
        return tokens().scanRefreshFamilies(null, 1_000).stream().filter(f -> f.familyId().equals(familyId))
                .findFirst().orElseThrow();
    }

    private static IssuedRefreshToken rotated(RotationResult result) {
        assertThat(result).isInstanceOf(RotationResult.Rotated.class);
        return ((RotationResult.Rotated) result).next();
    }

    private static void assertReused(RotationResult result) {
        assertThat(result).isEqualTo(new RotationResult.Rejected(RotationResult.Reason.REUSED));
    }

    @Test
    void eight_threads_of_one_client_presenting_one_token_all_get_the_same_successor_and_the_family_survives()
            throws Exception {
        IssuedRefreshToken first = tokens().issueRefreshToken("tabs", HOUR);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<IssuedRefreshToken> successors = new ArrayList<>();
        try {
            List<Future<RotationResult>> results = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return tokens().rotateRefreshToken(first.token(), HOUR, "browser-1");
                }));
            }
            start.countDown();
            for (Future<RotationResult> result : results) {
                successors.add(rotated(result.get(60, TimeUnit.SECONDS)));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(successors).hasSize(THREADS);
        assertThat(successors.stream().map(IssuedRefreshToken::token).distinct()).hasSize(1);
        assertThat(successors.stream().map(IssuedRefreshToken::refreshToken).distinct()).hasSize(1);
        IssuedRefreshToken successor = successors.get(0);
        assertThat(successor.refreshToken().familyId()).isEqualTo(first.refreshToken().familyId());
        assertThat(successor.refreshToken().id()).isNotEqualTo(first.refreshToken().id());
        RefreshFamily family = family(first.refreshToken().familyId());
        assertThat(family.revoked()).isFalse();
        assertThat(family.tokens()).hasSize(2);
        assertThat(tokens().findRefreshToken(successor.token())).contains(successor.refreshToken());
        assertThat(rotated(tokens().rotateRefreshToken(successor.token(), HOUR, "browser-1")).token())
                .isNotEqualTo(successor.token());
    }

    @Test
    void a_replay_by_the_same_client_within_the_period_gets_the_same_successor_again() {
        IssuedRefreshToken first = tokens().issueRefreshToken("u1", HOUR);
        IssuedRefreshToken successor = rotated(tokens().rotateRefreshToken(first.token(), HOUR, "device-a"));

        clock.advance(GRACE.minusMillis(1));
        IssuedRefreshToken again = rotated(tokens().rotateRefreshToken(first.token(), HOUR, "device-a"));

        assertThat(again.token()).isEqualTo(successor.token());
        assertThat(again.refreshToken()).isEqualTo(successor.refreshToken());
        assertThat(tokens().findRefreshToken(successor.token())).contains(successor.refreshToken());
    }

    @Test
    void a_different_client_within_the_period_revokes_the_family() {
        IssuedRefreshToken first = tokens().issueRefreshToken("u1", HOUR);
        IssuedRefreshToken successor = rotated(tokens().rotateRefreshToken(first.token(), HOUR, "device-a"));

        assertReused(tokens().rotateRefreshToken(first.token(), HOUR, "device-b"));

        assertThat(tokens().findRefreshToken(successor.token())).isEmpty();
        assertThat(family(first.refreshToken().familyId()).revoked()).isTrue();
        assertReused(tokens().rotateRefreshToken(first.token(), HOUR, "device-a"));
    }

    @Test
    void a_replay_without_a_client_id_within_the_period_revokes_the_family() {
        IssuedRefreshToken first = tokens().issueRefreshToken("u1", HOUR);
        IssuedRefreshToken successor = rotated(tokens().rotateRefreshToken(first.token(), HOUR, "device-a"));

        assertReused(tokens().rotateRefreshToken(first.token(), HOUR));

        assertThat(tokens().findRefreshToken(successor.token())).isEmpty();
    }

    @Test
    void a_rotation_without_a_client_id_gets_no_grace() {
        IssuedRefreshToken first = tokens().issueRefreshToken("u1", HOUR);
        IssuedRefreshToken successor = rotated(tokens().rotateRefreshToken(first.token(), HOUR));

        assertReused(tokens().rotateRefreshToken(first.token(), HOUR, "device-a"));

        assertThat(tokens().findRefreshToken(successor.token())).isEmpty();
    }

    @Test
    void reuse_at_the_end_of_the_period_revokes_the_family() {
        IssuedRefreshToken first = tokens().issueRefreshToken("u1", HOUR);
        IssuedRefreshToken successor = rotated(tokens().rotateRefreshToken(first.token(), HOUR, "device-a"));

        clock.advance(GRACE);
        assertReused(tokens().rotateRefreshToken(first.token(), HOUR, "device-a"));

        assertThat(tokens().findRefreshToken(successor.token())).isEmpty();
        assertThat(family(first.refreshToken().familyId()).revoked()).isTrue();
    }

    @Test
    void presenting_the_first_token_after_its_successor_was_rotated_revokes_the_family() {
        IssuedRefreshToken first = tokens().issueRefreshToken("u1", HOUR);
        IssuedRefreshToken second = rotated(tokens().rotateRefreshToken(first.token(), HOUR, "device-a"));
        IssuedRefreshToken third = rotated(tokens().rotateRefreshToken(second.token(), HOUR, "device-a"));

        assertReused(tokens().rotateRefreshToken(first.token(), HOUR, "device-a"));

        assertThat(tokens().findRefreshToken(third.token())).isEmpty();
        assertThat(family(first.refreshToken().familyId()).revoked()).isTrue();
    }

    @Test
    void a_successor_is_unpredictable_per_client_and_differs_from_the_presented_token() {
        IssuedRefreshToken one = tokens().issueRefreshToken("u1", HOUR);
        IssuedRefreshToken other = tokens().issueRefreshToken("u1", HOUR);

        String a = rotated(tokens().rotateRefreshToken(one.token(), HOUR, "device-a")).token();
        String b = rotated(tokens().rotateRefreshToken(other.token(), HOUR, "device-a")).token();

        assertThat(a).isNotEqualTo(b).isNotEqualTo(one.token()).hasSize(43);
        assertThat(RefreshTokenHasher.hmacSha256(SERVER_KEY).withGracePeriod(GRACE).successorValue(one.token(), "device-b"))
                .get().isNotEqualTo(a);
    }

    @Test
    void the_client_id_is_checked() {
        IssuedRefreshToken first = tokens().issueRefreshToken("u1", HOUR);

        assertThatThrownBy(() -> tokens().rotateRefreshToken(first.token(), HOUR, " "))
                .isInstanceOf(ValidationException.class).hasMessageContaining("clientId");
        assertThatThrownBy(() -> tokens().rotateRefreshToken(first.token(), HOUR, "x".repeat(TokenStore.MAX_CLIENT_ID_LENGTH + 1)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("clientId");
        assertThat(tokens().findRefreshToken(first.token())).isPresent();
    }

    @Test
    void the_grace_period_is_configured_with_the_server_key_and_bounded() {
        String key = java.util.Base64.getEncoder().encodeToString(SERVER_KEY);
        RefreshTokenHasher configured = RefreshTokenHasher.fromConfig(StowageConfig.of(Map.of(
                RefreshTokenHasher.KEY, key, RefreshTokenHasher.GRACE_PERIOD_KEY, "10s")));

        assertThat(configured.gracePeriod()).isEqualTo(GRACE);
        assertThat(configured.toString()).doesNotContain(key);
        assertThat(RefreshTokenHasher.fromConfig(StowageConfig.of(Map.of(RefreshTokenHasher.KEY, key))).gracePeriod())
                .isZero();
        assertThatThrownBy(() -> RefreshTokenHasher.fromConfig(StowageConfig.of(Map.of(RefreshTokenHasher.GRACE_PERIOD_KEY, "10s"))))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining(RefreshTokenHasher.KEY);
        assertThatThrownBy(() -> RefreshTokenHasher.hmacSha256(SERVER_KEY).withGracePeriod(Duration.ofMinutes(6)))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining(RefreshTokenHasher.GRACE_PERIOD_KEY);
        assertThatThrownBy(() -> RefreshTokenHasher.hmacSha256(SERVER_KEY).withGracePeriod(Duration.ofSeconds(-1)))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining(RefreshTokenHasher.GRACE_PERIOD_KEY);
    }
}
