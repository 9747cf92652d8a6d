package dev.stowage.testkit;

import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.RefreshTokenHasher;

import java.time.Clock;

/** HMAC refresh-token hashes on the in-memory backend. */
class InMemoryRefreshTokenHmacTest extends RefreshTokenHmacContract {

    @Override
    protected StoreBackend openBackend(Clock clock, RefreshTokenHasher hasher) {
        return InMemoryStores.backend(clock, hasher);
    }
}
