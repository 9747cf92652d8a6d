package dev.stowage.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * Counters of one cache since it was created.
 *
 * @param cache         the cache's name: {@code contacts}, {@code contacts-by-source},
 *                      {@code contacts-by-email}, {@code accounts} or {@code credentials}
 * @param hits          lookups answered from the cache
 * @param misses        lookups that went to the store of record
 * @param loadSuccesses store reads that produced an entry
 * @param loadFailures  store reads that threw, or found nothing while absences are not cached
 * @param totalLoadTime time spent in store reads made for misses
 * @param evictions     entries removed for size or age (not by invalidation)
 * @param size          entries now held (an estimate)
 */
public record CacheStats(
        String cache,
        long hits,
        long misses,
        long loadSuccesses,
        long loadFailures,
        Duration totalLoadTime,
        long evictions,
        long size) {

    /**
     * @throws NullPointerException if the name or load time is missing
     */
    public CacheStats {
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(totalLoadTime, "totalLoadTime");
    }

    /**
     * @return hits / (hits + misses), or 0 before the first lookup
     */
    public double hitRate() {
        long lookups = hits + misses;
        return lookups == 0 ? 0 : (double) hits / lookups;
    }

    /**
     * @return the mean time of one store read made for a miss, or zero before the first
     */
    public Duration averageLoadTime() {
        long loads = loadSuccesses + loadFailures;
        return loads == 0 ? Duration.ZERO : totalLoadTime.dividedBy(loads);
    }
}
