package dev.stowage.postgres;

import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.CreditStoreContract;

import java.time.Clock;

/** The credit contract against PostgreSQL, in a schema of its own that is dropped afterwards. */
class PostgresCreditStoreTest extends CreditStoreContract {

    private final String schema = TestDatabase.uniqueSchema(PostgresCreditStoreTest.class);

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
