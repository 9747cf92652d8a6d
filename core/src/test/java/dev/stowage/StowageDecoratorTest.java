package dev.stowage;

import dev.stowage.exception.StoreConfigurationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Decorators are found with {@link java.util.ServiceLoader} ({@link RecordingDecoratorProvider}
 * here); the cache is one, and core runs without it: stowage-cache is not on core's class path.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StowageDecoratorTest {

    @BeforeEach
    void reset() {
        FakeBackendProvider.opened.clear();
        RecordingDecoratorProvider.decorated.clear();
    }

    @Test
    void a_decorator_on_the_class_path_reads_its_keys_and_wraps_the_opened_stores() {
        try (Stores stores = Stowage.open(Map.of("stowage.backend", "fake", "stowage.recorder.enabled", "true"))) {
            assertThat(RecordingDecoratorProvider.decorated).singleElement().isSameAs(stores);
        }
        try (Stores stores = Stowage.open(Map.of("stowage.backend", "fake"))) {
            assertThat(RecordingDecoratorProvider.decorated).as("left off, it is not applied").hasSize(1);
        }
    }

    @Test
    void a_decorator_that_fails_closes_the_opened_backends() {
        assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backend", "fake", "stowage.tokens.backend", "other",
                "stowage.recorder.enabled", "true", "stowage.recorder.fail", "true")))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("the recorder was told to fail");
        assertThat(FakeBackendProvider.opened).hasSize(2).allSatisfy(b -> assertThat(b.closeCount).isEqualTo(1));
    }

    @Test
    void enabling_the_cache_without_its_module_fails_fast_naming_the_dependency() {
        assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backend", "fake", "stowage.cache.enabled", "true")))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("stowage.cache.enabled")
                .hasMessageContaining("add the dependency dev.stowage:stowage-cache");
        assertThatThrownBy(() -> Stowage.open(StowageConfig.fromEnvironment(Map.of(
                "STOWAGE_BACKEND", "fake", "STOWAGE_CACHE_ENABLED", "TRUE"))))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("dev.stowage:stowage-cache");
        assertThat(FakeBackendProvider.opened).as("nothing is opened").isEmpty();
    }

    @Test
    void any_other_cache_key_without_the_module_names_the_dependency_too() {
        assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backend", "fake", "stowage.cache.enabled", "false",
                "stowage.cache.tokens.ttl", "1m")))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("stowage.cache.tokens.ttl")
                .hasMessageContaining("add the dependency dev.stowage:stowage-cache");
        assertThat(FakeBackendProvider.opened).isEmpty();
    }

    @Test
    void the_cache_turned_off_needs_no_module() {
        try (Stores stores = Stowage.open(Map.of("stowage.backend", "fake", "stowage.cache.enabled", "false"))) {
            assertThat(stores.backends()).singleElement().satisfies(b -> assertThat(b.name()).isEqualTo("fake"));
        }
        assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backend", "fake", "stowage.cache.enabled", "maybe")))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("stowage.cache.enabled must be true or false");
    }
}
