package dev.stowage.redis;

import dev.stowage.TenantId;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.CredentialEncryptionContract;

import java.time.Clock;

/**
 * Encryption at rest over the standalone server; what the server holds is read with raw Lettuce
 * commands (HGETALL, GET, SMEMBERS, ZRANGE of every key of the prefix), as redis-cli would.
 */
class RedisCredentialEncryptionTest extends CredentialEncryptionContract {

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
            raw.deletePrefix(prefix);
        }
    }

    @Override
    protected String storedText(TenantId tenant) {
        StringBuilder text = new StringBuilder();
        try (RawRedis raw = RawRedis.open(target)) {
            for (String key : raw.keysOfPrefix(prefix)) {
                text.append(key).append(" = ");
                switch (raw.commands().type(key)) {
                    case "hash" -> text.append(raw.commands().hgetall(key));
                    case "string" -> text.append(raw.commands().get(key));
                    case "set" -> text.append(raw.commands().smembers(key));
                    case "zset" -> text.append(raw.commands().zrange(key, 0, -1));
                    case "list" -> text.append(raw.commands().lrange(key, 0, -1));
                    default -> text.append("?");
                }
                text.append('\n');
            }
        }
        return text.toString();
    }
}
