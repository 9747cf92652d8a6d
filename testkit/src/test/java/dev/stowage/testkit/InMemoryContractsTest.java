package dev.stowage.testkit;

import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;

import java.time.Clock;

/** The in-memory reference backend passes every contract. */
class InMemoryContractsTest extends DeploymentContracts {

    @Override
    protected StoreBackend openBackend(String namespace, Clock clock) {
        return InMemoryStores.backend(clock);
    }
}
