package dev.stowage.redis;

import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.BadInputProperties;

import java.time.Clock;

/** Bad input against the standalone server, compared with the in-memory reference; its keys are removed afterwards. */
class RedisStandaloneBadInputPropertiesTest extends BadInputProperties {

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
