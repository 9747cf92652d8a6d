package dev.stowage.credit;

import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An account with its complete ledger, as moved by a migration. Validated on construction: the
 * entries belong to the account, have sequences 1..n in order, each balanceAfter follows from the
 * one before, and replaying them yields exactly the account's balance and totals. So
 * {@code balance == sum of amounts} holds for anything a store imports.
 *
 * @param account the account's state
 * @param entries its whole ledger, oldest first
 */
public record AccountHistory(CreditAccount account, List<LedgerEntry> entries) {

    /**
     * @throws ValidationException naming the entry and field that break the chain
     */
    public AccountHistory {
        Check.required(account, "account");
        Check.required(entries, "entries");
        for (int i = 0; i < entries.size(); i++) {
            Check.required(entries.get(i), "entries[" + i + "]");
        }
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new ValidationException("entries", "not-empty", "must hold the account's ledger; an account has at least one entry");
        }
        CreditAccount replayed = CreditAccount.opening(account.accountId(), entries.get(0).createdAt());
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            LedgerEntry entry = entries.get(i);
            String field = "entries[" + i + "]";
            if (!entry.accountId().equals(account.accountId())) {
                throw new ValidationException(field + ".accountId", "same-account", "must be the account's id");
            }
            if (entry.sequence() != i + 1) {
                throw new ValidationException(field + ".sequence", "consecutive", "must be " + (i + 1));
            }
            if (entry.idempotencyKey() != null && !keys.add(entry.idempotencyKey())) {
                throw new ValidationException(field + ".idempotencyKey", "unique", "must be unique within the account");
            }
            if (replayed.balance() + entry.amount() != entry.balanceAfter()) {
                throw new ValidationException(field + ".balanceAfter", "chain",
                        "must equal the previous balance plus the amount");
            }
            try {
                replayed = replayed.apply(entry.type(), entry.amount(), entry.createdAt());
            } catch (ValidationException overflow) {
                throw overflow.within(field);
            }
        }
        if (replayed.balance() != account.balance()) {
            throw new ValidationException("account.balance", "ledger-sum", "must equal the sum of the entries' amounts");
        }
        if (replayed.totalPurchased() != account.totalPurchased() || replayed.totalUsed() != account.totalUsed()) {
            throw new ValidationException("account.totalPurchased", "ledger-sum",
                    "totals must equal the sums of PURCHASE and DEDUCTION entries");
        }
    }
}
