package dev.stowage.redis;

import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.TenantsContract;

import java.time.Clock;

/** {@link TenantsContract} against the local three-master Cluster, opened with the builder. */
class RedisClusterTenantsContractTest extends TenantsContract {

    private final TestTarget target = TestTarget.localCluster();
    private final String prefix = TestTarget.uniquePrefix(getClass());

    @Override
    protected StoreBackend openBackend(Clock clock) {
        return ContractSupport.open(target, ContractSupport.Opening.BUILDER, prefix, clock);
    }

    @Override
    protected void closeBackend(StoreBackend backend) {
        super.closeBackend(backend);
        ContractSupport.auditAndRemove(target, prefix);
    }
}
