package dev.stowage.postgres.cache;

import dev.stowage.cache.CacheOptions;
import dev.stowage.cache.Caching;
import dev.stowage.postgres.PostgresStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.ContactStoreContract;

import java.time.Clock;

/** The contact store contract through the caching decorator over PostgreSQL, in a schema of its own. */
class CachingPostgresContactStoreContractTest extends ContactStoreContract {

    private final String schema = PostgresCacheTesting.unique("t_cache_contact");

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
