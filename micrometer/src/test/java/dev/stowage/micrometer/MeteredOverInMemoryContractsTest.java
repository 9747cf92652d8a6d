package dev.stowage.micrometer;

import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.DeploymentContracts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;

/** Every contract through the meters over the in-memory reference backend: metering changes no behaviour. */
class MeteredOverInMemoryContractsTest extends DeploymentContracts {

    @Override
    protected StoreBackend openBackend(String namespace, Clock clock) {
        return MeteredStores.wrap(InMemoryStores.backend(clock), new SimpleMeterRegistry());
    }
}
