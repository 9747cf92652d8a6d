package dev.stowage.redis;

/** Every contract against the standalone server, opened with the builder. */
class RedisStandaloneContractsTest extends RedisDeploymentContracts {

    RedisStandaloneContractsTest() {
        super(TestTarget.standaloneServer());
    }
}
