package dev.stowage.redis.cache;

import dev.stowage.cache.CacheOptions;
import dev.stowage.cache.Caching;
import dev.stowage.redis.RedisStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.ContactStoreContract;
import dev.stowage.testkit.TestServers;

import java.time.Clock;

/** The contact store contract through the caching decorator over Redis, under a key prefix of its own. */
class CachingRedisContactStoreContractTest extends ContactStoreContract {

    private final String prefix = RedisCacheTesting.uniquePrefix("t-cache-contact");

    @Override
    protected StoreBackend openBackend(Clock clock) {
        return Caching.wrap(RedisStores.builder(TestServers.redisUri()).prefix(prefix).clock(clock).buildBackend(),
                CacheOptions.builder().clock(clock).build());
    }

    @Override
    protected void closeBackend(StoreBackend backend) {
        super.closeBackend(backend);
        RedisCacheTesting.deleteKeys(prefix);
    }
}
