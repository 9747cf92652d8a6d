package dev.stowage.spring;

import io.lettuce.core.AbstractRedisClient;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The Lettuce client inside Spring Data Redis's connection factory. Loaded only when Spring
 * Data Redis is on the class path.
 */
final class SpringDataRedisClient {

    private SpringDataRedisClient() {
    }

    /**
     * @return the native client of the application's unique {@link LettuceConnectionFactory},
     *     started first if it was not yet, or {@code null} without one
     */
    static AbstractRedisClient nativeClient(ListableBeanFactory beans) {
        LettuceConnectionFactory factory = beans.getBeanProvider(LettuceConnectionFactory.class).getIfUnique();
        if (factory == null) {
            return null;
        }
        if (factory.getNativeClient() == null) {
            factory.start();
        }
        return factory.getNativeClient();
    }
}
