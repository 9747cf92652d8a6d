package dev.stowage.redis;

import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis-specific tests: one backend per class on its own key prefix, audited and removed after
 * the class's last test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RedisTestBase {

    protected final MutableClock clock = MutableClock.standard();
    protected final String prefix = TestTarget.uniquePrefix(getClass());
    protected TestTarget target;
    protected StoreBackend backend;
    protected RawRedis raw;

    /** @return the deployment this class runs against */
    protected abstract TestTarget target();

    @BeforeAll
    final void openRedis() {
        target = target();
        raw = RawRedis.open(target);
        backend = target.backend(prefix, clock);
    }

    @AfterAll
    final void auditAndRemove() {
        try {
            if (backend != null) {
                backend.close();
            }
            assertThat(KeyspaceAudit.check(raw, prefix)).as("integrity of prefix " + prefix).isEmpty();
        } finally {
            raw.deletePrefix(prefix);
            assertThat(raw.keysOfPrefix(prefix)).isEmpty();
            raw.close();
        }
    }
}
