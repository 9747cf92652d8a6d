package dev.stowage.redis;

/** The refresh grace period on the Redis Cluster. */
class RedisClusterRefreshGracePeriodTest extends RedisRefreshGracePeriodTest {

    @Override
    TestTarget target() {
        return TestTarget.localCluster();
    }
}
