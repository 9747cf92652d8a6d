package dev.stowage.migration.switching;

import dev.stowage.migration.StoreKind;

import java.util.function.ToDoubleFunction;

/**
 * Where the switching backend reports what it does. Without Micrometer on the class path this is
 * {@link #NONE} and no Micrometer class is ever loaded (the engine's rule, see
 * {@code MigrationMetrics}).
 */
interface SwitchingMetrics {

    /** Records nothing. */
    SwitchingMetrics NONE = new SwitchingMetrics() { };

    /** @param result one shadow read */
    default void shadow(ShadowResult result) {
    }

    /** @param store a store whose shadow read was not made because the shadow executor was full */
    default void shadowDropped(StoreKind store) {
    }

    /** @param store a store whose replication failed once (its key was queued) */
    default void replicationFailed(StoreKind store) {
    }

    /**
     * @param store a store
     * @param depth reads the store's repair-queue depth when the registry asks
     */
    default void repairDepth(StoreKind store, ToDoubleFunction<StoreKind> depth) {
    }

    /** Removes the gauges this registered, so that a closed backend is no longer read. */
    default void close() {
    }

    /**
     * @param registry a {@code io.micrometer.core.instrument.MeterRegistry}, or {@code null} for
     *                 Micrometer's global registry
     * @param enabled  whether metrics are wanted
     * @return Micrometer meters if wanted and Micrometer is present, else {@link #NONE}
     */
    static SwitchingMetrics create(boolean enabled, Object registry) {
        if (!enabled) {
            return NONE;
        }
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry", false, SwitchingMetrics.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return NONE;
        }
        return MicrometerSwitchingMetrics.create(registry);
    }
}
