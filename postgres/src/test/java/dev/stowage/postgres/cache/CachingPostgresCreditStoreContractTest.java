package dev.stowage.postgres.cache;

import dev.stowage.cache.CacheOptions;
import dev.stowage.cache.Caching;
import dev.stowage.postgres.PostgresStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.CreditStoreContract;

import java.time.Clock;

/** The credit store contract through the caching decorator over PostgreSQL, in a schema of its own. */
class CachingPostgresCreditStoreContractTest extends CreditStoreContract {

    private final String schema = PostgresCacheTesting.unique("t_cache_credit");

    @Override
    protected StoreBackend openBackend(Clock clock) {
        return Caching.wrap(PostgresStores.builder(PostgresCacheTesting.url()).schema(schema).clock(clock)
                        .maxPoolSize(4).minIdle(0).buildBackend(),
                CacheOptions.builder().clock(clock).build());
    }

    @Override
    protected void closeBackend(StoreBackend backend) {
        super.closeBackend(backend);
        PostgresCacheTesting.dropSchema(schema);
    }
}
