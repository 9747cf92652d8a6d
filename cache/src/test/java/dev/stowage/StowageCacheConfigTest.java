package dev.stowage;

import dev.stowage.cache.CacheOptions;
import dev.stowage.cache.CacheStatistics;
import dev.stowage.cache.CacheStats;
import dev.stowage.cache.Caching;
import dev.stowage.cache.CachingBackend;
import dev.stowage.cache.RecordingBroadcaster;
import dev.stowage.exception.StoreClosedException;
import dev.stowage.exception.StoreConfigurationException;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StowageCacheConfigTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void reset() {
        FakeBackendProvider.opened.clear();
        RecordingBroadcaster.opened.clear();
        Metrics.addRegistry(meters);
    }

    @AfterEach
    void removeMeters() {
        Metrics.removeRegistry(meters);
        meters.close();
    }

    private static Map<String, Object> config(Object... pairs) {
        Map<String, Object> entries = new HashMap<>();
        entries.put("stowage.backend", "fake");
        for (int i = 0; i < pairs.length; i += 2) {
            entries.put((String) pairs[i], pairs[i + 1]);
        }
        return entries;
    }

    @Test
    void the_cache_is_off_unless_enabled() {
        try (Stores stores = Stowage.open(config("stowage.cache.contacts.ttl", "5m"))) {
            assertThat(stores.contactsBackend()).isNotInstanceOf(CachingBackend.class);
            assertThat(Caching.statistics(stores)).isEmpty();
        }
        try (Stores stores = Stowage.open(config("stowage.cache.enabled", "false"))) {
            assertThat(Caching.backendOf(stores)).isEmpty();
        }
    }

    @Test
    void enabled_it_wraps_the_backend_keeps_its_name_and_uses_the_defaults() {
        Stores stores = Stowage.open(config("stowage.cache.enabled", "true"));

        assertThat(stores.contactsBackend()).isInstanceOf(CachingBackend.class);
        assertThat(stores.contactsBackend().name()).isEqualTo("fake");
        assertThat(stores.backends()).hasSize(1);
        CacheOptions options = Caching.backendOf(stores).orElseThrow().options();
        assertThat(options.maximumSize()).isEqualTo(CacheOptions.DEFAULT_MAXIMUM_SIZE);
        assertThat(options.contactsTtl()).isEqualTo(CacheOptions.DEFAULT_CONTACTS_TTL);
        assertThat(options.creditsTtl()).isEqualTo(CacheOptions.DEFAULT_CREDITS_TTL);
        assertThat(options.tokensTtl()).isEqualTo(CacheOptions.DEFAULT_TOKENS_TTL);
        assertThat(options.cacheAbsences()).isFalse();
        assertThat(options.broadcaster()).isNull();
        assertThat(options.recordStatistics()).as("Micrometer is here and the meters are on").isTrue();
        CacheStatistics statistics = Caching.statistics(stores).orElseThrow();
        assertThat(statistics.caches()).extracting(CacheStats::cache)
                .containsExactly("contacts", "contacts-by-source", "contacts-by-email", "accounts", "credentials");
        assertThat(statistics.bypassing()).isFalse();

        stores.close();
        stores.close();
        assertThat(FakeBackendProvider.opened).singleElement().satisfies(b -> assertThat(b.closeCount).isEqualTo(1));
        assertThatThrownBy(stores::contacts).isInstanceOf(StoreClosedException.class);
    }

    @Test
    void every_setting_is_applied() {
        try (Stores stores = Stowage.open(config(
                "stowage.cache.enabled", "true",
                "stowage.cache.maximum-size", "1234",
                "stowage.cache.contacts.ttl", "30s",
                "stowage.cache.credits.ttl", "0s",
                "stowage.cache.tokens.ttl", "PT2M",
                "stowage.cache.cache-absences", "TRUE",
                "stowage.cache.node-id", "web-1"))) {
            CachingBackend backend = Caching.backendOf(stores).orElseThrow();
            CacheOptions options = backend.options();
            assertThat(options.maximumSize()).isEqualTo(1234);
            assertThat(options.contactsTtl()).isEqualTo(Duration.ofSeconds(30));
            assertThat(options.creditsTtl()).isZero();
            assertThat(options.tokensTtl()).isEqualTo(Duration.ofMinutes(2));
            assertThat(options.cacheAbsences()).isTrue();
            assertThat(backend.nodeId()).isEqualTo("web-1");
            assertThat(backend.statistics().cache("accounts")).as("a zero TTL turns that cache off").isEmpty();
            assertThat(backend.statistics().cache("credentials")).isPresent();
        }
    }

    @Test
    void settings_come_from_the_environment_too() {
        StowageConfig config = StowageConfig.fromEnvironment(Map.of(
                "STOWAGE_BACKEND", "fake",
                "STOWAGE_CACHE_ENABLED", "true",
                "STOWAGE_CACHE_MAXIMUM_SIZE", "77",
                "STOWAGE_CACHE_CACHE_ABSENCES", "true"));
        try (Stores stores = Stowage.open(config)) {
            assertThat(Caching.backendOf(stores).orElseThrow().options().maximumSize()).isEqualTo(77);
            assertThat(Caching.backendOf(stores).orElseThrow().options().cacheAbsences()).isTrue();
        }
    }

    @Test
    void stores_on_two_backends_share_one_cache_and_each_backend_is_closed_once() {
        Stores stores = Stowage.open(config("stowage.tokens.backend", "other", "stowage.cache.enabled", "true"));

        assertThat(stores.backends()).hasSize(2).allSatisfy(b -> assertThat(b).isInstanceOf(CachingBackend.class));
        assertThat(stores.tokensBackend().name()).isEqualTo("other");
        assertThat(((CachingBackend) stores.tokensBackend()).nodeId())
                .isEqualTo(((CachingBackend) stores.contactsBackend()).nodeId());

        stores.close();
        assertThat(FakeBackendProvider.opened).hasSize(2).allSatisfy(b -> assertThat(b.closeCount).isEqualTo(1));
    }

    @Test
    void an_unknown_cache_key_fails_fast_and_names_the_known_ones() {
        assertThatThrownBy(() -> Stowage.open(config("stowage.cache.enabled", "true", "stowage.cache.maximum-sise", "9")))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("unknown configuration key 'stowage.cache.maximum-sise'")
                .hasMessageContaining("stowage.cache.maximum-size")
                .hasMessageContaining("stowage.cache.broadcast.recording.connect");
        assertThat(FakeBackendProvider.opened).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "stowage.cache.maximum-size  | zero   | stowage.cache.maximum-size must be an integer",
            "stowage.cache.maximum-size  | 0      | maximumSize",
            "stowage.cache.contacts.ttl  | soon   | stowage.cache.contacts.ttl must be a duration",
            "stowage.cache.tokens.ttl    | -5s    | tokensTtl",
            "stowage.cache.cache-absences| maybe  | stowage.cache.cache-absences must be true or false",
            "stowage.cache.node-id       | a b    | node id",
            "stowage.cache.broadcast     | redis  | needs the dependency dev.stowage:stowage-redis",
            "stowage.cache.broadcast     | pigeon | unknown stowage.cache.broadcast 'pigeon'; use none or one of: recording",
    })
    void a_bad_setting_fails_with_a_message_and_closes_what_was_opened(String key, String value, String message) {
        assertThatThrownBy(() -> Stowage.open(config("stowage.cache.enabled", "true", key, value)))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining(message);
        assertThat(FakeBackendProvider.opened).allSatisfy(b -> assertThat(b.closeCount).isEqualTo(1));
    }

    @Test
    void a_broadcaster_is_opened_by_name_started_and_closed_with_the_stores() {
        Stores stores = Stowage.open(config("stowage.cache.enabled", "true", "stowage.cache.broadcast", "recording",
                "stowage.cache.broadcast.channel", "crm-prod"));

        RecordingBroadcaster broadcaster = RecordingBroadcaster.opened.get(0);
        assertThat(broadcaster.channel).isEqualTo("crm-prod");
        assertThat(broadcaster.listener).as("started").isNotNull();
        awaitTrue(() -> !Caching.statistics(stores).orElseThrow().bypassing(), "caching after the channel connected");

        stores.close();
        assertThat(broadcaster.closeCount).isEqualTo(1);
    }

    @Test
    void until_the_broadcaster_connects_reads_bypass_the_cache() {
        try (Stores stores = Stowage.open(config("stowage.cache.enabled", "true", "stowage.cache.broadcast", "recording",
                "stowage.cache.broadcast.recording.connect", "false"))) {
            RecordingBroadcaster broadcaster = RecordingBroadcaster.opened.get(0);
            assertThat(broadcaster.channel).isEqualTo(Caching.DEFAULT_CHANNEL);
            assertThat(Caching.statistics(stores).orElseThrow().bypassing()).isTrue();

            broadcaster.connect();
            awaitTrue(() -> !Caching.statistics(stores).orElseThrow().bypassing(), "caching after the channel connected");

            broadcaster.disconnect();
            assertThat(Caching.statistics(stores).orElseThrow().bypassing()).as("at once").isTrue();
            awaitTrue(() -> Caching.statistics(stores).orElseThrow().flushes() == 2, "the flush on loss");
            CacheStatistics statistics = Caching.statistics(stores).orElseThrow();
            assertThat(statistics.channelLosses()).isEqualTo(1);
            assertThat(statistics.bypassing()).isTrue();
        }
    }

    @Test
    void statistics_are_published_to_micrometer_when_present_and_removed_on_close() {
        Stores stores = Stowage.open(config("stowage.cache.enabled", "true", "stowage.cache.node-id", "metrics-node"));
        CachingBackend backend = Caching.backendOf(stores).orElseThrow();

        backend.flush();

        assertThat(meters.find("stowage.cache.flushes").tag("node", "metrics-node").functionCounter())
                .isNotNull().satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0));
        assertThat(meters.find("stowage.cache.gets").tag("node", "metrics-node").tag("cache", "contacts")
                .tag("store", "contacts").tag("backend", "fake").tag("outcome", "hit").functionCounter()).isNotNull();
        assertThat(meters.find("stowage.cache.bypassing").tag("node", "metrics-node").tag("store", "all").gauge().value())
                .isZero();
        assertThat(meters.find("stowage.cache.loads").tag("node", "metrics-node").tag("cache", "credentials")
                .tag("store", "tokens").tag("outcome", "failure").functionCounter()).isNotNull();

        stores.close();
        assertThat(meters.find("stowage.cache.flushes").tag("node", "metrics-node").meters()).isEmpty();
        assertThat(Metrics.globalRegistry.find("stowage.cache.gets").tag("node", "metrics-node").meters()).isEmpty();
    }

    /** Waits for a condition the cache's event thread brings about; never a fixed delay. */
    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void micrometer_can_be_turned_off() {
        try (Stores stores = Stowage.open(config("stowage.cache.enabled", "true", "stowage.cache.metrics", "false",
                "stowage.cache.node-id", "quiet-node"))) {
            assertThat(Caching.backendOf(stores)).isPresent();
            assertThat(Metrics.globalRegistry.find("stowage.cache.gets").tag("node", "quiet-node").meters()).isEmpty();
            assertThat(Caching.backendOf(stores).orElseThrow().options().recordStatistics())
                    .as("no meters, so nothing is counted").isFalse();
        }
    }

    @Test
    void statistics_can_be_set_on_their_own() {
        try (Stores stores = Stowage.open(config("stowage.cache.enabled", "true", "stowage.cache.metrics", "false",
                "stowage.cache.statistics", "true"))) {
            assertThat(Caching.statistics(stores).orElseThrow().recorded()).isTrue();
        }
        try (Stores stores = Stowage.open(config("stowage.cache.enabled", "true", "stowage.cache.statistics", "false",
                "stowage.cache.node-id", "uncounted-node"))) {
            assertThat(Caching.statistics(stores).orElseThrow().recorded()).isFalse();
            assertThat(Metrics.globalRegistry.find("stowage.cache.gets").tag("node", "uncounted-node").meters())
                    .as("the meters are left out rather than publishing zeros").isEmpty();
        }
    }

    @Test
    void meters_asked_for_without_statistics_are_refused() {
        assertThatThrownBy(() -> Stowage.open(config("stowage.cache.enabled", "true", "stowage.cache.metrics", "true",
                "stowage.cache.statistics", "false")))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("stowage.cache.metrics=true")
                .hasMessageContaining("stowage.cache.statistics=false");
        assertThat(FakeBackendProvider.opened).allSatisfy(b -> assertThat(b.closeCount).isEqualTo(1));
    }
}
