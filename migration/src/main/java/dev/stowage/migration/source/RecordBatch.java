package dev.stowage.migration.source;

import dev.stowage.support.Check;

import java.util.List;

/**
 * One batch read from a {@link RecordSource}.
 *
 * <p>{@link #unreadable()} holds what the source found in the same stretch of the collection but
 * could not read (malformed lines, keys of the wrong type); they count towards the read's limit
 * and the engine rejects them with their raw text. A batch whose records and unreadable records
 * are both empty is returned only when the collection is exhausted.
 *
 * @param records      the records read
 * @param unreadable   the records found but not readable, in the source's order
 * @param nextPosition where to continue, or {@code null} when the collection has been read to its end
 */
public record RecordBatch(List<SourceRecord> records, List<UnreadableRecord> unreadable, String nextPosition) {

    /** Copies the lists. */
    public RecordBatch {
        records = List.copyOf(Check.required(records, "records"));
        unreadable = List.copyOf(Check.required(unreadable, "unreadable"));
    }

    /**
     * A batch in which every record could be read.
     *
     * @param records      the records read
     * @param nextPosition where to continue, or {@code null} when the collection has been read to its end
     */
    public RecordBatch(List<SourceRecord> records, String nextPosition) {
        this(records, List.of(), nextPosition);
    }

    /**
     * @return whether the collection has been read to its end
     */
    public boolean isLast() {
        return nextPosition == null;
    }
}
