package dev.stowage.migration.verify;

import dev.stowage.migration.RecordKind;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * How one kind of records is verified: how a side is scanned in key order, and what "equal"
 * means for two records of one key. {@link KeyMerge} does the rest (paging, merging, counting,
 * stopping), so a new kind of records (refresh-token families, the denylist) is one more
 * implementation, registered in {@link Verification}.
 *
 * @param <R> the record type
 */
interface RecordComparer<R> {

    /** @return which records (and so which store) */
    RecordKind records();

    /**
     * @param side  the side to read
     * @param after the last record already read, exclusive; {@code null} for the first page
     * @param limit page size
     * @return the next records in {@link #order()}; an empty list only at the end
     */
    List<R> scan(Side side, R after, int limit);

    /** @return the order of {@link #scan}, the order the SPI documents for it */
    Comparator<R> order();

    /** @return the record's key for the report, in a fixed field order */
    Map<String, String> key(R record);

    /**
     * @param record a record a scan returned
     * @return whether it counts as present (an expired item does not; see {@link ExpiryRule})
     */
    default boolean present(R record) {
        return true;
    }

    /**
     * Compares two records of one key, including anything that hangs off them (a ledger), and
     * checks each side's invariants on the way.
     */
    void compare(R source, R target, Side sourceSide, Side targetSide, Differences differences);

    /**
     * Checks the invariants of a record only one side holds; the other side shows
     * {@link Difference#ABSENT}.
     */
    default void inspectAlone(R record, Side side, Differences differences) {
    }
}
