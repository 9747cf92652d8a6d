package dev.stowage.credit;

import dev.stowage.Page;
import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;
import dev.stowage.support.Cursors;

import java.util.List;
import java.util.Optional;

/**
 * The cursor of {@link CreditStore#history}: the account and the sequence of the last entry
 * returned. Every backend encodes it this way, so a cursor continues on any backend. Decoding is
 * strict: only the exact text {@link #encode} produces for the same account is accepted, so a
 * forged, truncated or re-encoded cursor, or one of another account, is a
 * {@link ValidationException} on every backend alike.
 */
public final class HistoryCursor {

    private static final String KIND = "history";

    private HistoryCursor() {
    }

    /**
     * @param accountId    the account whose history is paged
     * @param lastSequence the sequence of the last (oldest) entry of the page just returned
     * @return the opaque cursor of the next page
     * @throws ValidationException naming {@code accountId} or {@code lastSequence} if one is invalid
     */
    public static String encode(String accountId, long lastSequence) {
        CreditAccount.validateAccountId(accountId);
        LedgerEntry.validateSequence(lastSequence, "lastSequence");
        return Cursors.encode(KIND, Long.toString(lastSequence), accountId);
    }

    /**
     * Cuts a history page from the entries a backend read, newest first: it reads up to
     * {@code limit + 1} so that one more entry proves a next page exists.
     *
     * @param accountId the account whose history is paged
     * @param entries   up to {@code limit + 1} entries, descending sequence
     * @param limit     the page size, 1..1 000
     * @return the page, with a next cursor exactly when older entries exist
     * @throws ValidationException naming the invalid argument
     */
    public static Page<LedgerEntry> page(String accountId, List<LedgerEntry> entries, int limit) {
        CreditAccount.validateAccountId(accountId);
        Check.required(entries, "entries");
        Check.pageLimit(limit);
        if (entries.size() <= limit) {
            return new Page<>(entries, Optional.empty());
        }
        List<LedgerEntry> items = entries.subList(0, limit);
        return new Page<>(items, Optional.of(encode(accountId, items.get(items.size() - 1).sequence())));
    }

    /**
     * @param cursor    a cursor from {@link #encode}
     * @param accountId the account being paged
     * @return the sequence below which the next page starts (exclusive), 1..{@link LedgerEntry#MAX_SEQUENCE}
     * @throws ValidationException {@code field "cursor"} if it is missing or not exactly a history
     *     cursor of that account; {@code field "accountId"} if the account id is invalid
     */
    public static long decode(String cursor, String accountId) {
        CreditAccount.validateAccountId(accountId);
        Check.required(cursor, "cursor");
        List<String> parts = Cursors.decode(cursor, 3);
        if (!parts.get(0).equals(KIND) || !parts.get(2).equals(accountId)) {
            throw Cursors.invalid();
        }
        long sequence;
        try {
            sequence = Long.parseLong(parts.get(1));
        } catch (NumberFormatException e) {
            throw Cursors.invalid();
        }
        if (sequence < 1 || sequence > LedgerEntry.MAX_SEQUENCE || !encode(accountId, sequence).equals(cursor)) {
            // Out of range, or not the canonical text ("+5", "05", padding): not one of ours.
            throw Cursors.invalid();
        }
        return sequence;
    }
}
