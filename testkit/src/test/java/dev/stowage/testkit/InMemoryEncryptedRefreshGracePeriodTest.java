package dev.stowage.testkit;

import dev.stowage.encryption.EncryptingBackend;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.RefreshTokenHasher;

import java.time.Clock;

/** The refresh grace period through the encrypting decorator, which must pass the client id on. */
class InMemoryEncryptedRefreshGracePeriodTest extends RefreshGracePeriodContract {

    @Override
    protected StoreBackend openBackend(Clock clock, RefreshTokenHasher hasher) {
        return EncryptingBackend.wrap(InMemoryStores.backend(clock, hasher), CredentialEncryptionContract.testKeys("k1", "k1"));
    }
}
