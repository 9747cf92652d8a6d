package dev.stowage.testkit;

import dev.stowage.cache.CacheOptions;
import dev.stowage.cache.Caching;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;

import java.time.Clock;

/** The token store contract through the caching decorator over the in-memory reference backend. */
class CachingTokenStoreContractTest extends TokenStoreContract {

    @Override
    protected StoreBackend openBackend(Clock clock) {
        return Caching.wrap(InMemoryStores.backend(clock), CacheOptions.builder().clock(clock).build());
    }
}
