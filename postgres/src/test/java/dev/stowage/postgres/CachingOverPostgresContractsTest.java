package dev.stowage.postgres;

import dev.stowage.cache.CacheOptions;
import dev.stowage.cache.Caching;
import dev.stowage.spi.StoreBackend;

import java.time.Clock;

/** Every contract through the caching decorator over PostgreSQL. */
class CachingOverPostgresContractsTest extends PostgresDeploymentContracts {

    @Override
    protected StoreBackend openBackend(String schema, Clock clock) {
        return Caching.wrap(TestDatabase.builder(schema, clock).buildBackend(), CacheOptions.builder().clock(clock).build());
    }
}
