package dev.stowage.redis;

/** Every contract against the local three-master Cluster, opened with the builder. */
class RedisClusterContractsTest extends RedisDeploymentContracts {

    RedisClusterContractsTest() {
        super(TestTarget.localCluster());
    }
}
