package dev.stowage.migration.switching;

import dev.stowage.migration.StoreKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The only switching class that touches Micrometer; loaded only when it is present. Meters, tagged
 * {@code store}: {@code stowage.switching.shadow} (a counter per {@code outcome}: match, mismatch, timeout, error,
 * dropped when the shadow executor was full),
 * {@code stowage.switching.replication.failures} (a counter) and
 * {@code stowage.switching.repair.depth} (a gauge of the keys queued).
 */
final class MicrometerSwitchingMetrics implements SwitchingMetrics {

    private static final String REPAIR_DEPTH = "stowage.switching.repair.depth";

    private final MeterRegistry registry;
    private final java.util.List<Gauge> gauges = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.Map<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();

    private MicrometerSwitchingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    static MicrometerSwitchingMetrics create(Object registry) {
        return new MicrometerSwitchingMetrics(registry == null ? Metrics.globalRegistry : (MeterRegistry) registry);
    }

    @Override
    public void shadow(ShadowResult result) {
        shadowCounter(result.store(), result.outcome().name().toLowerCase(Locale.ROOT)).increment();
    }

    @Override
    public void shadowDropped(StoreKind store) {
        if (store != null) {
            shadowCounter(store, "dropped").increment();
        }
    }

    /** Counters are looked up once: a drop is counted on the caller's thread and must stay cheap. */
    private Counter shadowCounter(StoreKind store, String outcome) {
        return counters.computeIfAbsent(store.name() + "/" + outcome, key -> Counter.builder("stowage.switching.shadow")
                .tag("store", tag(store)).tag("outcome", outcome).description("shadow reads by outcome")
                .register(registry));
    }

    @Override
    public void replicationFailed(StoreKind store) {
        Counter.builder("stowage.switching.replication.failures").tag("store", tag(store))
                .description("replications that failed and were queued for repair").register(registry).increment();
    }

    /**
     * Registers the gauge unless another backend of the process (another instance in a test, a
     * second migration of the store) already did: Micrometer keeps the first gauge of a name and
     * tags, so this backend's gauge is then never created, nor removed on close.
     */
    @Override
    public void repairDepth(StoreKind store, ToDoubleFunction<StoreKind> depth) {
        if (registry.find(REPAIR_DEPTH).tag("store", tag(store)).gauge() != null) {
            return;
        }
        gauges.add(Gauge.builder(REPAIR_DEPTH, store, depth).tag("store", tag(store))
                .description("keys waiting in the repair queue").register(registry));
    }

    @Override
    public void close() {
        gauges.forEach(registry::remove);
        gauges.clear();
    }

    private static String tag(StoreKind store) {
        return store.name().toLowerCase(Locale.ROOT);
    }
}
