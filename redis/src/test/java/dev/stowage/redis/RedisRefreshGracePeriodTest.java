package dev.stowage.redis;

import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.RefreshGracePeriodContract;
import dev.stowage.token.RefreshTokenHasher;

import java.time.Clock;
import java.time.Duration;

/** The refresh grace period on the standalone server ({@link RedisClusterRefreshGracePeriodTest} on a Cluster). */
class RedisRefreshGracePeriodTest extends RefreshGracePeriodContract {

    private final TestTarget target = target();
    private final String prefix = TestTarget.uniquePrefix(getClass());

    @Override
    protected StoreBackend openBackend(Clock clock, RefreshTokenHasher hasher) {
        return RedisStores.builder(target.uri()).cluster(target.cluster()).prefix(prefix).clock(clock).commandTimeout(Duration.ofSeconds(5))
                .refreshTokenHasher(hasher).buildBackend();
    }

    /** @return the deployment under test */
    TestTarget target() {
        return TestTarget.standaloneServer();
    }

    @Override
    protected void closeBackend(StoreBackend backend) {
        super.closeBackend(backend);
        try (RawRedis raw = RawRedis.open(target)) {
            raw.deletePrefix(prefix);
        }
    }
}
