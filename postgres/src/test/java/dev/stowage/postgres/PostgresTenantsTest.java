package dev.stowage.postgres;

import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.TenantsContract;

import java.time.Clock;

/** The tenants contract against PostgreSQL, in a schema of its own that is dropped afterwards. */
class PostgresTenantsTest extends TenantsContract {

    private final String schema = TestDatabase.uniqueSchema(PostgresTenantsTest.class);

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
