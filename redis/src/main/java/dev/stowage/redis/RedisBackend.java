package dev.stowage.redis;

import dev.stowage.TenantId;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.exception.StoreClosedException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.TokenStore;

import java.time.Clock;
import java.util.Objects;

/**
 * The Redis backend: one driver (a multiplexed, thread-safe connection) shared by the stores of
 * every tenant. Stores are cheap views that hold the tenant's key layout.
 */
final class RedisBackend implements StoreBackend {

    private final RedisDriver driver;
    private final String prefix;
    private final Clock clock;
    private final long operationTtlMillis;
    private volatile boolean closed;

    RedisBackend(RedisDriver driver, String prefix, Clock clock, long operationTtlMillis) {
        this.driver = driver;
        this.prefix = prefix;
        this.clock = clock;
        this.operationTtlMillis = operationTtlMillis;
    }

    @Override
    public String name() {
        return RedisBackendProvider.NAME;
    }

    @Override
    public ContactStore contacts(TenantId tenant) {
        return new RedisContactStore(context(tenant));
    }

    @Override
    public CreditStore credits(TenantId tenant) {
        return new RedisCreditStore(context(tenant));
    }

    @Override
    public TokenStore tokens(TenantId tenant) {
        return new RedisTokenStore(context(tenant));
    }

    /** @return the key namespace of this backend */
    String prefix() {
        return prefix;
    }

    private TenantContext context(TenantId tenant) {
        if (closed) {
            throw new StoreClosedException("the Redis backend was closed; open a new one with RedisStores.builder(...)");
        }
        return new TenantContext(driver, prefix, Objects.requireNonNull(tenant, "tenant"), clock, operationTtlMillis);
    }

    @Override
    public void close() {
        closed = true;
        driver.close();
    }

    @Override
    public String toString() {
        return "RedisBackend[" + driver.endpoint() + ", prefix=" + prefix + "]";
    }
}
