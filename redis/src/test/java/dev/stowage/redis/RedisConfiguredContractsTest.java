package dev.stowage.redis;

import dev.stowage.Stowage;
import dev.stowage.StowageConfig;
import dev.stowage.spi.StoreBackend;

import java.time.Clock;
import java.util.Map;

/** Every contract against the standalone server, opened by {@code Stowage.open} with a configuration map. */
class RedisConfiguredContractsTest extends RedisDeploymentContracts {

    RedisConfiguredContractsTest() {
        super(TestTarget.standaloneServer());
    }

    @Override
    protected StoreBackend openBackend(String prefix, Clock clock) {
        return Stowage.open(StowageConfig.of(Map.of(
                "stowage.backend", "redis",
                "stowage.redis.uri", target().uri(),
                "stowage.redis.cluster", Boolean.toString(target().cluster()),
                "stowage.redis.prefix", prefix,
                "stowage.redis.command-timeout", "5s")), clock).contactsBackend();
    }
}
