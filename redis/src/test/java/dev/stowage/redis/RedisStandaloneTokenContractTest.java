package dev.stowage.redis;

import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.TokenStoreContract;

import java.time.Clock;

/** {@link TokenStoreContract} against the standalone server, opened with the builder. */
class RedisStandaloneTokenContractTest extends TokenStoreContract {

    private final TestTarget target = TestTarget.standaloneServer();
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
