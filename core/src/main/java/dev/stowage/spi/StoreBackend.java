package dev.stowage.spi;

import dev.stowage.TenantErasure;
import dev.stowage.TenantId;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.exception.UnsupportedCapabilityException;
import dev.stowage.support.Check;
import dev.stowage.token.TokenStore;

import java.util.List;
import java.util.Optional;

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
     * The tenants this backend holds data for, cheaply (from an index or registry, never a scan
     * of the records), so a migration or an erasure knows which tenants to visit. Every tenant
     * that holds a record in any store is listed; a backend may also list a tenant whose records
     * were all deleted or expired since (the Redis backend does, until its registry is cleared).
     * A tenant that was only read from is not listed.
     * <p>
     * The default throws {@link UnsupportedCapabilityException}: a backend that cannot list its
     * tenants cheaply leaves it so, and callers then need the tenants named explicitly.
     *
     * @return the tenants, sorted by their value (code point order), without duplicates
     * @throws UnsupportedCapabilityException if the backend cannot list its tenants
     */
    default List<TenantId> tenants() {
        throw new UnsupportedCapabilityException("the " + name() + " backend cannot list its tenants; name the"
                + " tenants explicitly, or use a backend that lists them (memory, postgres, redis)");
    }

    /**
     * Erases a tenant, for a privacy request or an off-boarding: every record of every store
     * (contacts, credit accounts with their ledgers, credentials, refresh-token families and
     * tokens, denied access tokens), every index entry, and the tenant's entry in the registry
     * {@link #tenants()} reads, so nothing of the tenant is left and it is no longer listed.
     * Irreversible; the caller audits it. Writes to the tenant that run concurrently may survive
     * the erasure: stop the tenant's traffic first, then erase (erasing again is harmless).
     * <p>
     * The default throws {@link UnsupportedCapabilityException} (the tenant argument is checked
     * first): a backend written outside Stowage that cannot erase a tenant leaves it so, and a
     * caller then erases what it can through the stores. Every Stowage backend implements it.
     *
     * @param tenant the tenant to erase
     * @return how many records of each kind were removed
     * @throws dev.stowage.exception.ValidationException {@code tenant} if it is {@code null}
     * @throws UnsupportedCapabilityException if the backend cannot erase a tenant
     */
    default TenantErasure eraseTenant(TenantId tenant) {
        Check.required(tenant, "tenant");
        throw new UnsupportedCapabilityException("the " + name() + " backend cannot erase a tenant; erase its"
                + " records through its stores, or use a backend that erases tenants (memory, postgres, redis)");
    }

    /**
     * Finds a backend of the given type among this one and those it decorates, so that tools can
     * reach a decorator (the cache's statistics) whatever else is wrapped around it (the meters of
     * stowage-micrometer). A decorator overrides this to look at itself, then at its delegate.
     *
     * @param type the backend type wanted
     * @param <T>  that type
     * @return this backend if it is one, else the decorated backend that is, if any
     */
    default <T extends StoreBackend> Optional<T> unwrap(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    /**
     * Releases everything the backend holds (pools, connections, threads). Idempotent. Stores
     * obtained from it throw {@link dev.stowage.exception.StoreClosedException} afterwards.
     */
    @Override
    void close();
}
