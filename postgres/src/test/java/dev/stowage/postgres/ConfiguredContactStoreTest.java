package dev.stowage.postgres;

import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.ContactStoreContract;

import java.time.Clock;

/**
 * The contact contract against PostgreSQL opened through {@code Stowage.open} with a
 * configuration map, in a schema of its own that is dropped afterwards.
 */
class ConfiguredContactStoreTest extends ContactStoreContract {

    private final String schema = TestDatabase.uniqueSchema(ConfiguredContactStoreTest.class);

    @Override
    protected StoreBackend openBackend(Clock clock) {
        return ConfiguredBackend.open(schema, clock);
    }

    @Override
    protected void closeBackend(StoreBackend backend) {
        super.closeBackend(backend);
        TestDatabase.dropSchema(schema);
    }
}
