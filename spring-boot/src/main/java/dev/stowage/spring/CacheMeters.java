package dev.stowage.spring;

import dev.stowage.Stores;
import dev.stowage.StowageConfig;
import dev.stowage.cache.CacheMetrics;
import dev.stowage.cache.Caching;
import io.micrometer.core.instrument.MeterRegistry;

/** Binds the cache's meters to the application's registry. Loaded only when stowage-cache is present. */
final class CacheMeters {

    private CacheMeters() {
    }

    static void bind(Stores stores, MeterRegistry registry) {
        Caching.backendOf(stores).ifPresent(backend -> new CacheMetrics(backend).bindTo(registry));
    }

    /**
     * @param config the application's configuration
     * @return it with the library's own registration in the global registry off and the cache's
     *     statistics recorded whenever the application's registry is to get the meters
     */
    static StowageConfig openingConfig(StowageConfig config) {
        // The starter always brings Micrometer (through stowage-micrometer).
        return config.with(Caching.STATISTICS, String.valueOf(Caching.recordsStatistics(config, true)))
                .with(Caching.METRICS, "false");
    }

    /**
     * @param config the application's configuration
     * @return whether the cache's meters go to the application's registry
     */
    static boolean bindsMeters(StowageConfig config) {
        return Caching.bindsMeters(config, true);
    }
}
