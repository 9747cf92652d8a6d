package dev.stowage.readme;

import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;

import java.time.Clock;

/** The README's "your own backend" of the testkit example: here, the in-memory one. */
final class MyStores {

    private MyStores() {
    }

    static StoreBackend backend(String namespace, Clock clock) {
        MyTestServer.use(namespace);
        return InMemoryStores.backend(clock);
    }
}
