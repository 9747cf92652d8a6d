package dev.stowage.redis;

import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.BadInputProperties;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input against the standalone server, compared with the in-memory reference; its keys are audited and removed afterwards. */
class RedisStandaloneBadInputPropertiesTest extends BadInputProperties {

    private final TestTarget target = TestTarget.standaloneServer();
    private final String prefix = TestTarget.uniquePrefix(getClass());

    @Override
    protected StoreBackend openBackend(Clock clock) {
        return target.backend(prefix, clock);
    }

    @Override
    protected void closeBackend(StoreBackend backend) {
        super.closeBackend(backend);
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
