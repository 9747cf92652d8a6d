package dev.stowage.redis;

import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.DeploymentContracts;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every contract against a Redis deployment, under a key prefix of its own (the namespace). After
 * the last group the prefix is audited (no index entry without its record, no ledger off its
 * balance, no unknown key), removed, and checked to be empty. The
 * backend is opened with the builder unless a deployment says otherwise.
 */
abstract class RedisDeploymentContracts extends DeploymentContracts {

    private final TestTarget target;

    /**
     * @param target the deployment the groups run against
     */
    RedisDeploymentContracts(TestTarget target) {
        this.target = target;
    }

    /**
     * @return the deployment the groups run against
     */
    protected TestTarget target() {
        return target;
    }

    @Override
    protected StoreBackend openBackend(String prefix, Clock clock) {
        return target.backend(prefix, clock);
    }

    @Override
    protected void removeNamespace(String prefix) {
        try (RawRedis raw = RawRedis.open(target)) {
            try {
                assertThat(KeyspaceAudit.check(raw, prefix)).as("integrity of prefix " + prefix).isEmpty();
            } finally {
                raw.deletePrefix(prefix);
            }
            assertThat(raw.keysOfPrefix(prefix)).as("keys left under prefix " + prefix).isEmpty();
        }
    }
}
