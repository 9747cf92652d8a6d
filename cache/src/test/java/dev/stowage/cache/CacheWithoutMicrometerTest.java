package dev.stowage.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.stowage.FakeBackendProvider;
import dev.stowage.Stowage;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Micrometer is an optional dependency: an application without it must be able to turn the cache
 * on (with metrics left at their default, on). The test loads core, the cache, Caffeine and core's
 * test backends in a class loader that cannot see Micrometer.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CacheWithoutMicrometerTest {

    @Test
    void the_cache_works_without_micrometer_on_the_class_path() throws Exception {
        URL[] classPath = {location(Stowage.class), location(Caching.class), location(FakeBackendProvider.class),
                location(Caffeine.class)};
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader isolated = new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry", false, isolated))
                    .isInstanceOf(ClassNotFoundException.class);
            Thread.currentThread().setContextClassLoader(isolated);

            Class<?> stowage = Class.forName(Stowage.class.getName(), true, isolated);
            Class<?> storesType = Class.forName("dev.stowage.Stores", true, isolated);
            Class<?> caching = Class.forName(Caching.class.getName(), true, isolated);
            Object stores = stowage.getMethod("open", Map.class)
                    .invoke(null, Map.of("stowage.backend", "fake", "stowage.cache.enabled", "true"));
            try {
                Optional<?> statistics = (Optional<?>) caching.getMethod("statistics", storesType).invoke(null, stores);
                assertThat(statistics).isPresent();
                assertThat(statistics.get().getClass().getClassLoader()).isSameAs(isolated);
                assertThat(statistics.get().getClass().getMethod("recorded").invoke(statistics.get()))
                        .as("no meters to publish, so nothing is counted by default").isEqualTo(false);
            } finally {
                storesType.getMethod("close").invoke(stores);
            }
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static URL location(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }
}
