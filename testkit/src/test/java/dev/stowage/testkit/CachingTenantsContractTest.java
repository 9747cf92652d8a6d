package dev.stowage.testkit;

import dev.stowage.cache.CacheOptions;
import dev.stowage.cache.Caching;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;

import java.time.Clock;

/** The caching decorator lists the tenants of the backend it wraps. */
class CachingTenantsContractTest extends TenantsContract {

    @Override
    protected StoreBackend openBackend(Clock clock) {
        return Caching.wrap(InMemoryStores.backend(clock), CacheOptions.builder().clock(clock).build());
    }
}
