package dev.stowage.testkit;

import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;

import java.time.Clock;

/** The in-memory reference backend lists its tenants. */
class InMemoryTenantsTest extends TenantsContract {

    @Override
    protected StoreBackend openBackend(Clock clock) {
        return InMemoryStores.backend(clock);
    }
}
