package dev.stowage.testkit;

import dev.stowage.encryption.EncryptingBackend;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;

import java.time.Clock;

/** Every contract over the in-memory backend with credential secrets encrypted at rest. */
class InMemoryEncryptedContractsTest extends DeploymentContracts {

    @Override
    protected StoreBackend openBackend(String namespace, Clock clock) {
        return EncryptingBackend.wrap(InMemoryStores.backend(clock), CredentialEncryptionContract.testKeys("k1", "k1"));
    }
}
