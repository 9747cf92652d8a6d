package dev.stowage.migration.source;

import dev.stowage.support.Check;

import java.util.List;

/**
 * One batch read from a {@link RecordSource}.
 *
 * @param records      the records, possibly empty only when the collection is exhausted
 * @param nextPosition where to continue, or {@code null} when the collection has been read to its end
 */
public record RecordBatch(List<SourceRecord> records, String nextPosition) {

    /** Copies the list. */
    public RecordBatch {
        records = List.copyOf(Check.required(records, "records"));
    }

    /**
     * @return whether the collection has been read to its end
     */
    public boolean isLast() {
        return nextPosition == null;
    }
}
