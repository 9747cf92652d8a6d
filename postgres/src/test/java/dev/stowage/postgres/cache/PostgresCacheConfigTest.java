package dev.stowage.postgres.cache;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.cache.CacheStats;
import dev.stowage.cache.Caching;
import dev.stowage.cache.CachingBackend;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PostgresCacheConfigTest {

    @Test
    void configuration_turns_on_the_cache_with_the_postgres_channel_and_closing_leaves_nothing_running() {
        String schema = PostgresCacheTesting.unique("t_cache_config");
        String channel = PostgresCacheTesting.unique("stowage_cache_config");
        String node = PostgresCacheTesting.unique("node");
        try {
            try (Stores stores = Stowage.open(Map.of(
                    "stowage.backend", "postgres",
                    "stowage.postgres.url", PostgresCacheTesting.url(),
                    "stowage.postgres.schema", schema,
                    "stowage.cache.enabled", "true",
                    "stowage.cache.broadcast", "postgres",
                    "stowage.cache.broadcast.channel", channel,
                    "stowage.cache.node-id", node,
                    "stowage.cache.metrics", "false",
                    "stowage.cache.statistics", "true"))) {
                CachingBackend backend = Caching.backendOf(stores).orElseThrow();
                assertThat(backend.name()).isEqualTo("postgres");
                assertThat(backend.options().broadcaster()).isInstanceOfSatisfying(PostgresInvalidationBroadcaster.class,
                        broadcaster -> assertThat(broadcaster.channel()).isEqualTo(channel));
                PostgresCacheTesting.await(() -> !backend.isBypassing(), "the channel to be live");

                Contact ada = stores.contacts().create(ContactDraft.builder("ada@example.com").build());
                assertThat(stores.contacts().get(ada.id())).contains(ada);
                assertThat(stores.contacts().get(ada.id())).contains(ada);
                assertThat(backend.statistics().cache("contacts").map(CacheStats::hits)).contains(1L);
            }
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.isAlive()
                    && (thread.getName().contains(channel) || thread.getName().contains(node)));
        } finally {
            PostgresCacheTesting.dropSchema(schema);
        }
    }
}
