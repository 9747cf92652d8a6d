package dev.stowage.redis;

import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.TestServers;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * A Redis deployment the tests run against: the standalone server ({@link TestServers#redisUri()})
 * or the local three-master Cluster ({@link LocalRedisCluster}).
 *
 * @param uri     the URI, or comma-separated seed URIs for a Cluster
 * @param cluster whether it is a Cluster
 */
record TestTarget(String uri, boolean cluster) {

    static TestTarget standaloneServer() {
        return new TestTarget(TestServers.redisUri(), false);
    }

    static TestTarget localCluster() {
        return new TestTarget(LocalRedisCluster.uri(), true);
    }

    /**
     * @param testClass the test class
     * @return a key prefix no other test class or run uses
     */
    static String uniquePrefix(Class<?> testClass) {
        String name = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return "t-" + name.substring(0, Math.min(name.length(), 30)) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * @param prefix the key prefix
     * @param clock  the store clock
     * @return a backend on this deployment
     */
    StoreBackend backend(String prefix, Clock clock) {
        return RedisStores.builder(uri).cluster(cluster).prefix(prefix).clock(clock)
                .commandTimeout(Duration.ofSeconds(5)).buildBackend();
    }
}
