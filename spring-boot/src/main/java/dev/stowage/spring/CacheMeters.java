package dev.stowage.spring;

import dev.stowage.Stores;
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
}
