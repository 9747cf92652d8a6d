package dev.stowage.redis;

import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.RefreshTokenHmacContract;
import dev.stowage.token.RefreshTokenHasher;

import java.time.Clock;
import java.time.Duration;

/** HMAC refresh-token hashes on the standalone server. */
class RedisRefreshTokenHmacTest extends RefreshTokenHmacContract {

    private final TestTarget target = TestTarget.standaloneServer();
    private final String prefix = TestTarget.uniquePrefix(getClass());

    @Override
    protected StoreBackend openBackend(Clock clock, RefreshTokenHasher hasher) {
        return RedisStores.builder(target.uri()).prefix(prefix).clock(clock).commandTimeout(Duration.ofSeconds(5))
                .refreshTokenHasher(hasher).buildBackend();
    }

    @Override
    protected void closeBackend(StoreBackend backend) {
        super.closeBackend(backend);
        try (RawRedis raw = RawRedis.open(target)) {
            raw.deletePrefix(prefix);
        }
    }
}
