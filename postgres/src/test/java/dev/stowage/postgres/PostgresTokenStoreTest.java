package dev.stowage.postgres;

import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.TokenStoreContract;

import java.time.Clock;

/** The token contract against PostgreSQL, in a schema of its own that is dropped afterwards. */
class PostgresTokenStoreTest extends TokenStoreContract {

    private final String schema = TestDatabase.uniqueSchema(PostgresTokenStoreTest.class);

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
