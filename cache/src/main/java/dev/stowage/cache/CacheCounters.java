package dev.stowage.cache;

import com.github.benmanes.caffeine.cache.Cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;

/**
 * The statistics of one cache runtime: the events Caffeine does not count (bypassed reads,
 * invalidations sent and received, flushes, channel losses), and snapshots of them together with
 * Caffeine's own counters of each cache as {@link CacheStatistics}. Thread-safe.
 */
final class CacheCounters {

    private final LongAdder bypassedReads = new LongAdder();
    private final LongAdder invalidationsSent = new LongAdder();
    private final LongAdder invalidationsReceived = new LongAdder();
    private final LongAdder flushes = new LongAdder();
    private final LongAdder channelLosses = new LongAdder();

    /** A read went to the store because the broadcast channel was down. */
    void bypassedRead() {
        bypassedReads.increment();
    }

    /** An invalidation message was handed to the broadcaster. */
    void invalidationSent() {
        invalidationsSent.increment();
    }

    /** An invalidation message from another instance was applied. */
    void invalidationReceived() {
        invalidationsReceived.increment();
    }

    /** Every entry was dropped. */
    void flushed() {
        flushes.increment();
    }

    /** The broadcaster reported the channel lost. */
    void channelLost() {
        channelLosses.increment();
    }

    /**
     * @param nodeId    this instance's node id
     * @param recorded  whether the caches count hits, misses, loads and evictions
     * @param caches    the caches that are on, by name, in display order
     * @param stats     the counters of a cache by its name
     * @param bypassing whether reads bypass the cache right now
     * @return a snapshot of every counter
     */
    CacheStatistics snapshot(String nodeId, boolean recorded, Map<String, ? extends Cache<?, ?>> caches,
                             BiFunction<String, Cache<?, ?>, CacheStats> stats, boolean bypassing) {
        List<CacheStats> list = new ArrayList<>(caches.size());
        caches.forEach((name, cache) -> list.add(stats.apply(name, cache)));
        return new CacheStatistics(nodeId, recorded, list, bypassedReads.sum(), invalidationsSent.sum(),
                invalidationsReceived.sum(), flushes.sum(), channelLosses.sum(), bypassing);
    }

    /**
     * @param name  a cache's name
     * @param cache the cache, or {@code null} if it is off
     * @param repeatedMisses  misses Caffeine counted twice (a hit attempt, then the loading lookup)
     * @param otherTenantHits hits Caffeine counted that found another tenant's entry (misses in truth)
     * @return its counters, zeros if it is off
     */
    static CacheStats stats(String name, Cache<?, ?> cache, long repeatedMisses, long otherTenantHits) {
        if (cache == null) {
            return new CacheStats(name, 0, 0, 0, 0, Duration.ZERO, 0, 0);
        }
        com.github.benmanes.caffeine.cache.stats.CacheStats stats = cache.stats();
        return new CacheStats(name, stats.hitCount() - otherTenantHits,
                stats.missCount() - repeatedMisses + otherTenantHits, stats.loadSuccessCount(),
                stats.loadFailureCount(), Duration.ofNanos(stats.totalLoadTime()), stats.evictionCount(),
                cache.estimatedSize());
    }
}
