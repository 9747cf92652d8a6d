package dev.stowage.redis;

import dev.stowage.TenantId;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The set {@link Keys#tenantRegistry} of the tenants a key prefix holds data for, so that
 * {@link RedisBackend#tenants()} is one {@code SMEMBERS} instead of a sweep of the keyspace.
 * <p>
 * A tenant is added before each write script runs (once a minute per tenant and process, so it
 * costs one round trip per tenant, not per write), hence every tenant with a key is listed. It
 * cannot be added inside the write scripts: the registry lies outside the tenant's hash tag and a
 * Cluster script only reaches one slot. A tenant whose write failed, or whose data expired or was
 * deleted since, stays listed until an erasure removes it from the set; re-adding it at least once
 * a minute means a process that wrote before such an erasure registers the tenant again within a
 * minute if it keeps writing.
 */
final class TenantRegistry {

    /** How long a process trusts its own earlier registration of a tenant. */
    private static final long REFRESH_NANOS = Duration.ofMinutes(1).toNanos();

    private final RedisDriver driver;
    private final String key;
    private final ConcurrentMap<TenantId, Long> registeredAt = new ConcurrentHashMap<>();

    TenantRegistry(RedisDriver driver, String prefix) {
        this.driver = driver;
        this.key = Keys.tenantRegistry(prefix);
    }

    /** Adds the tenant to the registry unless this process did so within the last minute. */
    void register(TenantId tenant) {
        long now = System.nanoTime();
        Long at = registeredAt.get(tenant);
        if (at != null && now - at < REFRESH_NANOS) {
            return;
        }
        driver.sadd(key, tenant.value());
        registeredAt.put(tenant, now);
    }

    /** @return the registered tenants, sorted by value */
    List<TenantId> tenants() {
        return driver.smembers(key).stream().map(TenantId::of).sorted(Comparator.comparing(TenantId::value)).toList();
    }
}
