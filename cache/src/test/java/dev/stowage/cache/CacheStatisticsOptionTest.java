package dev.stowage.cache;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactStore;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.testkit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Statistics are counted only when asked for ({@link CacheOptions#recordStatistics()}), as in
 * Caffeine: counting is an atomic increment on every hit. Without them the cache still caches,
 * and the meters that need them refuse to bind instead of publishing zeros.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CacheStatisticsOptionTest {

    private final MutableClock clock = MutableClock.standard();
    private final CountingBackend store = new CountingBackend(InMemoryStores.backend(clock));
    private CachingBackend cached;

    @AfterEach
    void close() {
        cached.close();
    }

    private Contact readTwice(CacheOptions options) {
        cached = Caching.wrap(store, options);
        ContactStore contacts = cached.contacts(TenantId.DEFAULT);
        Contact ada = contacts.create(ContactDraft.builder("ada@example.com").build());
        assertThat(contacts.get(ada.id())).contains(ada);
        assertThat(contacts.get(ada.id())).contains(ada);
        return ada;
    }

    @Test
    void by_default_nothing_is_counted_but_the_second_read_is_still_a_hit() {
        CacheOptions options = CacheOptions.builder().clock(clock).build();
        assertThat(options.recordStatistics()).isFalse();

        readTwice(options);

        assertThat(store.calls("get")).as("the second read was served from the cache").isEqualTo(1);
        CacheStatistics statistics = cached.statistics();
        assertThat(statistics.recorded()).isFalse();
        CacheStats contacts = statistics.cache("contacts").orElseThrow();
        assertThat(contacts.hits()).isZero();
        assertThat(contacts.misses()).isZero();
        assertThat(contacts.size()).as("sizes are kept either way").isEqualTo(1);
    }

    @Test
    void recorded_statistics_count_the_hit_and_the_miss() {
        readTwice(CacheOptions.builder().clock(clock).recordStatistics(true).build());

        CacheStatistics statistics = cached.statistics();
        assertThat(statistics.recorded()).isTrue();
        CacheStats contacts = statistics.cache("contacts").orElseThrow();
        assertThat(contacts.hits()).isEqualTo(1);
        assertThat(contacts.misses()).isEqualTo(1);
        assertThat(cached.options().toBuilder().build().recordStatistics()).as("toBuilder keeps it").isTrue();
    }

    @Test
    void the_meters_refuse_a_cache_that_does_not_count_and_say_how_to_turn_it_on() {
        cached = Caching.wrap(store, CacheOptions.builder().clock(clock).build());

        assertThatThrownBy(() -> new CacheMetrics(cached).bindTo(new SimpleMeterRegistry()))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("recordStatistics(true)")
                .hasMessageContaining(Caching.STATISTICS);
    }
}
