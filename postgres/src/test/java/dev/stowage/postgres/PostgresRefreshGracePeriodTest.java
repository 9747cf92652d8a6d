package dev.stowage.postgres;

import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.RefreshGracePeriodContract;
import dev.stowage.token.RefreshTokenHasher;

import java.time.Clock;

/** The refresh grace period on PostgreSQL. */
class PostgresRefreshGracePeriodTest extends RefreshGracePeriodContract {

    private final String schema = TestDatabase.uniqueSchema(getClass());

    @Override
    protected StoreBackend openBackend(Clock clock, RefreshTokenHasher hasher) {
        return TestDatabase.builder(schema, clock).refreshTokenHasher(hasher).buildBackend();
    }

    @Override
    protected void closeBackend(StoreBackend backend) {
        super.closeBackend(backend);
        TestDatabase.dropSchema(schema);
    }
}
