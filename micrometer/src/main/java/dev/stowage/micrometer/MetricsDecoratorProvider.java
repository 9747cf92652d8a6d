package dev.stowage.micrometer;

import dev.stowage.Stores;
import dev.stowage.StowageConfig;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.spi.StoresDecoratorProvider;

import java.time.Clock;
import java.util.Set;

/**
 * Decorator {@code metrics} of {@link dev.stowage.Stowage#open}: with this module on the class
 * path, stores are metered ({@link MeteredStores}) in Micrometer's global registry unless
 * {@value #ENABLED}{@code =false}. The name sorts after {@code cache}, so the meters wrap the
 * cache and time what the application sees. Registered in
 * {@code META-INF/services/dev.stowage.spi.StoresDecoratorProvider}; this class loads no
 * Micrometer type, so it is harmless if an application excluded Micrometer.
 */
public final class MetricsDecoratorProvider implements StoresDecoratorProvider {

    /** Whether {@link dev.stowage.Stowage#open} meters the stores (default {@code true}). */
    public static final String ENABLED = "stowage.metrics.enabled";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public MetricsDecoratorProvider() {
    }

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(ENABLED);
    }

    @Override
    public Stores decorate(Stores stores, StowageConfig config, Clock clock) {
        boolean explicit = config.get(ENABLED).isPresent();
        if (!config.getBoolean(ENABLED, true)) {
            return stores;
        }
        if (!micrometerPresent()) {
            if (explicit) {
                throw new StoreConfigurationException(ENABLED + "=true needs Micrometer on the class path: add the"
                        + " dependency io.micrometer:micrometer-core, or remove the key");
            }
            return stores;
        }
        return GlobalRegistryMeters.wrap(stores);
    }

    private static boolean micrometerPresent() {
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry", false,
                    MetricsDecoratorProvider.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
