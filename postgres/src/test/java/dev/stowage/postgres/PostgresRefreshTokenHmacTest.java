package dev.stowage.postgres;

import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.RefreshTokenHmacContract;
import dev.stowage.token.RefreshTokenHasher;

import java.time.Clock;

/** HMAC refresh-token hashes on PostgreSQL. */
class PostgresRefreshTokenHmacTest extends RefreshTokenHmacContract {

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
