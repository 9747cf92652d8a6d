package dev.stowage.spring;

import dev.stowage.Stores;
import dev.stowage.StowageConfig;

/**
 * A step applied to the opened {@link Stores} before they become the bean, in
 * {@link org.springframework.core.Ordered} order: the starter meters them through one when the
 * application has a {@code MeterRegistry}; an application may wrap them in its own decorators.
 */
@FunctionalInterface
public interface StowageStoresCustomizer {

    /**
     * @param stores the stores so far
     * @param config the configuration they were opened from
     * @return the stores to continue with; if they are new stores, closing them must close the given ones
     */
    Stores customize(Stores stores, StowageConfig config);
}
