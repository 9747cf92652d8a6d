package dev.stowage.spring.health;

import dev.stowage.Stores;
import dev.stowage.spring.StowageAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Health indicators under {@code stowage} for Spring Boot 4 (its health API, module spring-boot-health,
 * which Actuator brings; {@link Boot3HealthAutoConfiguration} is the same for Spring Boot 3): {@code stowage.postgres}, {@code stowage.redis}, {@code stowage.memory}
 * for the backends of the {@link Stores} bean and {@code stowage.cache-channel} for the cache's
 * broadcast channel ({@link StowageProbes}). Turned off with
 * {@code management.health.stowage.enabled=false}; replaced by a bean named {@code stowageHealthContributor}.
 */
@AutoConfiguration(after = StowageAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Stores.class)
@ConditionalOnProperty(name = "management.health.stowage.enabled", matchIfMissing = true)
public class StowageHealthAutoConfiguration {

    /** Creates the configuration; Spring calls this. */
    public StowageHealthAutoConfiguration() {
    }

    /**
     * @param stores the stores bean
     * @return a health indicator per backend and per cache channel
     */
    @Bean
    @ConditionalOnMissingBean(name = "stowageHealthContributor")
    public CompositeHealthContributor stowageHealthContributor(Stores stores) {
        Map<String, Supplier<Probe>> probes = StowageProbes.of(stores);
        return CompositeHealthContributor.fromMap(probes, probe -> (HealthIndicator) () -> health(probe.get()));
    }

    private static Health health(Probe probe) {
        return (probe.up() ? Health.up() : Health.down()).withDetails(probe.details()).build();
    }
}
