package dev.stowage.micrometer;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.cache.Caching;
import dev.stowage.contact.ContactDraft;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The decorator as Stowage.open applies it: on with the module on the class path, into the global registry. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StowageMetricsConfigTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void addRegistry() {
        Metrics.addRegistry(registry);
    }

    @AfterEach
    void removeRegistry() {
        Metrics.removeRegistry(registry);
    }

    @Test
    void stowage_open_meters_the_stores_in_the_global_registry() {
        try (Stores stores = Stowage.open(Map.of("stowage.backend", "memory", "stowage.tenant", "metrics-on"))) {
            assertThat(MeteredStores.isMetered(stores)).isTrue();
            stores.contacts().create(ContactDraft.builder("ada@example.com").build());
            assertThat(registry.find(MeteredStores.OPERATIONS).tag("operation", "create").tag("store", "contacts")
                    .timer()).isNotNull().satisfies(timer -> assertThat(timer.count()).isPositive());
        }
    }

    @Test
    void metrics_can_be_turned_off() {
        try (Stores stores = Stowage.open(Map.of("stowage.backend", "memory", "stowage.metrics.enabled", "false"))) {
            assertThat(MeteredStores.isMetered(stores)).isFalse();
        }
    }

    @Test
    void the_meters_wrap_the_cache_which_stays_reachable() {
        try (Stores stores = Stowage.open(Map.of("stowage.backend", "memory", "stowage.cache.enabled", "true",
                "stowage.cache.metrics", "false"))) {
            assertThat(MeteredStores.isMetered(stores)).isTrue();
            assertThat(stores.contactsBackend()).isInstanceOf(MeteredBackend.class);
            assertThat(Caching.backendOf(stores)).isPresent();
        }
    }
}
