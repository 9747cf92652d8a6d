package dev.stowage.readme;

import dev.stowage.StowageConfig;
import dev.stowage.TenantId;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.MutableClock;
import dev.stowage.token.RefreshTokenHasher;
import dev.stowage.token.RotationResult;
import dev.stowage.token.TokenStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rotation snippet of the root README's "Refresh tokens" (grace period), as written. */
class RefreshGracePeriodReadmeTest {

    @Test
    void two_tabs_of_one_client_refreshing_one_token_get_the_same_successor() {
        String key = Base64.getEncoder().encodeToString("readme refresh-hash key of 32+ bytes".getBytes(StandardCharsets.UTF_8));
        RefreshTokenHasher hasher = RefreshTokenHasher.fromConfig(StowageConfig.of(Map.of(
                RefreshTokenHasher.KEY, key, RefreshTokenHasher.GRACE_PERIOD_KEY, "10s")));
        try (StoreBackend backend = InMemoryStores.backend(MutableClock.standard(), hasher)) {
            TokenStore tokens = backend.tokens(TenantId.DEFAULT);
            String presented = tokens.issueRefreshToken("user-1", Duration.ofDays(30)).token();
            String clientId = "device-7f3a";
            RotationResult firstTab = tokens.rotateRefreshToken(presented, Duration.ofDays(30), clientId);

            // README README.md
            RotationResult result = tokens.rotateRefreshToken(presented, Duration.ofDays(30), clientId);
            // END README

            assertThat(result).isEqualTo(firstTab);
            assertThat(result.isRotated()).isTrue();
            assertThat(tokens.rotateRefreshToken(presented, Duration.ofDays(30), "another-device"))
                    .isEqualTo(new RotationResult.Rejected(RotationResult.Reason.REUSED));
        }
    }
}
