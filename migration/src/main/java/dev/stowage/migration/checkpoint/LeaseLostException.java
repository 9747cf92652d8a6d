package dev.stowage.migration.checkpoint;

/**
 * A worker tried to record progress on a partition it no longer owns: its lease ran out (the
 * process stalled longer than the lease) and another worker claimed the partition. The worker
 * drops the partition; what it wrote is harmless, because imports never overwrite newer data.
 */
public class LeaseLostException extends CheckpointException {

    /**
     * @param runId       the run
     * @param partitionId the partition
     * @param worker      the worker that lost it
     */
    public LeaseLostException(String runId, String partitionId, String worker) {
        super("worker " + worker + " no longer owns partition " + partitionId + " of run '" + runId
                + "' (its lease expired and another worker claimed it)", null, false);
    }
}
