package dev.stowage.redis;

import dev.stowage.cache.CacheOptions;
import dev.stowage.cache.Caching;
import dev.stowage.encryption.EncryptingBackend;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.CredentialEncryptionContract;

import java.time.Clock;

/** Every contract through the caching decorator over the standalone server with encryption on. */
class CachingOverEncryptedRedisContractsTest extends RedisDeploymentContracts {

    CachingOverEncryptedRedisContractsTest() {
        super(TestTarget.standaloneServer());
    }

    @Override
    protected StoreBackend openBackend(String prefix, Clock clock) {
        return Caching.wrap(EncryptingBackend.wrap(target().backend(prefix, clock),
                CredentialEncryptionContract.testKeys("k1", "k1")), CacheOptions.builder().clock(clock).build());
    }
}
