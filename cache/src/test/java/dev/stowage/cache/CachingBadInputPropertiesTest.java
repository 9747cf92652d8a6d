package dev.stowage.cache;

import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.BadInputProperties;

import java.time.Clock;

/** Bad input through the caching decorator, compared with the plain in-memory reference. */
class CachingBadInputPropertiesTest extends BadInputProperties {

    @Override
    protected StoreBackend openBackend(Clock clock) {
        return Caching.wrap(InMemoryStores.backend(clock), CacheOptions.builder().clock(clock).build());
    }
}
