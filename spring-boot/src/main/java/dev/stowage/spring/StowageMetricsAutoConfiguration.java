package dev.stowage.spring;

import dev.stowage.Stores;
import dev.stowage.StowageConfig;
import dev.stowage.micrometer.MeteredStores;
import dev.stowage.micrometer.MetricsDecoratorProvider;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * When the application has a {@link MeterRegistry} bean (Spring Boot's Actuator makes one),
 * meters every store operation into it ({@link MeteredStores}: {@code stowage.store.operations},
 * {@code stowage.store.errors}) and, with the cache on, binds the cache's {@code stowage.cache.*}
 * meters to it too. {@code stowage.metrics.enabled=false} turns the store meters off,
 * {@code stowage.cache.metrics=false} the cache's.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, MeteredStores.class})
@ConditionalOnBean(MeterRegistry.class)
public class StowageMetricsAutoConfiguration {

    /** Creates the configuration; Spring calls this. */
    public StowageMetricsAutoConfiguration() {
    }

    /**
     * @param registry the application's registry
     * @return the customizer that meters the stores, applied last so it times what the application sees
     */
    @Bean
    @ConditionalOnMissingBean(name = "stowageMetricsCustomizer")
    public StowageStoresCustomizer stowageMetricsCustomizer(MeterRegistry registry) {
        return new MeteringCustomizer(registry);
    }

    /** Meters the stores and binds the cache's meters. */
    static final class MeteringCustomizer implements StowageStoresCustomizer, Ordered {
        private final MeterRegistry registry;

        MeteringCustomizer(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public Stores customize(Stores stores, StowageConfig config) {
            if (ClassUtils.isPresent("dev.stowage.cache.Caching", getClass().getClassLoader())
                    && CacheMeters.bindsMeters(config)) {
                CacheMeters.bind(stores, registry);
            }
            return config.getBoolean(MetricsDecoratorProvider.ENABLED, true) ? MeteredStores.wrap(stores, registry)
                    : stores;
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
