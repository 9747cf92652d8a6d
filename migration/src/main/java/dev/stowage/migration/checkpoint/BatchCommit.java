package dev.stowage.migration.checkpoint;

import dev.stowage.migration.RecordCounts;
import dev.stowage.support.Check;

import java.time.Duration;

/**
 * What a worker records after the target committed one batch of a partition.
 *
 * @param position    the key of the batch's last record, or {@code null} to keep the stored
 *                    position (an empty last batch)
 * @param counts      the batch's own counts, added to the partition's totals
 * @param nextPending records of the next batch, already read, that the worker writes next
 *                    ({@code 0} if none is known yet): recorded in the same write, so a crash
 *                    during the next batch is known without a second checkpoint write
 * @param done        whether this was the partition's last batch
 * @param elapsed     worker time the batch took
 */
public record BatchCommit(String position, RecordCounts counts, int nextPending, boolean done, Duration elapsed) {

    /**
     * @throws dev.stowage.exception.ValidationException if a part is missing or negative
     */
    public BatchCommit {
        Check.required(counts, "counts");
        Check.atLeast(nextPending, "nextPending", 0);
        Check.required(elapsed, "elapsed");
    }
}
