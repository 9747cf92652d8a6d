package dev.stowage.spring.health;

import dev.stowage.Stores;
import dev.stowage.spring.StowageAutoConfiguration;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The health indicators of {@code StowageHealthAutoConfiguration} (Spring Boot 4) for Spring Boot 3, whose health
 * API is Actuator's {@code org.springframework.boot.actuate.health}: the same components
 * ({@link StowageProbes}), the same switch ({@code management.health.stowage.enabled}). Off on
 * Spring Boot 4, where Boot 4's health API is present.
 */
@AutoConfiguration(after = StowageAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(Stores.class)
@ConditionalOnProperty(name = "management.health.stowage.enabled", matchIfMissing = true)
public class Boot3HealthAutoConfiguration {

    /** Creates the configuration; Spring calls this. */
    public Boot3HealthAutoConfiguration() {
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
