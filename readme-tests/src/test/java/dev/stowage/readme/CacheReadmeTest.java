package dev.stowage.readme;

import dev.stowage.Stores;
import dev.stowage.cache.CacheMetrics;
import dev.stowage.cache.CacheOptions;
import dev.stowage.cache.CacheStatistics;
import dev.stowage.cache.Caching;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.postgres.PostgresStores;
import dev.stowage.postgres.cache.PostgresInvalidationBroadcaster;
import dev.stowage.spi.invalidation.InvalidationBroadcaster;
import dev.stowage.testkit.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java snippet of cache/README.md, as written, on a private server that checks passwords. */
class CacheReadmeTest {

    @Test
    void the_cache_in_code_with_a_postgres_broadcaster_and_micrometer() {
        String secret = ReadmeServers.APP_PASSWORD;
        String jdbcUrl = ReadmeServers.jdbcUrl() + "?user=app&password=" + secret;
        MutableClock clock = MutableClock.standard();
        MeterRegistry meterRegistry = new SimpleMeterRegistry();
        // README cache/README.md
        InvalidationBroadcaster broadcaster = PostgresInvalidationBroadcaster.builder(jdbcUrl)
                .user("app").password(secret).channel("crm_cache").build();     // or RedisInvalidationBroadcaster.create(redisClient, "crm_cache")
        Stores stores = Caching.wrap(PostgresStores.builder(jdbcUrl).clock(clock).build(),
                CacheOptions.builder().clock(clock).broadcaster(broadcaster)
                        .recordStatistics(true)                                  // hits, misses, ...: off by default
                        .build());
        CacheStatistics statistics = Caching.statistics(stores).orElseThrow();   // hits, misses, loads, evictions, ...
        new CacheMetrics(Caching.backendOf(stores).orElseThrow()).bindTo(meterRegistry); // optional, Micrometer
        // END README
        try (stores) {
            Contact ada = stores.contacts().create(ContactDraft.builder("ada@example.com").build());
            assertThat(stores.contacts().get(ada.id())).contains(ada);
            assertThat(stores.contacts().get(ada.id())).contains(ada);
            assertThat(Caching.statistics(stores).orElseThrow().total().hits()).isPositive();
            assertThat(statistics).isNotNull();
            assertThat(meterRegistry.getMeters()).isNotEmpty();
        }
    }
}
