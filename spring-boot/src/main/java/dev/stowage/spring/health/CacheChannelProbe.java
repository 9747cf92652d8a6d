package dev.stowage.spring.health;

import dev.stowage.Stores;
import dev.stowage.cache.CacheStatistics;
import dev.stowage.cache.Caching;
import dev.stowage.cache.CachingBackend;
import dev.stowage.spi.StoreBackend;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The probe of the cache's broadcast channel: down while the cache is bypassed because the
 * channel is lost (reads are then still correct, from the store of record, but uncached). Loaded
 * only when stowage-cache is on the class path.
 */
final class CacheChannelProbe {

    private CacheChannelProbe() {
    }

    static Optional<Supplier<Probe>> of(Stores stores) {
        return Caching.backendOf(stores).filter(backend -> backend.options().broadcaster() != null)
                .map(backend -> () -> probe(backend));
    }

    static StoreBackend belowCache(StoreBackend backend) {
        return backend.unwrap(CachingBackend.class).<StoreBackend>map(CachingBackend::delegate).orElse(backend);
    }

    private static Probe probe(CachingBackend backend) {
        CacheStatistics statistics = backend.statistics();
        return new Probe(!statistics.bypassing(), Map.of("node", statistics.nodeId(),
                "bypassing", statistics.bypassing(), "channelLosses", statistics.channelLosses(),
                "flushes", statistics.flushes()));
    }
}
