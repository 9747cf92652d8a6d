package dev.stowage.redis;

import dev.stowage.TenantErasure;
import dev.stowage.TenantId;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.exception.StoreClosedException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;
import dev.stowage.token.TokenStore;

import dev.stowage.token.RefreshTokenHasher;

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
    private final KeyHasher hasher;
    private final RefreshTokenHasher refreshTokenHasher;
    private volatile boolean closed;

    RedisBackend(RedisDriver driver, String prefix, KeyHasher hasher, Clock clock, long operationTtlMillis,
                 RefreshTokenHasher refreshTokenHasher) {
        this.driver = driver;
        this.hasher = hasher;
        this.refreshTokenHasher = refreshTokenHasher;
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
        return new RedisTokenStore(context(tenant), refreshTokenHasher);
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

    /**
     * Deletes every key of the tenant's hash tag and removes it from the registry
     * ({@link RedisErasure#tenant}). A process that wrote to the tenant within the last minute and
     * writes again registers it again, as it must: the tenant then holds data.
     */
    @Override
    public TenantErasure eraseTenant(TenantId tenant) {
        Check.required(tenant, "tenant");
        if (closed) {
            throw closedError();
        }
        return RedisErasure.tenant(driver, prefix, tenant, registry);
    }

    /** @return the key namespace of this backend */
    String prefix() {
        return prefix;
    }

    /** @return the keyed hash of personal values in key names */
    KeyHasher hasher() {
        return hasher;
    }

    /** @return the driver, for maintenance and tests in this package */
    RedisDriver driver() {
        return driver;
    }

    /** @return the tenant's context (for this package's maintenance calls) */
    TenantContext context(TenantId tenant) {
        if (closed) {
            throw closedError();
        }
        return new TenantContext(driver, prefix, Objects.requireNonNull(tenant, "tenant"), hasher, clock, operationTtlMillis,
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
