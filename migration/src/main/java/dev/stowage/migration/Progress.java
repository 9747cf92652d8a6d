package dev.stowage.migration;

import dev.stowage.migration.checkpoint.PartitionState;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The run's totals per store, fed by the workers and reported to the {@link ProgressListener}
 * one event at a time.
 */
final class Progress {

    private final ProgressListener listener;
    private final long startNanos = System.nanoTime();
    private final Map<StoreKind, RecordCounts> totals = new EnumMap<>(StoreKind.class);
    private final Map<StoreKind, Long> processedNow = new EnumMap<>(StoreKind.class);
    private final Map<StoreKind, Long> estimates;

    /**
     * @param listener  who is told
     * @param estimates estimated records per store (-1 where unknown)
     * @param stored    the run's partitions as this attempt found them (their counts are the baseline)
     */
    Progress(ProgressListener listener, Map<StoreKind, Long> estimates, List<PartitionState> stored) {
        this.listener = listener;
        this.estimates = new EnumMap<>(estimates);
        for (PartitionState state : stored) {
            totals.merge(state.spec().records().store(), state.counts(), RecordCounts::plus);
        }
    }

    synchronized void add(RecordKind records, RecordCounts batch) {
        StoreKind store = records.store();
        RecordCounts total = totals.merge(store, batch, RecordCounts::plus);
        long now = processedNow.merge(store, batch.processed(), Long::sum);
        ProgressEvent event = new ProgressEvent(store, total, estimates.getOrDefault(store, -1L),
                Duration.ofNanos(System.nanoTime() - startNanos), now);
        try {
            listener.progress(event);
        } catch (RuntimeException ignored) {
            // A progress display must never fail a copy.
        }
    }
}
