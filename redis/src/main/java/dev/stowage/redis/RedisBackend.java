package dev.stowage.redis;

import dev.stowage.TenantId;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.exception.StoreClosedException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.TokenStore;

import java.time.Clock;
import java.util.List;
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
    private final TenantRegistry registry;
    private volatile boolean closed;

    RedisBackend(RedisDriver driver, String prefix, Clock clock, long operationTtlMillis) {
        this.driver = driver;
        this.prefix = prefix;
        this.clock = clock;
        this.operationTtlMillis = operationTtlMillis;
        this.registry = new TenantRegistry(driver, prefix);
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

    /**
     * @return the tenants of the prefix's registry (see {@link TenantRegistry}): every tenant any
     *     process wrote to, until erased from the registry
     */
    @Override
    public List<TenantId> tenants() {
        if (closed) {
            throw closedError();
        }
        return registry.tenants();
    }

    /** @return the key namespace of this backend */
    String prefix() {
        return prefix;
    }

    private TenantContext context(TenantId tenant) {
        if (closed) {
            throw closedError();
        }
        return new TenantContext(driver, prefix, Objects.requireNonNull(tenant, "tenant"), clock, operationTtlMillis,
                registry);
    }

    private static StoreClosedException closedError() {
        return new StoreClosedException("the Redis backend was closed; open a new one with RedisStores.builder(...)");
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
