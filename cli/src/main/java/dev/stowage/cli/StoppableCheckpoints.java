package dev.stowage.cli;

import dev.stowage.migration.checkpoint.BatchCommit;
import dev.stowage.migration.checkpoint.CheckpointException;
import dev.stowage.migration.checkpoint.CheckpointStore;
import dev.stowage.migration.checkpoint.PartitionSpec;
import dev.stowage.migration.checkpoint.PartitionState;
import dev.stowage.migration.checkpoint.RunFingerprint;
import dev.stowage.migration.checkpoint.RunState;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A checkpoint store through which Ctrl-C stops a run cleanly: once {@link #stop()} is called,
 * every batch commit is still written, and then fails with {@link Stopped}, and no partition is
 * claimed any more. The engine ends the run on that failure, so each worker stops right after
 * its current batch, with that batch checkpointed, and the same command resumes.
 */
final class StoppableCheckpoints implements CheckpointStore {

    /** The failure that ends a run the operator stopped; never retried. */
    static final class Stopped extends CheckpointException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("stopped by the operator after the current batch (checkpoint written)", null, false);
        }
    }

    private final CheckpointStore delegate;
    private volatile boolean stopping;

    StoppableCheckpoints(CheckpointStore delegate) {
        this.delegate = delegate;
    }

    void stop() {
        stopping = true;
    }

    @Override
    public RunState open(String runId, RunFingerprint fingerprint, Supplier<List<PartitionSpec>> plan) {
        return delegate.open(runId, fingerprint, plan);
    }

    @Override
    public RunState reconfigure(String runId, RunFingerprint fingerprint, List<PartitionSpec> plan) {
        return delegate.reconfigure(runId, fingerprint, plan);
    }

    @Override
    public Optional<PartitionState> claim(String runId, String worker) {
        if (stopping) {
            throw new Stopped();
        }
        return delegate.claim(runId, worker);
    }

    @Override
    public void begin(String runId, String partitionId, String worker, int records) {
        delegate.begin(runId, partitionId, worker, records);
    }

    @Override
    public void commit(String runId, String partitionId, String worker, BatchCommit commit) {
        delegate.commit(runId, partitionId, worker, commit);
        if (stopping && !commit.done()) {
            throw new Stopped();
        }
    }

    @Override
    public void release(String runId, String partitionId, String worker) {
        delegate.release(runId, partitionId, worker);
    }

    @Override
    public void renew(String runId, Collection<String> workers) {
        delegate.renew(runId, workers);
    }

    @Override
    public Duration renewInterval() {
        return delegate.renewInterval();
    }

    @Override
    public boolean shared() {
        return delegate.shared();
    }

    @Override
    public Optional<RunState> run(String runId) {
        return delegate.run(runId);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
