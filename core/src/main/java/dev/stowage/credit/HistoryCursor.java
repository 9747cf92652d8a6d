package dev.stowage.credit;

import dev.stowage.Page;
import dev.stowage.exception.ValidationException;
import dev.stowage.support.Cursors;

import java.util.List;
import java.util.Optional;

/**
 * The cursor of {@link CreditStore#history}: the account and the sequence of the last entry
 * returned. Every backend encodes it this way, so a cursor continues on any backend.
 */
public final class HistoryCursor {

    private HistoryCursor() {
    }

    /**
     * @param accountId    the account whose history is paged
     * @param lastSequence the sequence of the last (oldest) entry of the page just returned
     * @return the opaque cursor of the next page
     */
    public static String encode(String accountId, long lastSequence) {
        return Cursors.encode("history", Long.toString(lastSequence), accountId);
    }

    /**
     * Cuts a history page from the entries a backend read, newest first: it reads up to
     * {@code limit + 1} so that one more entry proves a next page exists.
     *
     * @param accountId the account whose history is paged
     * @param entries   up to {@code limit + 1} entries, descending sequence
     * @param limit     the page size
     * @return the page, with a next cursor exactly when older entries exist
     */
    public static Page<LedgerEntry> page(String accountId, List<LedgerEntry> entries, int limit) {
        if (entries.size() <= limit) {
            return new Page<>(entries, Optional.empty());
        }
        List<LedgerEntry> items = entries.subList(0, limit);
        return new Page<>(items, Optional.of(encode(accountId, items.get(items.size() - 1).sequence())));
    }

    /**
     * @param cursor    a cursor from {@link #encode}
     * @param accountId the account being paged
     * @return the sequence below which the next page starts (exclusive)
     * @throws ValidationException {@code field "cursor"} if it is not a history cursor of that account
     */
    public static long decode(String cursor, String accountId) {
        List<String> parts = Cursors.decode(cursor, 3);
        if (!parts.get(0).equals("history") || !parts.get(2).equals(accountId)) {
            throw Cursors.invalid();
        }
        try {
            long sequence = Long.parseLong(parts.get(1));
            if (sequence < 1) {
                throw Cursors.invalid();
            }
            return sequence;
        } catch (NumberFormatException e) {
            throw Cursors.invalid();
        }
    }
}
