package dev.stowage;

import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.spi.StoresDecoratorProvider;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test decorator "recorder": inert unless {@code stowage.recorder.enabled=true}; then it records
 * the stores it was given and returns them, or fails with {@code stowage.recorder.fail=true}.
 */
public class RecordingDecoratorProvider implements StoresDecoratorProvider {

    static final List<Stores> decorated = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "recorder";
    }

    @Override
    public Set<String> configKeys() {
        return Set.of("stowage.recorder.enabled", "stowage.recorder.fail");
    }

    @Override
    public Stores decorate(Stores stores, StowageConfig config, Clock clock) {
        if (!config.getBoolean("stowage.recorder.enabled", false)) {
            return stores;
        }
        if (config.getBoolean("stowage.recorder.fail", false)) {
            throw new StoreConfigurationException("the recorder was told to fail");
        }
        decorated.add(stores);
        return stores;
    }
}
