package dev.stowage.migration.verify;

import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.migration.RecordKind;
import dev.stowage.support.Text;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Credit accounts with their whole ledgers, keyed by account id in code point order. For each
 * account: its fields, every entry by sequence (all fields), the entry count and last sequence,
 * and on each side the ledger invariants of {@link LedgerTally.Invariant}, such as
 * {@code balance = sum(amounts)}. Nothing is sampled: this is money.
 */
final class AccountComparer implements RecordComparer<CreditAccount> {

    private static final Comparator<CreditAccount> ORDER =
            Comparator.comparing(CreditAccount::accountId, Text.CODE_POINT_ORDER);

    private final int pageSize;

    AccountComparer(int pageSize) {
        this.pageSize = pageSize;
    }

    @Override
    public RecordKind records() {
        return RecordKind.CREDIT_ACCOUNTS;
    }

    @Override
    public List<CreditAccount> scan(Side side, CreditAccount after, int limit) {
        return side.credits().scanAccounts(after == null ? null : after.accountId(), limit);
    }

    @Override
    public Comparator<CreditAccount> order() {
        return ORDER;
    }

    @Override
    public Map<String, String> key(CreditAccount account) {
        return Map.of("accountId", account.accountId());
    }

    @Override
    public void compare(CreditAccount s, CreditAccount t, Side sourceSide, Side targetSide, Differences d) {
        d.shown("balance", s.balance(), t.balance());
        d.shown("totalPurchased", s.totalPurchased(), t.totalPurchased());
        d.shown("totalUsed", s.totalUsed(), t.totalUsed());
        d.shown("createdAt", s.createdAt(), t.createdAt());
        d.shown("updatedAt", s.updatedAt(), t.updatedAt());
        LedgerTally source = new LedgerTally(sourceSide, s, pageSize);
        LedgerTally target = new LedgerTally(targetSide, t, pageSize);
        while (true) {
            LedgerEntry es = source.peek();
            LedgerEntry et = target.peek();
            if (es == null && et == null) {
                break;
            }
            long order = es == null ? 1 : et == null ? -1 : Long.compare(es.sequence(), et.sequence());
            if (order < 0) {
                d.presence(entry(es), true);
                source.advance();
            } else if (order > 0) {
                d.presence(entry(et), false);
                target.advance();
            } else {
                compareEntries(es, et, d);
                source.advance();
                target.advance();
            }
        }
        d.shown("entryCount", source.count(), target.count());
        d.shown("lastSequence", source.lastSequence(), target.lastSequence());
        for (LedgerTally.Invariant invariant : LedgerTally.Invariant.values()) {
            String onSource = source.state(invariant);
            String onTarget = target.state(invariant);
            if (!LedgerTally.holds(onSource) || !LedgerTally.holds(onTarget)) {
                d.invariant(invariant.label(), onSource, onTarget);
            }
        }
    }

    @Override
    public void inspectAlone(CreditAccount account, Side side, Differences d) {
        LedgerTally ledger = new LedgerTally(side, account, pageSize);
        ledger.drain();
        for (LedgerTally.Invariant invariant : LedgerTally.Invariant.values()) {
            String state = ledger.state(invariant);
            if (!LedgerTally.holds(state)) {
                boolean onSource = side.role() == Side.Role.SOURCE;
                d.invariant(invariant.label(), onSource ? state : Difference.ABSENT, onSource ? Difference.ABSENT : state);
            }
        }
    }

    private static void compareEntries(LedgerEntry s, LedgerEntry t, Differences d) {
        if (s.equals(t)) {
            return;
        }
        String entry = entry(s);
        d.shown(entry + ".id", s.id(), t.id());
        d.shown(entry + ".accountId", s.accountId(), t.accountId());
        d.shown(entry + ".type", s.type(), t.type());
        d.shown(entry + ".amount", s.amount(), t.amount());
        d.shown(entry + ".balanceAfter", s.balanceAfter(), t.balanceAfter());
        d.shown(entry + ".createdAt", s.createdAt(), t.createdAt());
        d.shown(entry + ".idempotencyKey", s.idempotencyKey(), t.idempotencyKey());
        d.hidden(entry + ".reason", s.reason(), t.reason());
        d.hidden(entry + ".metadata", s.metadata(), t.metadata());
    }

    private static String entry(LedgerEntry entry) {
        return "entries[seq=" + entry.sequence() + "]";
    }
}
