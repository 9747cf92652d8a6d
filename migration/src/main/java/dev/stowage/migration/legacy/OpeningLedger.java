package dev.stowage.migration.legacy;

import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.EntryType;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.exception.ValidationException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a legacy balance (and totals) into an account with an opening ledger whose sums equal it.
 * Credits come first, then debits, so no balanceAfter is ever negative. Entry ids are
 * {@code uuid5(recordId, "entry/<sequence>")}: the same on every run.
 */
final class OpeningLedger {

    private OpeningLedger() {
    }

    static AccountHistory of(UUID recordId, String collection, String legacyId, LegacyAccount legacy, Instant at) {
        long purchased = legacy.totalPurchased() == null ? 0 : legacy.totalPurchased();
        long used = legacy.totalUsed() == null ? 0 : legacy.totalUsed();
        boolean totals = legacy.totalPurchased() != null || legacy.totalUsed() != null;
        long difference;
        try {
            difference = Math.subtractExact(legacy.balance(), Math.subtractExact(purchased, used));
        } catch (ArithmeticException e) {
            throw CreditAccount.overflow();
        }
        if (totals && difference != 0 && legacy.totals() == TotalsRule.REJECT) {
            throw new ValidationException("balance", "totals-reconcile",
                    "must equal totalPurchased - totalUsed (declare totals ADJUST to import the difference as an adjustment)");
        }
        Map<String, Object> metadata = Map.of("legacyCollection", collection, "legacyId", legacyId);
        List<Step> steps = new ArrayList<>();
        if (purchased > 0) {
            steps.add(new Step(EntryType.PURCHASE, purchased, "purchased before the import"));
        }
        if (difference > 0) {
            steps.add(new Step(EntryType.ADJUSTMENT, difference, totals ? "difference between the legacy balance "
                    + "and totals" : "opening balance"));
        }
        if (used > 0) {
            steps.add(new Step(EntryType.DEDUCTION, -used, "used before the import"));
        }
        if (difference < 0) {
            steps.add(new Step(EntryType.ADJUSTMENT, difference, "difference between the legacy balance and totals"));
        }
        if (steps.isEmpty()) {
            throw new ValidationException("balance", "not-empty",
                    "is 0 with no purchases or usage: an account needs at least one ledger entry");
        }
        List<LedgerEntry> entries = new ArrayList<>();
        long balance = 0;
        for (Step step : steps) {
            balance += step.amount;
            long sequence = entries.size() + 1;
            entries.add(new LedgerEntry(LegacyIds.uuid5(recordId, "entry/" + sequence), legacy.accountId(), sequence,
                    step.type, step.amount, balance, step.reason, metadata, null, at));
        }
        return new AccountHistory(new CreditAccount(legacy.accountId(), legacy.balance(), purchased, used, at, at),
                entries);
    }

    private record Step(EntryType type, long amount, String reason) {
    }
}
