package dev.stowage.migration.checkpoint;

import dev.stowage.migration.RecordCounts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The checkpoint rules for stores used by one process: runs held in memory, each change handed to
 * {@link #persist} before the method returns. Owners are never persisted: only this process works
 * on its runs, so after a restart no partition has a live owner.
 */
abstract class LocalCheckpointStore implements CheckpointStore {

    private final Map<String, Run> runs = new HashMap<>();

    /**
     * @param runId a run this store does not hold in memory yet
     * @return the run as persisted by an earlier process, or empty
     */
    abstract Optional<RunState> load(String runId);

    /**
     * Makes the run's state durable before the calling method returns.
     *
     * @param state the run after a change
     */
    abstract void persist(RunState state);

    @Override
    public synchronized RunState open(String runId, RunFingerprint fingerprint, Supplier<List<PartitionSpec>> plan) {
        CheckpointStore.checkRunId(runId);
        Run run = runs.get(runId);
        if (run == null) {
            Optional<RunState> loaded = load(runId);
            if (loaded.isPresent()) {
                run = new Run(loaded.get().fingerprint(), loaded.get().partitions());
            } else {
                List<PartitionState> fresh = new ArrayList<>();
                plan.get().forEach(spec -> fresh.add(PartitionState.fresh(spec)));
                run = new Run(fingerprint, fresh);
                runs.put(runId, run);
                persist(run.snapshot(runId));
                return run.snapshot(runId);
            }
            runs.put(runId, run);
        }
        return run.snapshot(runId);
    }

    @Override
    public synchronized RunState reconfigure(String runId, RunFingerprint fingerprint, List<PartitionSpec> plan) {
        Run run = existing(runId);
        List<PartitionState> reconciled = RunPlans.reconcile(run.snapshot(runId).partitions(), plan);
        Run replaced = new Run(fingerprint, reconciled);
        run.partitions.values().forEach(p -> {
            Slot slot = replaced.partitions.get(p.state.spec().id());
            if (slot != null) {
                slot.owner = p.owner;
            }
        });
        runs.put(runId, replaced);
        persist(replaced.snapshot(runId));
        return replaced.snapshot(runId);
    }

    @Override
    public synchronized Optional<PartitionState> claim(String runId, String worker) {
        Run run = existing(runId);
        for (Slot slot : run.partitions.values()) {
            if (!slot.state.done() && slot.owner == null) {
                slot.owner = worker;
                PartitionState s = slot.state;
                slot.state = new PartitionState(s.spec(), s.position(), false, s.counts(), s.pending(), s.elapsed(),
                        s.claims() + 1);
                persist(run.snapshot(runId));
                return Optional.of(slot.state);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void begin(String runId, String partitionId, String worker, int records) {
        Run run = existing(runId);
        Slot slot = owned(run, runId, partitionId, worker);
        PartitionState s = slot.state;
        slot.state = new PartitionState(s.spec(), s.position(), s.done(), s.counts(), records, s.elapsed(), s.claims());
        persist(run.snapshot(runId));
    }

    @Override
    public synchronized void commit(String runId, String partitionId, String worker, BatchCommit commit) {
        Run run = existing(runId);
        Slot slot = owned(run, runId, partitionId, worker);
        PartitionState s = slot.state;
        RecordCounts counts = s.counts().plus(commit.counts());
        String position = commit.position() == null ? s.position() : commit.position();
        Duration elapsed = s.elapsed().plus(commit.elapsed());
        slot.state = new PartitionState(s.spec(), position, commit.done(), counts,
                commit.done() ? 0 : commit.nextPending(), elapsed, s.claims());
        if (commit.done()) {
            slot.owner = null;
        }
        persist(run.snapshot(runId));
    }

    @Override
    public synchronized void release(String runId, String partitionId, String worker) {
        Run run = runs.get(runId);
        if (run == null) {
            return;
        }
        Slot slot = run.partitions.get(partitionId);
        if (slot != null && worker.equals(slot.owner)) {
            slot.owner = null;
        }
    }

    @Override
    public void renew(String runId, Collection<String> workers) {
        // No leases: a local store's workers live and die with this process.
    }

    @Override
    public synchronized Optional<RunState> run(String runId) {
        Run run = runs.get(runId);
        if (run != null) {
            return Optional.of(run.snapshot(runId));
        }
        return load(runId);
    }

    private Run existing(String runId) {
        Run run = runs.get(runId);
        if (run == null) {
            throw new CheckpointException("run '" + runId + "' is not open in this checkpoint store; open it first",
                    null, false);
        }
        return run;
    }

    private static Slot owned(Run run, String runId, String partitionId, String worker) {
        Slot slot = run.partitions.get(partitionId);
        if (slot == null || !worker.equals(slot.owner)) {
            throw new LeaseLostException(runId, partitionId, worker);
        }
        return slot;
    }

    /** A partition's state and its owner in this process. */
    private static final class Slot {
        PartitionState state;
        String owner;

        Slot(PartitionState state) {
            this.state = state;
        }
    }

    /** A run held in memory. */
    private static final class Run {
        final RunFingerprint fingerprint;
        final Map<String, Slot> partitions = new LinkedHashMap<>();

        Run(RunFingerprint fingerprint, List<PartitionState> states) {
            this.fingerprint = fingerprint;
            states.forEach(state -> partitions.put(state.spec().id(), new Slot(state)));
        }

        RunState snapshot(String runId) {
            List<PartitionState> states = new ArrayList<>(partitions.size());
            partitions.values().forEach(slot -> states.add(slot.state));
            return new RunState(runId, fingerprint, states);
        }
    }
}
