package dev.stowage.redis;

import dev.stowage.Stowage;
import dev.stowage.StowageConfig;
import dev.stowage.spi.StoreBackend;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens the backend of a contract suite run on its own key prefix, and after the run audits the
 * prefix (no index entry without its record, no ledger off its balance, no unknown key), removes
 * it and checks that nothing is left.
 */
final class ContractSupport {

    private ContractSupport() {
    }

    /** How a contract run opens its backend. */
    enum Opening {
        /** {@code RedisStores.builder(uri)...buildBackend()}. */
        BUILDER,
        /** {@code Stowage.open(config map)}. */
        CONFIGURATION
    }

    static StoreBackend open(TestTarget target, Opening opening, String prefix, Clock clock) {
        if (opening == Opening.BUILDER) {
            return target.backend(prefix, clock);
        }
        return Stowage.open(StowageConfig.of(Map.of(
                "stowage.backend", "redis",
                "stowage.redis.uri", target.uri(),
                "stowage.redis.cluster", Boolean.toString(target.cluster()),
                "stowage.redis.prefix", prefix,
                "stowage.redis.command-timeout", "5s")), clock).contactsBackend();
    }

    static void auditAndRemove(TestTarget target, String prefix) {
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
