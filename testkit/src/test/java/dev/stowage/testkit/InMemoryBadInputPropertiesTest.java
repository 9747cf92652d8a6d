package dev.stowage.testkit;

import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;

import java.time.Clock;

/** Bad input against the in-memory backend: only StoreExceptions, and nothing changes when a call fails. */
class InMemoryBadInputPropertiesTest extends BadInputProperties {

    @Override
    protected StoreBackend openBackend(Clock clock) {
        return InMemoryStores.backend(clock);
    }
}
