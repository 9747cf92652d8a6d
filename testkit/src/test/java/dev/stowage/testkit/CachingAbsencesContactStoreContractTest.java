package dev.stowage.testkit;

import dev.stowage.cache.CacheOptions;
import dev.stowage.cache.Caching;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;

import java.time.Clock;

/**
 * The contact store contract through the caching decorator with absences cached too, and a cache
 * so small that entries are evicted all the time.
 */
class CachingAbsencesContactStoreContractTest extends ContactStoreContract {

    @Override
    protected StoreBackend openBackend(Clock clock) {
        return Caching.wrap(InMemoryStores.backend(clock),
                CacheOptions.builder().clock(clock).cacheAbsences(true).maximumSize(3).build());
    }
}
