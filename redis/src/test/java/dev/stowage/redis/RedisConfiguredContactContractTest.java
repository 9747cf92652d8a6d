package dev.stowage.redis;

import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.ContactStoreContract;

import java.time.Clock;

/** {@link ContactStoreContract} against the standalone server, opened by Stowage.open with a config map. */
class RedisConfiguredContactContractTest extends ContactStoreContract {

    private final TestTarget target = TestTarget.standaloneServer();
    private final String prefix = TestTarget.uniquePrefix(getClass());

    @Override
    protected StoreBackend openBackend(Clock clock) {
        return ContractSupport.open(target, ContractSupport.Opening.CONFIGURATION, prefix, clock);
    }

    @Override
    protected void closeBackend(StoreBackend backend) {
        super.closeBackend(backend);
        ContractSupport.auditAndRemove(target, prefix);
    }
}
