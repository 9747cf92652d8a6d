package dev.stowage.migration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The only class that touches Micrometer; loaded only after {@link MigrationMetrics#micrometerPresent()}.
 * Meters, tagged {@code store} and {@code records}: {@code stowage.migration.records} (a counter
 * per {@code outcome}: read, written, skipped, rejected) and {@code stowage.migration.batch} (a
 * timer of batches, read to checkpoint).
 */
final class MicrometerMetrics implements MigrationMetrics {

    private final Map<RecordKind, Meters> meters = new EnumMap<>(RecordKind.class);

    private MicrometerMetrics(MeterRegistry registry) {
        for (RecordKind kind : RecordKind.values()) {
            meters.put(kind, new Meters(registry, kind));
        }
    }

    static MicrometerMetrics create(Object registry) {
        return new MicrometerMetrics(registry == null ? Metrics.globalRegistry : (MeterRegistry) registry);
    }

    @Override
    public void batch(RecordKind records, RecordCounts counts, long nanos) {
        Meters m = meters.get(records);
        m.read.increment(counts.read());
        m.written.increment(counts.written());
        m.skipped.increment(counts.skipped());
        m.rejected.increment(counts.rejected());
        m.batch.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The meters of one kind of record. */
    private static final class Meters {
        final Counter read;
        final Counter written;
        final Counter skipped;
        final Counter rejected;
        final Timer batch;

        Meters(MeterRegistry registry, RecordKind kind) {
            String store = kind.store().name().toLowerCase(java.util.Locale.ROOT);
            read = records(registry, store, kind, "read");
            written = records(registry, store, kind, "written");
            skipped = records(registry, store, kind, "skipped");
            rejected = records(registry, store, kind, "rejected");
            batch = Timer.builder("stowage.migration.batch").tag("store", store).tag("records", kind.label())
                    .description("one batch: read, write and checkpoint").register(registry);
        }

        private static Counter records(MeterRegistry registry, String store, RecordKind kind, String outcome) {
            return Counter.builder("stowage.migration.records").tag("store", store).tag("records", kind.label())
                    .tag("outcome", outcome).description("records by outcome").register(registry);
        }
    }
}
