package dev.stowage.redis;

import dev.stowage.encryption.EncryptingBackend;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.CredentialEncryptionContract;

import java.time.Clock;

/** Every contract against the standalone server with credential secrets encrypted at rest. */
class RedisEncryptedContractsTest extends RedisDeploymentContracts {

    RedisEncryptedContractsTest() {
        super(TestTarget.standaloneServer());
    }

    @Override
    protected StoreBackend openBackend(String prefix, Clock clock) {
        return EncryptingBackend.wrap(target().backend(prefix, clock), CredentialEncryptionContract.testKeys("k1", "k1"));
    }
}
