package dev.stowage.micrometer;

import dev.stowage.Stores;
import io.micrometer.core.instrument.Metrics;

/**
 * The one place {@link MetricsDecoratorProvider} touches Micrometer, loaded only after it checked
 * that Micrometer is on the class path.
 */
final class GlobalRegistryMeters {

    private GlobalRegistryMeters() {
    }

    static Stores wrap(Stores stores) {
        return MeteredStores.wrap(stores, Metrics.globalRegistry);
    }
}
