package dev.stowage.redis;

import dev.stowage.cache.CacheOptions;
import dev.stowage.cache.Caching;
import dev.stowage.spi.StoreBackend;

import java.time.Clock;

/** Every contract through the caching decorator over the standalone server. */
class CachingOverRedisContractsTest extends RedisDeploymentContracts {

    CachingOverRedisContractsTest() {
        super(TestTarget.standaloneServer());
    }

    @Override
    protected StoreBackend openBackend(String prefix, Clock clock) {
        return Caching.wrap(target().backend(prefix, clock), CacheOptions.builder().clock(clock).build());
    }
}
