package dev.stowage.cache;

import dev.stowage.exception.StoreConfigurationException;
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
 * They follow the naming scheme of stowage-micrometer's {@code stowage.store.operations}: every
 * meter is tagged {@code store} ({@code contacts}, {@code credits}, {@code tokens}, or {@code all}
 * for the instance-wide ones), {@code backend} (the cached backend's name, as in configuration) and
 * {@code node} (the instance's id); results are in the tag {@code outcome}.
 * Per cache (tag {@code cache}: {@code contacts}, {@code contacts-by-source}, {@code contacts-by-email},
 * {@code accounts}, {@code credentials}): {@code stowage.cache.gets} ({@code outcome=hit|miss}),
 * {@code stowage.cache.loads} ({@code outcome=success|failure}), {@code stowage.cache.load}
 * (a timer of store reads made for misses), {@code stowage.cache.evictions}, {@code stowage.cache.size}.
 * Per instance ({@code store=all}): {@code stowage.cache.bypassed.reads}, {@code stowage.cache.invalidations}
 * ({@code direction=sent|received}), {@code stowage.cache.flushes}, {@code stowage.cache.channel.losses},
 * {@code stowage.cache.bypassing} (1 while reads bypass the cache). The meters are removed from
 * every registry they were bound to when the decorator closes. The per-cache counts need
 * {@link CacheOptions#recordStatistics()}: without it the constructor refuses.
 */
public final class CacheMetrics implements MeterBinder, AutoCloseable {

    /** The {@code store} tag of the meters that concern the whole instance rather than one store. */
    static final String ALL_STORES = "all";

    private final CacheRuntime runtime;
    private final String backendName;
    private final List<Map.Entry<MeterRegistry, Meter>> registered = new CopyOnWriteArrayList<>();

    /**
     * @param backend the caching decorator to publish
     * @throws StoreConfigurationException if it does not record statistics
     */
    public CacheMetrics(CachingBackend backend) {
        if (!backend.options().recordStatistics()) {
            throw new StoreConfigurationException("the cache's meters need its statistics: build its options with "
                    + "CacheOptions.builder().recordStatistics(true), or set " + Caching.STATISTICS + "=true");
        }
        this.runtime = backend.runtime();
        this.backendName = backend.name();
        runtime.onClose(this);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags node = Tags.of("node", runtime.nodeId(), "backend", backendName);
        for (String name : runtime.cacheNames()) {
            Tags tags = node.and("store", storeOf(name), "cache", name);
            counter(registry, "stowage.cache.gets", tags.and("outcome", "hit"), "lookups answered from the cache",
                    r -> r.stats(name).hits());
            counter(registry, "stowage.cache.gets", tags.and("outcome", "miss"), "lookups that read the store",
                    r -> r.stats(name).misses());
            counter(registry, "stowage.cache.loads", tags.and("outcome", "success"), "store reads that produced an entry",
                    r -> r.stats(name).loadSuccesses());
            counter(registry, "stowage.cache.loads", tags.and("outcome", "failure"),
                    "store reads that failed or found nothing uncacheable", r -> r.stats(name).loadFailures());
            counter(registry, "stowage.cache.evictions", tags, "entries removed for size or age",
                    r -> r.stats(name).evictions());
            add(registry, FunctionTimer.builder("stowage.cache.load", runtime,
                            r -> r.stats(name).loadSuccesses() + r.stats(name).loadFailures(),
                            r -> r.stats(name).totalLoadTime().toNanos(), TimeUnit.NANOSECONDS)
                    .tags(tags).description("store reads made for misses").register(registry));
            gauge(registry, "stowage.cache.size", tags, "entries held", r -> r.stats(name).size());
        }
        Tags instance = node.and("store", ALL_STORES);
        counter(registry, "stowage.cache.bypassed.reads", instance, "reads sent to the store while the channel was down",
                r -> r.statistics().bypassedReads());
        counter(registry, "stowage.cache.invalidations", instance.and("direction", "sent"), "invalidation messages sent",
                r -> r.statistics().invalidationsSent());
        counter(registry, "stowage.cache.invalidations", instance.and("direction", "received"),
                "invalidation messages applied", r -> r.statistics().invalidationsReceived());
        counter(registry, "stowage.cache.flushes", instance, "times every entry was dropped",
                r -> r.statistics().flushes());
        counter(registry, "stowage.cache.channel.losses", instance, "times the broadcast channel was lost",
                r -> r.statistics().channelLosses());
        gauge(registry, "stowage.cache.bypassing", instance, "1 while reads bypass the cache",
                r -> r.isBypassing() ? 1 : 0);
    }

    /**
     * @return the store a cache serves, as the {@code store} tag of stowage-micrometer names it
     */
    private static String storeOf(String cache) {
        return switch (cache) {
            case CacheRuntime.ACCOUNTS -> "credits";
            case CacheRuntime.CREDENTIALS -> "tokens";
            default -> "contacts";
        };
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
