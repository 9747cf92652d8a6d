package dev.stowage.migration.checkpoint;

import dev.stowage.support.Check;

import java.util.List;

/**
 * A run as a checkpoint store holds it.
 *
 * @param runId       the run's id
 * @param fingerprint the configuration it was started (or last forced) with
 * @param partitions  every partition, in claim order
 */
public record RunState(String runId, RunFingerprint fingerprint, List<PartitionState> partitions) {

    /**
     * Copies the partitions into an unmodifiable list.
     */
    public RunState {
        Check.required(runId, "runId");
        Check.required(fingerprint, "fingerprint");
        partitions = List.copyOf(Check.required(partitions, "partitions"));
    }

    /**
     * @return whether every partition is done
     */
    public boolean isDone() {
        return partitions.stream().allMatch(PartitionState::done);
    }
}
