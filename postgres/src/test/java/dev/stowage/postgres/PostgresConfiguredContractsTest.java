package dev.stowage.postgres;

import dev.stowage.spi.StoreBackend;

import java.time.Clock;

/** Every contract against PostgreSQL opened through {@code Stowage.open} with a configuration map. */
class PostgresConfiguredContractsTest extends PostgresDeploymentContracts {

    @Override
    protected StoreBackend openBackend(String schema, Clock clock) {
        return ConfiguredBackend.open(schema, clock);
    }
}
