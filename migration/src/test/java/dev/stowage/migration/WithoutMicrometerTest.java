package dev.stowage.migration;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.Stores;
import dev.stowage.inmemory.InMemoryStores;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Micrometer is optional: an application without it runs migrations (metrics on by default)
 * without a ClassNotFoundError. The copy runs in a class loader that cannot see Micrometer.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class WithoutMicrometerTest {

    @Test
    void a_copy_runs_without_micrometer_on_the_class_path() throws Exception {
        URL[] classPath = {location(Migration.class), location(WithoutMicrometerScenario.class),
            location(Stores.class), location(InMemoryStores.class), location(ObjectMapper.class),
            location(JsonFactory.class), location(JsonProperty.class)};
        try (URLClassLoader isolated = new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry", false, isolated))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> scenario = Class.forName(WithoutMicrometerScenario.class.getName(), true, isolated);
            assertThat(scenario.getClassLoader()).isSameAs(isolated);
            Object written = scenario.getMethod("copy").invoke(null);
            assertThat(written).isEqualTo(51L);
        }
    }

    private static URL location(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }
}
