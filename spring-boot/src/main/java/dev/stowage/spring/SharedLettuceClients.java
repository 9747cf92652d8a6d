package dev.stowage.spring;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

import java.util.Map;

/**
 * Finds the application's Lettuce client: a {@link RedisClient} or {@link RedisClusterClient}
 * bean, else the native client of Spring Data Redis's {@code LettuceConnectionFactory}. Loaded
 * only when Lettuce is on the class path.
 */
final class SharedLettuceClients {

    private static final String CONNECTION_FACTORY =
            "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory";

    private SharedLettuceClients() {
    }

    static void addTo(Map<Class<?>, Object> resources, ListableBeanFactory beans) {
        RedisClient client = beans.getBeanProvider(RedisClient.class).getIfUnique();
        RedisClusterClient cluster = beans.getBeanProvider(RedisClusterClient.class).getIfUnique();
        if (client == null && cluster == null
                && ClassUtils.isPresent(CONNECTION_FACTORY, SharedLettuceClients.class.getClassLoader())) {
            AbstractRedisClient factoryClient = SpringDataRedisClient.nativeClient(beans);
            client = factoryClient instanceof RedisClient standalone ? standalone : null;
            cluster = factoryClient instanceof RedisClusterClient clustered ? clustered : null;
        }
        if (client != null) {
            resources.put(RedisClient.class, client);
        }
        if (cluster != null) {
            resources.put(RedisClusterClient.class, cluster);
        }
    }
}
