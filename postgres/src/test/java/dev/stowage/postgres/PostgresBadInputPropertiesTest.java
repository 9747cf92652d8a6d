package dev.stowage.postgres;

import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.BadInputProperties;

import java.time.Clock;

/** Bad input against PostgreSQL, compared with the in-memory reference, in a schema dropped afterwards. */
class PostgresBadInputPropertiesTest extends BadInputProperties {

    private final String schema = TestDatabase.uniqueSchema(PostgresBadInputPropertiesTest.class);

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
