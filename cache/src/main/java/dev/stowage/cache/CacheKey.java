package dev.stowage.cache;

import dev.stowage.TenantId;
import dev.stowage.spi.invalidation.InvalidationKey;

/**
 * A cache key of the caches other than contacts: the tenant and one lookup of it, flat, its
 * hash computed once. The contacts cache, the one read most, is keyed by the bare contact
 * {@link java.util.UUID} that {@code get} is given, so that a hit allocates no key (see
 * {@link CacheEntry#tenant}).
 */
final class CacheKey {
    private final TenantId tenant;
    private final Object lookup;
    private final int hash;

    /**
     * @param tenant the tenant
     * @param lookup the lookup
     */
    CacheKey(TenantId tenant, InvalidationKey lookup) {
        this.tenant = tenant;
        this.lookup = lookup;
        this.hash = 31 * tenant.hashCode() + lookup.hashCode();
    }

    /**
     * @param tenant the tenant
     * @param key    an invalidated lookup
     * @return the key its cache files it under: the bare id for a contact
     */
    static Object of(TenantId tenant, InvalidationKey key) {
        return key instanceof InvalidationKey.ContactId contact ? contact.id() : new CacheKey(tenant, key);
    }

    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof CacheKey key && key.hash == hash && key.lookup.equals(lookup)
                && (key.tenant == tenant || key.tenant.equals(tenant));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "CacheKey[" + tenant + ", " + lookup + "]";
    }
}
