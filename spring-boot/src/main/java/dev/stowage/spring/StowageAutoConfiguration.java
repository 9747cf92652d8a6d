package dev.stowage.spring;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.StowageConfig;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes {@link Stores} a bean from the {@code stowage.*} properties, with the keys of
 * {@link Stowage#open} ({@code stowage.backend=postgres}, {@code stowage.tokens.backend=redis},
 * {@code stowage.cache.enabled=true}, ...). Without {@code stowage.backend} every store is in
 * memory. The PostgreSQL backend uses the application's {@link DataSource} and the Redis backend
 * its Lettuce client (a {@code RedisClient} bean or Spring Data Redis's connection factory) unless
 * {@code stowage.postgres.url} / {@code stowage.redis.uri} say otherwise. The stores are closed
 * with the context. Every bean is {@link ConditionalOnMissingBean}: declare a {@link StowageConfig},
 * {@link StowageResources} or {@link Stores} bean of your own to replace that piece, or a
 * {@link StowageStoresCustomizer} to add one. Meters and health indicators come from
 * {@link StowageMetricsAutoConfiguration} and {@code dev.stowage.spring.health.StowageHealthAutoConfiguration}.
 * <p>
 * Ordered after the DataSource, Redis and meter registry auto-configurations of Spring Boot 4 and 3,
 * named by string so either line's classes may be absent.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
        "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration"})
public class StowageAutoConfiguration {

    /** The backend of every store when {@code stowage.backend} is not set. */
    public static final String DEFAULT_BACKEND = "memory";

    /** Creates the configuration; Spring calls this. */
    public StowageAutoConfiguration() {
    }

    /**
     * @param environment the application's environment
     * @return its {@code stowage.*} properties
     */
    @Bean
    @ConditionalOnMissingBean
    public StowageConfig stowageConfig(Environment environment) {
        return SpringStowageConfig.from(environment);
    }

    /**
     * @param dataSources the application's DataSource, if it has exactly one (or a primary one)
     * @param beans       the bean factory, searched for a Lettuce client and a {@code MeterRegistry}
     *                    (where the switching backend of a moving store registers its meters)
     * @return what the backends share with the application
     */
    @Bean
    @ConditionalOnMissingBean
    public StowageResources stowageResources(ObjectProvider<DataSource> dataSources, ListableBeanFactory beans) {
        Map<Class<?>, Object> resources = new LinkedHashMap<>();
        DataSource dataSource = dataSources.getIfUnique();
        if (dataSource != null) {
            resources.put(DataSource.class, dataSource);
        }
        if (ClassUtils.isPresent("io.lettuce.core.RedisClient", StowageAutoConfiguration.class.getClassLoader())) {
            SharedLettuceClients.addTo(resources, beans);
        }
        if (ClassUtils.isPresent("io.micrometer.core.instrument.MeterRegistry", StowageAutoConfiguration.class.getClassLoader())) {
            SharedMeterRegistry.addTo(resources, beans);
        }
        return new StowageResources(resources);
    }

    /**
     * @param config      the configuration
     * @param resources   what the backends share
     * @param clocks      the application's {@link Clock}, if it has exactly one; else the system UTC clock
     * @param customizers applied in order to the opened stores
     * @return the stores, closed with the context
     * @throws dev.stowage.exception.StoreConfigurationException if the properties cannot work, which fails
     *     the application's start with the library's message
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Stores stowageStores(StowageConfig config, StowageResources resources, ObjectProvider<Clock> clocks,
                                ObjectProvider<StowageStoresCustomizer> customizers) {
        Stores stores = Stowage.open(openingConfig(config), clocks.getIfUnique(Clock::systemUTC), resources.byType());
        try {
            for (StowageStoresCustomizer customizer : customizers.orderedStream().toList()) {
                stores = customizer.customize(stores, config);
            }
            return stores;
        } catch (RuntimeException e) {
            stores.close();
            throw e;
        }
    }

    /**
     * @return the configuration {@code Stowage.open} gets: the memory backend unless one is chosen,
     *     and the library's own registration in Micrometer's global registry off, since the meters
     *     go to the application's registry ({@link StowageMetricsAutoConfiguration})
     */
    static StowageConfig openingConfig(StowageConfig config) {
        StowageConfig opening = config;
        if (config.get("stowage.backend").isEmpty()) {
            opening = opening.with("stowage.backend", DEFAULT_BACKEND);
        }
        ClassLoader loader = StowageAutoConfiguration.class.getClassLoader();
        if (ClassUtils.isPresent("dev.stowage.micrometer.MeteredStores", loader)) {
            opening = opening.with("stowage.metrics.enabled", "false");
        }
        if (ClassUtils.isPresent("dev.stowage.cache.Caching", loader)) {
            opening = CacheMeters.openingConfig(opening);
        }
        return opening;
    }
}
