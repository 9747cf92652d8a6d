package dev.stowage.testkit;

import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;

import java.time.Clock;

/** The in-memory reference backend passes the ContactStore contract. */
class InMemoryContactStoreTest extends ContactStoreContract {

    @Override
    protected StoreBackend openBackend(Clock clock) {
        return InMemoryStores.backend(clock);
    }
}
