package dev.stowage.cache;

import io.micrometer.core.instrument.Metrics;

/**
 * The only place configuration touches Micrometer types. It is loaded only after
 * {@link Caching#micrometerPresent()} said yes, so core runs without Micrometer on the class path.
 */
final class MicrometerBinding {

    private MicrometerBinding() {
    }

    /**
     * Registers the cache's meters with {@link Metrics#globalRegistry}; they are removed when the
     * cache closes.
     *
     * @param backend the caching decorator
     */
    static void bindToGlobalRegistry(CachingBackend backend) {
        new CacheMetrics(backend).bindTo(Metrics.globalRegistry);
    }
}
