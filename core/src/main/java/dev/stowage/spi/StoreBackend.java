package dev.stowage.spi;

import dev.stowage.TenantId;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.token.TokenStore;

/**
 * One opened backend (a connection pool, a Redis client, a set of maps) that hands out stores
 * bound to a tenant. Implemented by each backend module and by decorators (caching, switching);
 * applications normally use {@link dev.stowage.Stores} instead.
 * <p>
 * The store methods are cheap and thread-safe, may be called for any tenant at any time, and may
 * return a new lightweight object per call. Stores are only created when asked for, so a backend
 * used for tokens alone never touches contact storage.
 */
public interface StoreBackend extends AutoCloseable {

    /**
     * @return the backend's name as used in configuration ({@code "memory"}, {@code "postgres"}, ...)
     */
    String name();

    /**
     * @param tenant the tenant the store is bound to
     * @return the tenant's contact store
     */
    ContactStore contacts(TenantId tenant);

    /**
     * @param tenant the tenant the store is bound to
     * @return the tenant's credit store
     */
    CreditStore credits(TenantId tenant);

    /**
     * @param tenant the tenant the store is bound to
     * @return the tenant's token store
     */
    TokenStore tokens(TenantId tenant);

    /**
     * Releases everything the backend holds (pools, connections, threads). Idempotent. Stores
     * obtained from it throw {@link dev.stowage.exception.StoreClosedException} afterwards.
     */
    @Override
    void close();
}
