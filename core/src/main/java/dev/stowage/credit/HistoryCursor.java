package dev.stowage.credit;

import dev.stowage.exception.ValidationException;
import dev.stowage.support.Cursors;

import java.util.List;

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
