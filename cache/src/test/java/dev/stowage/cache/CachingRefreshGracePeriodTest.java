package dev.stowage.cache;

import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.RefreshGracePeriodContract;
import dev.stowage.token.RefreshTokenHasher;

import java.time.Clock;

/** The refresh grace period through the caching decorator, which must pass the client id on. */
class CachingRefreshGracePeriodTest extends RefreshGracePeriodContract {

    @Override
    protected StoreBackend openBackend(Clock clock, RefreshTokenHasher hasher) {
        return Caching.wrap(InMemoryStores.backend(clock, hasher), CacheOptions.builder().clock(clock).build());
    }
}
