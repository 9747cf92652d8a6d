package dev.stowage.migration.checkpoint;

import dev.stowage.migration.RecordCounts;
import dev.stowage.support.Check;

import java.time.Duration;

/**
 * A partition's progress as a checkpoint store holds it.
 *
 * @param spec     which records
 * @param position the key of the last record of the last committed batch, or {@code null} if no
 *                 batch was committed yet; a resumed partition continues after it
 * @param done     whether every record of the partition was processed
 * @param counts   totals over every attempt; a redone batch is counted once
 * @param pending  records of the batch an attempt was writing but had not committed (0 if none);
 *                 a new attempt counts them as redone
 * @param elapsed  worker time spent on the partition over every attempt
 * @param claims   how many times a worker claimed the partition
 */
public record PartitionState(PartitionSpec spec, String position, boolean done, RecordCounts counts, int pending,
                             Duration elapsed, int claims) {

    /**
     * @throws dev.stowage.exception.ValidationException if a part is missing or negative
     */
    public PartitionState {
        Check.required(spec, "spec");
        Check.required(counts, "counts");
        Check.atLeast(pending, "pending", 0);
        Check.required(elapsed, "elapsed");
        Check.atLeast(claims, "claims", 0);
    }

    /**
     * @param spec a partition of a new run
     * @return its state before any work
     */
    public static PartitionState fresh(PartitionSpec spec) {
        return new PartitionState(spec, null, false, RecordCounts.ZERO, 0, Duration.ZERO, 0);
    }
}
