package dev.stowage.migration.verify;

import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.EntryType;
import dev.stowage.credit.LedgerEntry;

import java.util.List;

/**
 * One side's ledger of one account, read oldest first a page at a time, and what its entries add
 * up to. Holds one page, so a ledger of any length is checked in bounded memory.
 */
final class LedgerTally {

    /** The invariants a ledger is checked against, in report order. */
    enum Invariant {
        BALANCE("balance = sum(amounts)"),
        TOTAL_PURCHASED("totalPurchased = sum(PURCHASE amounts)"),
        TOTAL_USED("totalUsed = sum(DEDUCTION amounts)"),
        SEQUENCES("sequences are 1..n"),
        BALANCE_AFTER("balanceAfter follows the ledger"),
        SAME_ACCOUNT("entries belong to the account"),
        NOT_EMPTY("the ledger is not empty");

        private final String label;

        Invariant(String label) {
            this.label = label;
        }

        /** @return the invariant as the report names it */
        String label() {
            return label;
        }
    }

    private static final String HOLDS = "holds";

    private final Side side;
    private final CreditAccount account;
    private final int pageSize;
    private List<LedgerEntry> page = List.of();
    private int position;
    private boolean exhausted;
    private long count;
    private long lastSequence;
    private long sum;
    private long purchased;
    private long used;
    private boolean overflow;
    private String sequenceBreak;
    private String chainBreak;
    private String foreignEntry;

    LedgerTally(Side side, CreditAccount account, int pageSize) {
        this.side = side;
        this.account = account;
        this.pageSize = pageSize;
    }

    /** @return the next entry without taking it, or {@code null} at the end of the ledger */
    LedgerEntry peek() {
        if (position == page.size() && !exhausted) {
            fetch();
        }
        return position < page.size() ? page.get(position) : null;
    }

    /** Takes the entry {@link #peek} returned and adds it to the tally. */
    void advance() {
        add(page.get(position++));
    }

    /** Reads the rest of the ledger. */
    void drain() {
        while (peek() != null) {
            advance();
        }
    }

    long count() {
        return count;
    }

    long lastSequence() {
        return lastSequence;
    }

    /**
     * @param invariant an invariant
     * @return {@code holds}, or {@code broken: ...} with the figures; call after the ledger was read
     */
    String state(Invariant invariant) {
        String broken = switch (invariant) {
            case BALANCE -> sumBreak("balance", account.balance(), sum);
            case TOTAL_PURCHASED -> sumBreak("totalPurchased", account.totalPurchased(), purchased);
            case TOTAL_USED -> sumBreak("totalUsed", account.totalUsed(), used);
            case SEQUENCES -> sequenceBreak;
            case BALANCE_AFTER -> chainBreak;
            case SAME_ACCOUNT -> foreignEntry;
            case NOT_EMPTY -> count == 0 ? "no entries" : null;
        };
        return broken == null ? HOLDS : "broken: " + broken;
    }

    static boolean holds(String state) {
        return HOLDS.equals(state);
    }

    private String sumBreak(String field, long stated, long summed) {
        if (overflow) {
            return "the sums overflow";
        }
        return stated == summed ? null : field + " " + stated + ", sum " + summed;
    }

    private void fetch() {
        long after = lastSequence;
        List<LedgerEntry> next = side.read("the ledger of account " + account.accountId(),
                () -> side.credits().entries(account.accountId(), after, pageSize));
        long previous = after;
        for (LedgerEntry entry : next) {
            if (entry.sequence() <= previous) {
                throw ReadFailure.outOfOrder(side.role(), "the ledger of account " + account.accountId(),
                        "sequence " + entry.sequence(), "sequence " + previous);
            }
            previous = entry.sequence();
        }
        // entries() returns every entry after the given sequence up to the limit: a short page is the end.
        exhausted = next.size() < pageSize;
        page = next;
        position = 0;
    }

    private void add(LedgerEntry entry) {
        count++;
        if (sequenceBreak == null && entry.sequence() != lastSequence + 1) {
            sequenceBreak = "sequence " + entry.sequence() + " follows " + lastSequence;
        }
        lastSequence = entry.sequence();
        if (foreignEntry == null && !entry.accountId().equals(account.accountId())) {
            foreignEntry = "sequence " + entry.sequence() + " names another account";
        }
        try {
            sum = Math.addExact(sum, entry.amount());
            if (entry.type() == EntryType.PURCHASE) {
                purchased = Math.addExact(purchased, entry.amount());
            } else if (entry.type() == EntryType.DEDUCTION) {
                used = Math.subtractExact(used, entry.amount());
            }
        } catch (ArithmeticException e) {
            overflow = true;
        }
        if (chainBreak == null && !overflow && entry.balanceAfter() != sum) {
            chainBreak = "sequence " + entry.sequence() + " has balanceAfter " + entry.balanceAfter()
                    + ", the entries up to it sum to " + sum;
        }
    }
}
