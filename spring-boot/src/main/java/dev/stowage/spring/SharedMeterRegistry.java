package dev.stowage.spring;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ListableBeanFactory;

import java.util.Map;

/**
 * Shares the application's {@link MeterRegistry} with {@code Stowage.open}, so the switching
 * backend of a moving store registers its {@code stowage.switching.*} meters there rather than in
 * Micrometer's global registry (which an application may not publish). Loaded only when
 * Micrometer is on the class path.
 */
final class SharedMeterRegistry {

    private SharedMeterRegistry() {
    }

    static void addTo(Map<Class<?>, Object> resources, ListableBeanFactory beans) {
        MeterRegistry registry = beans.getBeanProvider(MeterRegistry.class).getIfUnique();
        if (registry != null) {
            resources.put(MeterRegistry.class, registry);
        }
    }
}
