package dev.stowage.postgres;

import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.ContactStoreContract;

import java.time.Clock;

/** The contact contract against PostgreSQL, in a schema of its own that is dropped afterwards. */
class PostgresContactStoreTest extends ContactStoreContract {

    private final String schema = TestDatabase.uniqueSchema(PostgresContactStoreTest.class);

    @Override
    protected StoreBackend openBackend(Clock clock) {
        return TestDatabase.builder(schema, clock).buildBackend();
    }

    @Override
    protected void closeBackend(StoreBackend backend) {
        super.closeBackend(backend);
        TestDatabase.dropSchema(schema);
    }
}
