package dev.stowage.spi;

import dev.stowage.Stores;
import dev.stowage.StowageConfig;

import java.time.Clock;
import java.util.Set;

/**
 * Lets a module wrap the stores {@link dev.stowage.Stowage#open} opened, configured by its own
 * {@code stowage.<name>.*} keys; the caching decorator of stowage-cache is one. Modules register
 * an implementation in {@code META-INF/services/dev.stowage.spi.StoresDecoratorProvider}, so
 * core needs no compile-time dependency on them and an application pulls in only the decorators
 * it puts on its class path. Decorators found are applied in the order of their names.
 */
public interface StoresDecoratorProvider {

    /**
     * @return the decorator's name, which is also the second part of its keys: {@code "cache"}
     *     for {@code stowage.cache.*}; lower-case letters and digits
     */
    String name();

    /**
     * @return every configuration key the decorator reads, in full ({@code stowage.cache.enabled});
     *     {@link dev.stowage.Stowage#open} rejects any other key under {@code stowage.<name>.}
     */
    Set<String> configKeys();

    /**
     * Applies the decorator's configuration to opened stores.
     *
     * @param stores the opened stores (perhaps already decorated by a decorator whose name sorts first)
     * @param config the whole configuration
     * @param clock  the stores' clock
     * @return the stores unchanged when the configuration leaves the decorator off, else the
     *     decorated stores, which close the given ones when closed
     * @throws dev.stowage.exception.StoreConfigurationException if a setting cannot work; the
     *     caller then closes the given stores
     */
    Stores decorate(Stores stores, StowageConfig config, Clock clock);
}
