package dev.stowage.cache;

import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.DeploymentContracts;

import java.time.Clock;

/**
 * Every contract through the caching decorator over the in-memory reference backend, with
 * absences cached too and a cache so small that entries are evicted all the time.
 */
class CachingAbsencesOverInMemoryContractsTest extends DeploymentContracts {

    @Override
    protected StoreBackend openBackend(String namespace, Clock clock) {
        return Caching.wrap(InMemoryStores.backend(clock),
                CacheOptions.builder().clock(clock).cacheAbsences(true).maximumSize(3).build());
    }
}
