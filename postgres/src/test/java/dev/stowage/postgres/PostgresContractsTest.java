package dev.stowage.postgres;

import dev.stowage.spi.StoreBackend;

import java.time.Clock;

/** Every contract against PostgreSQL, opened with the builder. */
class PostgresContractsTest extends PostgresDeploymentContracts {

    @Override
    protected StoreBackend openBackend(String schema, Clock clock) {
        return TestDatabase.builder(schema, clock).buildBackend();
    }
}
