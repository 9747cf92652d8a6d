package dev.stowage.testkit;

import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.RefreshTokenHasher;

import java.time.Clock;

/** The refresh grace period on the in-memory backend. */
class InMemoryRefreshGracePeriodTest extends RefreshGracePeriodContract {

    @Override
    protected StoreBackend openBackend(Clock clock, RefreshTokenHasher hasher) {
        return InMemoryStores.backend(clock, hasher);
    }
}
