package dev.stowage.cache;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Publishes a caching decorator's statistics as Micrometer meters (needs
 * {@code io.micrometer:micrometer-core} on the class path; core itself does not):
 * <pre>{@code
 * new CacheMetrics(Caching.backendOf(stores).orElseThrow()).bindTo(registry);
 * }</pre>
 * Per cache (tag {@code cache}): {@code stowage.cache.gets} (tag {@code result=hit|miss}),
 * {@code stowage.cache.loads} (tag {@code result=success|failure}), {@code stowage.cache.load}
 * (a timer of store reads made for misses), {@code stowage.cache.evictions}, {@code stowage.cache.size}.
 * Per instance: {@code stowage.cache.bypassed.reads}, {@code stowage.cache.invalidations} (tag
 * {@code direction=sent|received}), {@code stowage.cache.flushes}, {@code stowage.cache.channel.losses},
 * {@code stowage.cache.bypassing}
 * (1 while reads bypass the cache). Every meter is tagged with the {@code node} id. The meters are
 * removed from every registry they were bound to when the decorator closes.
 */
public final class CacheMetrics implements MeterBinder, AutoCloseable {

    private final CacheRuntime runtime;
    private final List<Map.Entry<MeterRegistry, Meter>> registered = new CopyOnWriteArrayList<>();

    /**
     * @param backend the caching decorator to publish
     */
    public CacheMetrics(CachingBackend backend) {
        this.runtime = backend.runtime();
        runtime.onClose(this);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags node = Tags.of("node", runtime.nodeId());
        for (String name : runtime.cacheNames()) {
            Tags tags = node.and("cache", name);
            counter(registry, "stowage.cache.gets", tags.and("result", "hit"), "lookups answered from the cache",
                    r -> r.stats(name).hits());
            counter(registry, "stowage.cache.gets", tags.and("result", "miss"), "lookups that read the store",
                    r -> r.stats(name).misses());
            counter(registry, "stowage.cache.loads", tags.and("result", "success"), "store reads that produced an entry",
                    r -> r.stats(name).loadSuccesses());
            counter(registry, "stowage.cache.loads", tags.and("result", "failure"),
                    "store reads that failed or found nothing uncacheable", r -> r.stats(name).loadFailures());
            counter(registry, "stowage.cache.evictions", tags, "entries removed for size or age",
                    r -> r.stats(name).evictions());
            add(registry, FunctionTimer.builder("stowage.cache.load", runtime,
                            r -> r.stats(name).loadSuccesses() + r.stats(name).loadFailures(),
                            r -> r.stats(name).totalLoadTime().toNanos(), TimeUnit.NANOSECONDS)
                    .tags(tags).description("store reads made for misses").register(registry));
            gauge(registry, "stowage.cache.size", tags, "entries held", r -> r.stats(name).size());
        }
        counter(registry, "stowage.cache.bypassed.reads", node, "reads sent to the store while the channel was down",
                r -> r.statistics().bypassedReads());
        counter(registry, "stowage.cache.invalidations", node.and("direction", "sent"), "invalidation messages sent",
                r -> r.statistics().invalidationsSent());
        counter(registry, "stowage.cache.invalidations", node.and("direction", "received"),
                "invalidation messages applied", r -> r.statistics().invalidationsReceived());
        counter(registry, "stowage.cache.flushes", node, "times every entry was dropped",
                r -> r.statistics().flushes());
        counter(registry, "stowage.cache.channel.losses", node, "times the broadcast channel was lost",
                r -> r.statistics().channelLosses());
        gauge(registry, "stowage.cache.bypassing", node, "1 while reads bypass the cache",
                r -> r.isBypassing() ? 1 : 0);
    }

    private void counter(MeterRegistry registry, String name, Tags tags, String description,
                         ToLongFunction<CacheRuntime> value) {
        add(registry, FunctionCounter.builder(name, runtime, r -> value.applyAsLong(r))
                .tags(tags).description(description).register(registry));
    }

    private void gauge(MeterRegistry registry, String name, Tags tags, String description,
                       ToDoubleFunction<CacheRuntime> value) {
        add(registry, Gauge.builder(name, runtime, value).tags(tags).description(description).register(registry));
    }

    private void add(MeterRegistry registry, Meter meter) {
        registered.add(Map.entry(registry, meter));
    }

    /**
     * Removes every meter this binder registered. Called when the decorator closes.
     */
    @Override
    public void close() {
        for (Map.Entry<MeterRegistry, Meter> entry : registered) {
            entry.getKey().remove(entry.getValue());
        }
        registered.clear();
    }
}
