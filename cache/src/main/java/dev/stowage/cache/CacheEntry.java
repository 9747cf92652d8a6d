package dev.stowage.cache;

import dev.stowage.TenantId;

import java.util.Optional;

/**
 * A cached lookup result.
 *
 * @param tenant  the tenant it was loaded for. Only that tenant is served it: the contacts
 *                cache is keyed by contact id alone, and two tenants hold the same id only if
 *                the same contact was imported into both; they then take turns (the one that
 *                finds the other's entry reads the store and caches nothing)
 * @param value   the result (a contact, an id, a list of ids, an account, a credential), or
 *                {@code null} for a cached absence
 * @param epoch   the flush epoch in which its load started
 * @param present the value as the stores return it, made once so that a hit allocates nothing
 */
record CacheEntry(TenantId tenant, Object value, long epoch, Optional<Object> present) {

    boolean isFor(TenantId reader) {
        return tenant == reader || tenant.equals(reader);
    }
}
