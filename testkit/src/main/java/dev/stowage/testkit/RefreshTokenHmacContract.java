package dev.stowage.testkit;

import dev.stowage.StowageConfig;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.IssuedRefreshToken;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RefreshTokenHasher;
import dev.stowage.token.RefreshTokenState;
import dev.stowage.token.RefreshTokens;
import dev.stowage.token.RotationResult;
import dev.stowage.token.TokenStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refresh tokens hashed with an HMAC server key ({@link RefreshTokenHasher#hmacSha256}): what the
 * store keeps is the HMAC (seen through the family scan), rotation and reuse detection work as
 * with SHA-256, and tokens stored as plain SHA-256 before the key (imported here, as a migration
 * or an older deployment left them) are still found and rotated onto HMAC hashes.
 */
public abstract class RefreshTokenHmacContract extends StoreContract {

    /** The server key of the backend under test. */
    protected static final byte[] SERVER_KEY = "stowage test refresh-hash key, 32+ bytes".getBytes(StandardCharsets.UTF_8);

    private static final Duration HOUR = Duration.ofHours(1);

    /**
     * @param clock  the store clock
     * @param hasher how the backend's token stores must hash refresh tokens
     * @return the backend
     */
    protected abstract StoreBackend openBackend(Clock clock, RefreshTokenHasher hasher);

    @Override
    protected final StoreBackend openBackend(Clock clock) {
        return openBackend(clock, RefreshTokenHasher.hmacSha256(SERVER_KEY));
    }

    private TokenStore tokens() {
        return backend.tokens(tenant);
    }

    private List<String> storedHashes(UUID familyId) {
        return tokens().scanRefreshFamilies(null, 1_000).stream().filter(f -> f.familyId().equals(familyId))
                .flatMap(f -> f.tokens().stream()).map(RefreshTokenState::tokenHash).toList();
    }

    @Test
    void the_store_keeps_the_hmac_of_each_token_and_rotation_and_reuse_detection_work() {
        RefreshTokenHasher hmac = RefreshTokenHasher.hmacSha256(SERVER_KEY);
        IssuedRefreshToken first = tokens().issueRefreshToken("u1", HOUR);

        RotationResult rotated = tokens().rotateRefreshToken(first.token(), HOUR);

        assertThat(rotated.isRotated()).isTrue();
        String second = ((RotationResult.Rotated) rotated).next().token();
        assertThat(storedHashes(first.refreshToken().familyId()))
                .containsExactlyInAnyOrder(hmac.hash(first.token()), hmac.hash(second))
                .doesNotContain(RefreshTokens.hash(first.token()), RefreshTokens.hash(second));
        assertThat(tokens().findRefreshToken(second)).isPresent();
        assertThat(tokens().rotateRefreshToken(first.token(), HOUR))
                .isEqualTo(new RotationResult.Rejected(RotationResult.Reason.REUSED));
        assertThat(tokens().findRefreshToken(second)).as("the family was revoked").isEmpty();
        assertThat(tokens().rotateRefreshToken(RefreshTokens.newValue(), HOUR))
                .isEqualTo(new RotationResult.Rejected(RotationResult.Reason.UNKNOWN));
    }

    @Test
    void a_token_stored_as_plain_sha_256_is_found_rotated_onto_an_hmac_and_its_reuse_detected() {
        String legacy = RefreshTokens.newValue();
        UUID familyId = UUID.randomUUID();
        Instant now = clock.instant();
        tokens().importRefreshFamilies(List.of(new RefreshFamily(familyId, "u1", now, false,
                List.of(new RefreshTokenState(RefreshTokens.hash(legacy), UUID.randomUUID(), now, now.plus(HOUR), false)))));

        assertThat(tokens().findRefreshToken(legacy)).isPresent();
        RotationResult rotated = tokens().rotateRefreshToken(legacy, HOUR);

        assertThat(rotated.isRotated()).isTrue();
        String successor = ((RotationResult.Rotated) rotated).next().token();
        assertThat(storedHashes(familyId)).contains(RefreshTokenHasher.hmacSha256(SERVER_KEY).hash(successor));
        assertThat(tokens().findRefreshToken(legacy)).as("used").isEmpty();
        assertThat(tokens().rotateRefreshToken(legacy, HOUR))
                .isEqualTo(new RotationResult.Rejected(RotationResult.Reason.REUSED));
        assertThat(tokens().findRefreshToken(successor)).as("the family was revoked").isEmpty();
    }

    @Test
    void the_key_comes_from_configuration_and_is_never_printed() {
        String encoded = Base64.getEncoder().encodeToString(SERVER_KEY);
        StowageConfig config = StowageConfig.of(Map.of(RefreshTokenHasher.KEY, encoded));

        RefreshTokenHasher hasher = RefreshTokenHasher.fromConfig(config);

        assertThat(hasher.hash("v")).isEqualTo(RefreshTokenHasher.hmacSha256(SERVER_KEY).hash("v")).hasSize(43);
        assertThat(hasher.toString() + config).doesNotContain(encoded);
        assertThat(RefreshTokenHasher.fromConfig(StowageConfig.of(Map.of())).hash("v")).isEqualTo(RefreshTokens.hash("v"));
    }
}
