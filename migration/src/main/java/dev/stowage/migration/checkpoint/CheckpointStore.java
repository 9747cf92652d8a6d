package dev.stowage.migration.checkpoint;

import dev.stowage.exception.ValidationException;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Where a migration run records its progress, so that a rerun after a crash resumes where the
 * last committed batch ended. Implementations: {@link MemoryCheckpointStore} (tests, one JVM),
 * {@link FileCheckpointStore} (one process, a JSON file per run written by atomic rename with
 * fsync) and {@link PostgresCheckpointStore} (several processes share one run by claiming
 * partitions with {@code FOR UPDATE SKIP LOCKED}).
 * <p>
 * Ownership: a worker works on a partition only after {@link #claim claiming} it, and every later
 * write names the worker; a store that lets claims expire (a lease) refuses the writes of a worker
 * whose lease another worker has taken over with a {@link LeaseLostException}. Implementations
 * are thread-safe; every method is atomic.
 */
public interface CheckpointStore extends AutoCloseable {

    /**
     * Opens a run, creating it with the partitions of {@code plan} if the store does not hold it.
     * Of several processes opening the same new run at once, one creates it and every one gets
     * the same partitions. The stored fingerprint is returned as stored: comparing it is the
     * caller's decision.
     *
     * @param runId       the run, see {@link #checkRunId}
     * @param fingerprint the configuration, stored if the run is created
     * @param plan        computes the partitions of a new run; called at most once, only if needed
     * @return the run as stored
     */
    RunState open(String runId, RunFingerprint fingerprint, Supplier<List<PartitionSpec>> plan);

    /**
     * Resumes a run under a changed configuration ({@code force}): stores the new fingerprint,
     * keeps the partitions (with their progress) of every (kind, tenant) group that {@code plan}
     * still has, adds the partitions of groups that are new, and removes those of groups that are
     * gone. See {@link RunPlans#reconcile}.
     *
     * @param runId       the run
     * @param fingerprint the new configuration
     * @param plan        the partitions the new configuration would have for a new run
     * @return the run as stored afterwards
     */
    RunState reconfigure(String runId, RunFingerprint fingerprint, List<PartitionSpec> plan);

    /**
     * Claims the first partition, in plan order, that is not done and not owned by a live worker.
     *
     * @param runId  the run
     * @param worker the claiming worker's id, unique across processes
     * @return the partition's state at the moment of the claim (its {@code pending} records are
     *     the claimer's to count as redone), or empty if none is free
     */
    Optional<PartitionState> claim(String runId, String worker);

    /**
     * Records that the worker starts writing a batch whose size was not announced by the previous
     * {@link BatchCommit#nextPending}.
     *
     * @param runId       the run
     * @param partitionId the partition
     * @param worker      its owner
     * @param records     the batch's size
     * @throws LeaseLostException if the worker does not own the partition
     */
    void begin(String runId, String partitionId, String worker, int records);

    /**
     * Records a batch the target has committed: the new position, the counts and whether the
     * partition is done (a done partition has no owner). Durable when the method returns.
     *
     * @param runId       the run
     * @param partitionId the partition
     * @param worker      its owner
     * @param commit      what to record
     * @throws LeaseLostException if the worker does not own the partition
     */
    void commit(String runId, String partitionId, String worker, BatchCommit commit);

    /**
     * Gives a partition back without finishing it (the worker failed or was told to stop), so that
     * another worker or a later run can claim it at once. Does nothing if the worker does not own it.
     *
     * @param runId       the run
     * @param partitionId the partition
     * @param worker      its owner
     */
    void release(String runId, String partitionId, String worker);

    /**
     * Extends the leases of the given workers' partitions; called every {@link #renewInterval()}
     * while they work. Stores without leases do nothing.
     *
     * @param runId   the run
     * @param workers the live workers of this process
     */
    void renew(String runId, Collection<String> workers);

    /**
     * @return how often a process must {@link #renew} its claims to keep them
     */
    default Duration renewInterval() {
        return Duration.ofSeconds(10);
    }

    /**
     * @return whether several processes may work on one run at once; a worker of such a store that
     *     finds nothing to claim waits until the other processes' partitions are done (or, if a
     *     process died, claimable again), so that every process's run ends with the whole run done
     */
    default boolean shared() {
        return false;
    }

    /**
     * @param runId the run
     * @return the run as stored, or empty if the store does not hold it
     */
    Optional<RunState> run(String runId);

    /**
     * Releases what the store holds (a file lock, nothing for a data source). Idempotent.
     */
    @Override
    default void close() {
    }

    /** Shape of a run id: safe as a file name and as text in any database. */
    Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /**
     * @param runId a run id
     * @return the run id
     * @throws ValidationException {@code field "runId"} unless it is 1..64 ASCII letters, digits,
     *     {@code .}, {@code _} or {@code -}, starting with a letter or digit
     */
    static String checkRunId(String runId) {
        if (runId == null) {
            throw new ValidationException("runId", "required", "is required");
        }
        if (!RUN_ID.matcher(runId).matches()) {
            throw new ValidationException("runId", "run-id",
                    "must be 1 to 64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return runId;
    }
}
