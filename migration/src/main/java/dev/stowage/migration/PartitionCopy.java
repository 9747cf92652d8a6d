package dev.stowage.migration;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.exception.StoreException;
import dev.stowage.migration.checkpoint.BatchCommit;
import dev.stowage.migration.checkpoint.CheckpointStore;
import dev.stowage.migration.checkpoint.PartitionSpec;
import dev.stowage.migration.checkpoint.PartitionState;
import dev.stowage.spi.StoreBackend;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * One worker's copy of one claimed partition: a reader task reads batches ahead into a bounded
 * queue while the worker writes them in order and records each committed batch in the
 * checkpoint store. At most {@link #QUEUE_DEPTH} batches wait in the queue, one is being read and
 * one written: memory is bounded by the batch size, not the data.
 * <p>
 * Before a batch is written its size is recorded as the partition's {@code pending} records
 * (usually in the previous batch's commit, so it costs no extra write); a crash while writing it
 * leaves them pending, and the next attempt counts them as redone.
 *
 * @param <T> the record type
 */
final class PartitionCopy<T> {

    /** Batches read ahead, waiting for the writer. */
    static final int QUEUE_DEPTH = 2;
    private static final long POLL_MILLIS = 100;

    private final Copier<T> copier;
    private final PartitionState claimed;
    private final PartitionSpec spec;
    private final TenantId tenant;
    private final String worker;
    private final Context context;

    /**
     * What every partition copy of a run shares.
     *
     * @param settings    the run's settings
     * @param checkpoints where progress is recorded
     * @param source   the source backend of the partition's store
     * @param target   the target backend of the partition's store
     * @param readers  where reader tasks run
     * @param progress the run's totals
     * @param metrics  the run's meters
     * @param rejects  the error policy
     * @param stopping whether the run is stopping
     */
    record Context(MigrationSettings settings, CheckpointStore checkpoints, StoreBackend source, StoreBackend target,
                   ExecutorService readers, Progress progress, MigrationMetrics metrics, RejectHandler rejects,
                   BooleanSupplier stopping) {
    }

    PartitionCopy(Copier<T> copier, PartitionState claimed, String worker, Context context) {
        this.copier = copier;
        this.claimed = claimed;
        this.spec = claimed.spec();
        this.tenant = spec.tenant();
        this.worker = worker;
        this.context = context;
    }

    /**
     * Copies the partition from its checkpointed position to its end, or until the run stops.
     */
    void run() {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_DEPTH);
        AtomicBoolean closed = new AtomicBoolean();
        Future<?> reader = context.readers().submit(() -> read(queue, closed));
        try {
            write(queue);
        } finally {
            closed.set(true);
            queue.clear();
            reader.cancel(false);
        }
    }

    private void read(BlockingQueue<Object> queue, AtomicBoolean closed) {
        String position = claimed.position();
        try {
            while (!closed.get()) {
                String from = position;
                ReadBatch<T> batch = Retry.call(() -> copier.read(context.source(), spec, from,
                        context.settings().batchSize()), context.stopping());
                if (!offer(queue, batch, closed) || batch.last()) {
                    return;
                }
                if (batch.position() != null) {
                    position = batch.position();
                }
            }
        } catch (RuntimeException e) {
            offer(queue, new ReadFailure(e, position), closed);
        }
    }

    private static boolean offer(BlockingQueue<Object> queue, Object item, AtomicBoolean closed) {
        try {
            while (!closed.get()) {
                if (queue.offer(item, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void write(BlockingQueue<Object> queue) {
        CheckpointStore checkpoints = context.checkpoints();
        String runId = context.settings().runId();
        long redone = claimed.pending();
        long mark = System.nanoTime();
        String start = claimed.position();
        ReadBatch<T> batch = take(queue);
        boolean announced = false;
        while (batch != null) {
            if (!announced) {
                checkpoints.begin(runId, spec.id(), worker, batch.size());
            }
            Outcome outcome = context.settings().dryRun() ? assess(batch) : write(batch);
            if (context.settings().liveSource() && !context.settings().dryRun()) {
                recopyDeleted(start, batch);
            }
            if (batch.position() != null) {
                start = batch.position();
            }
            if (outcome.rejected > 0) {
                context.rejects().flush();
            }
            ReadBatch<T> next = batch.last() ? null : ready(queue);
            long now = System.nanoTime();
            RecordCounts counts = new RecordCounts(batch.size(), outcome.written, outcome.skipped, outcome.rejected,
                    redone);
            checkpoints.commit(runId, spec.id(), worker, new BatchCommit(batch.position(), counts,
                    next == null ? 0 : next.size(), batch.last(), Duration.ofNanos(now - mark)));
            context.metrics().batch(spec.records(), counts, now - mark);
            context.progress().add(spec.records(), counts);
            mark = now;
            redone = 0;
            if (batch.last() || context.stopping().getAsBoolean()) {
                return;
            }
            announced = next != null;
            batch = next != null ? next : take(queue);
        }
    }

    /**
     * Reads the batch's key range from the source again and re-copies, key by key, each written
     * record the source no longer shows there: deleted meanwhile (then deleted from the target), or
     * only pushed out of the range's first page by records created since (then copied again, which
     * changes nothing). See {@link Migration.Builder#liveSource}.
     */
    private void recopyDeleted(String start, ReadBatch<T> batch) {
        if (batch.records().isEmpty()) {
            return;
        }
        ReadBatch<T> again = Retry.call(() -> copier.read(context.source(), spec, start, context.settings().batchSize()),
                context.stopping());
        Set<String> present = new HashSet<>();
        again.records().forEach(record -> present.add(copier.key(record)));
        for (T record : batch.records()) {
            if (!present.contains(copier.key(record))) {
                Retry.run(() -> copier.recopy(context.source(), context.target(), tenant, record), context.stopping());
            }
        }
    }

    /** The next batch if the reader has it ready, without waiting. */
    @SuppressWarnings("unchecked")
    private ReadBatch<T> ready(BlockingQueue<Object> queue) {
        return queue.peek() instanceof ReadBatch<?> ? (ReadBatch<T>) queue.poll() : null;
    }

    /** The next batch, waiting for the reader; {@code null} if the run stops meanwhile. */
    @SuppressWarnings("unchecked")
    private ReadBatch<T> take(BlockingQueue<Object> queue) {
        try {
            while (!context.stopping().getAsBoolean()) {
                Object item = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (item instanceof ReadFailure failure) {
                    throw failure.asException(spec, copier.kind());
                }
                if (item != null) {
                    return (ReadBatch<T>) item;
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Outcome write(ReadBatch<T> batch) {
        long unreadable = rejectUnreadable(batch);
        return importAll(batch.records()).plus(new Outcome(0, 0, unreadable));
    }

    private Outcome assess(ReadBatch<T> batch) {
        long unreadable = rejectUnreadable(batch);
        if (batch.records().isEmpty()) {
            return new Outcome(0, 0, unreadable);
        }
        Copier.Assessment<T> verdict = Retry.call(() -> copier.assess(context.target(), tenant, batch.records()),
                context.stopping());
        for (Map.Entry<T, String> rejected : verdict.rejected()) {
            context.rejects().reject(spec.records(), tenant, copier.key(rejected.getKey()), rejected.getValue(),
                    copier.json(rejected.getKey()), null);
        }
        return new Outcome(verdict.written(), verdict.skipped(), unreadable + verdict.rejected().size());
    }

    private long rejectUnreadable(ReadBatch<T> batch) {
        for (ReadBatch.Unreadable record : batch.unreadable()) {
            context.rejects().reject(spec.records(), tenant, record.key(), record.reason(), record.record(), null);
        }
        return batch.unreadable().size();
    }

    /**
     * Imports records; if the target refuses the batch because of its records (the import is
     * atomic, so nothing was written), splits it in halves until the culprits are alone, and
     * rejects those.
     */
    private Outcome importAll(List<T> records) {
        if (records.isEmpty()) {
            return Outcome.NONE;
        }
        try {
            ImportResult result = Retry.call(() -> copier.write(context.target(), tenant, records), context.stopping());
            return new Outcome(result.inserted() + result.updated(), result.skipped(), 0);
        } catch (StoreException e) {
            if (!Rejects.blamesRecords(e)) {
                throw new MigrationException("could not write " + spec.records().label() + " of tenant '" + tenant
                        + "' to the target (partition " + spec.id() + "): " + e.getMessage()
                        + "; rerun to resume", spec.records(), tenant, null, e);
            }
            if (records.size() == 1) {
                T record = records.get(0);
                context.rejects().reject(spec.records(), tenant, copier.key(record), Rejects.reason(e),
                        copier.json(record), e);
                return new Outcome(0, 0, 1);
            }
            int half = records.size() / 2;
            return importAll(records.subList(0, half)).plus(importAll(records.subList(half, records.size())));
        }
    }

    /** A batch's outcome. */
    private record Outcome(long written, long skipped, long rejected) {
        static final Outcome NONE = new Outcome(0, 0, 0);

        Outcome plus(Outcome other) {
            return new Outcome(written + other.written, skipped + other.skipped, rejected + other.rejected);
        }
    }

    /** The reader's failure, handed to the writer through the queue. */
    private record ReadFailure(RuntimeException error, String position) {
        MigrationException asException(PartitionSpec spec, RecordKind kind) {
            if (error instanceof MigrationException migration) {
                return migration;
            }
            return new MigrationException("could not read " + kind.label() + " of tenant '" + spec.tenant()
                    + "' from the source (partition " + spec.id() + ", after key " + position + "): "
                    + error.getMessage() + "; rerun to resume", kind, spec.tenant(), null, error);
        }
    }
}
