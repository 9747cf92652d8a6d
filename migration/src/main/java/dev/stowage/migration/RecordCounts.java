package dev.stowage.migration;

import dev.stowage.support.Check;

/**
 * What happened to the records of one partition, tenant or store. Every record read ends up
 * written, skipped or rejected, so {@code read == written + skipped + rejected} once a partition
 * is done; {@code redone} counts records that a crashed attempt had in flight and that were
 * therefore processed again (they are also in the other counts, once).
 *
 * @param read     records read from the source (in a dry run: read and checked)
 * @param written  records the target inserted or replaced (in a dry run: would insert or replace)
 * @param skipped  records the target already held at the same or a newer version (live writes win)
 * @param rejected records that could not be copied and went to the reject sink
 * @param redone   records processed again after an interrupted attempt (at most one batch per worker and crash)
 */
public record RecordCounts(long read, long written, long skipped, long rejected, long redone) {

    /** All zero. */
    public static final RecordCounts ZERO = new RecordCounts(0, 0, 0, 0, 0);

    /**
     * @throws dev.stowage.exception.ValidationException if a count is negative
     */
    public RecordCounts {
        Check.atLeast(read, "read", 0);
        Check.atLeast(written, "written", 0);
        Check.atLeast(skipped, "skipped", 0);
        Check.atLeast(rejected, "rejected", 0);
        Check.atLeast(redone, "redone", 0);
    }

    /**
     * @param other more counts
     * @return the sum of both
     */
    public RecordCounts plus(RecordCounts other) {
        return new RecordCounts(read + other.read, written + other.written, skipped + other.skipped,
                rejected + other.rejected, redone + other.redone);
    }

    /**
     * @return written + skipped + rejected: the records that reached a final outcome
     */
    public long processed() {
        return written + skipped + rejected;
    }
}
