package dev.stowage.migration.verify;

import java.util.List;

/**
 * One side's records in key order, a page at a time: only the current page is held. Checks the
 * order it is given, since a merge by key is only right if both sides really scan in key order.
 */
final class OrderedScan<R> {

    private final RecordComparer<R> comparer;
    private final Side side;
    private final int pageSize;
    private List<R> page = List.of();
    private int position;
    private R last;
    private boolean exhausted;
    private long read;

    OrderedScan(RecordComparer<R> comparer, Side side, int pageSize) {
        this.comparer = comparer;
        this.side = side;
        this.pageSize = pageSize;
    }

    /** @return the next record without taking it, or {@code null} at the end */
    R peek() {
        if (position == page.size() && !exhausted) {
            fetch();
        }
        return position < page.size() ? page.get(position) : null;
    }

    /** Takes the record {@link #peek} returned. */
    void advance() {
        position++;
    }

    /** @return how many records the scan has returned so far */
    long read() {
        return read;
    }

    private void fetch() {
        List<R> next = side.read(comparer.records().label() + " (scan)", () -> comparer.scan(side, last, pageSize));
        for (R record : next) {
            if (last != null && comparer.order().compare(last, record) >= 0) {
                throw ReadFailure.outOfOrder(side.role(), comparer.records().label(), describe(record), describe(last));
            }
            last = record;
        }
        // Only an empty page ends a scan: a backend may return short pages (expired items
        // filtered out of a page) before the end.
        exhausted = next.isEmpty();
        page = next;
        position = 0;
        read += next.size();
    }

    private String describe(R record) {
        return comparer.key(record).toString();
    }
}
