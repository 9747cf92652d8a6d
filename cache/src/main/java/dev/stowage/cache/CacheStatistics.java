package dev.stowage.cache;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of a caching decorator's counters.
 *
 * @param nodeId                this instance's node id
 * @param recorded              whether hits, misses, loads and evictions are counted
 *                              ({@link CacheOptions#recordStatistics()}); when not, they are 0 in
 *                              {@code caches} and only the sizes and the counters below are kept
 * @param caches                one entry per enabled cache
 * @param bypassedReads         reads sent straight to the store because the broadcast channel was down
 * @param invalidationsSent     invalidation messages handed to the broadcaster
 * @param invalidationsReceived invalidation messages from other instances that were applied
 * @param flushes               times every entry was dropped (channel lost or regained, a flush
 *                              message, an undecodable message, or {@link CachingBackend#flush()})
 * @param channelLosses         times the broadcaster reported the channel lost
 * @param bypassing             whether reads bypass the cache right now
 */
public record CacheStatistics(
        String nodeId,
        boolean recorded,
        List<CacheStats> caches,
        long bypassedReads,
        long invalidationsSent,
        long invalidationsReceived,
        long flushes,
        long channelLosses,
        boolean bypassing) {

    /**
     * Copies the list.
     */
    public CacheStatistics {
        caches = List.copyOf(caches);
    }

    /**
     * @param name a cache's name, e.g. {@code "contacts"}
     * @return its counters, or empty if that cache is off
     */
    public Optional<CacheStats> cache(String name) {
        return caches.stream().filter(stats -> stats.cache().equals(name)).findFirst();
    }

    /**
     * @return the counters of every cache added up, named {@code total}
     */
    public CacheStats total() {
        long hits = 0;
        long misses = 0;
        long successes = 0;
        long failures = 0;
        Duration loadTime = Duration.ZERO;
        long evictions = 0;
        long size = 0;
        for (CacheStats stats : caches) {
            hits += stats.hits();
            misses += stats.misses();
            successes += stats.loadSuccesses();
            failures += stats.loadFailures();
            loadTime = loadTime.plus(stats.totalLoadTime());
            evictions += stats.evictions();
            size += stats.size();
        }
        return new CacheStats("total", hits, misses, successes, failures, loadTime, evictions, size);
    }
}
