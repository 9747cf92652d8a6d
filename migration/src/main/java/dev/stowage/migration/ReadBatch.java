package dev.stowage.migration;

import java.util.List;
import java.util.Map;

/**
 * One batch read from a partition of the source.
 *
 * @param records    the records to write, in key order
 * @param unreadable records the source holds but that cannot be copied as they are (a ledger that
 *                   breaks its invariant), rejected whole
 * @param position   the key of the last record read (copyable or not), or {@code null} if the
 *                   batch read nothing
 * @param last       whether the partition has no records after this batch
 * @param <T>        the record type
 */
record ReadBatch<T>(List<T> records, List<Unreadable> unreadable, String position, boolean last) {

    ReadBatch {
        records = List.copyOf(records);
        unreadable = List.copyOf(unreadable);
    }

    /**
     * @return how many records the batch read
     */
    int size() {
        return records.size() + unreadable.size();
    }

    /**
     * A record that cannot be copied as the source holds it.
     *
     * @param key    its key
     * @param reason why
     * @param record its content as JSON, as far as it could be read
     */
    record Unreadable(String key, String reason, Map<String, Object> record) {
    }
}
