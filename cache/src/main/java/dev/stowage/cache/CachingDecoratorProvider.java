package dev.stowage.cache;

import dev.stowage.Stores;
import dev.stowage.StowageConfig;
import dev.stowage.spi.StoresDecoratorProvider;

import java.time.Clock;
import java.util.Set;

/**
 * Puts the cache on the class path of {@link dev.stowage.Stowage#open}: decorator {@code cache},
 * keys {@code stowage.cache.*} (see {@link Caching#configKeys()}), applied by
 * {@link Caching#configure} when {@code stowage.cache.enabled=true}. Registered in
 * {@code META-INF/services/dev.stowage.spi.StoresDecoratorProvider}.
 */
public final class CachingDecoratorProvider implements StoresDecoratorProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public CachingDecoratorProvider() {
    }

    @Override
    public String name() {
        return "cache";
    }

    @Override
    public Set<String> configKeys() {
        return Caching.configKeys();
    }

    @Override
    public Stores decorate(Stores stores, StowageConfig config, Clock clock) {
        return Caching.configure(stores, config, clock);
    }
}
