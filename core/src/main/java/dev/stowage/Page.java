package dev.stowage;

import java.util.List;
import java.util.Optional;

/**
 * One page of a keyset-paginated read.
 *
 * @param items      the records of this page, in the query's order
 * @param nextCursor the opaque cursor of the next page; empty on the last page
 * @param <T>        the record type
 */
public record Page<T>(List<T> items, Optional<String> nextCursor) {

    /**
     * Copies the items into an unmodifiable list.
     */
    public Page {
        items = List.copyOf(items);
        nextCursor = nextCursor == null ? Optional.empty() : nextCursor;
    }

    /**
     * @return whether another page may follow
     */
    public boolean hasNext() {
        return nextCursor.isPresent();
    }
}
