package dev.stowage.migration.archive;

import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;

import java.util.List;

/**
 * A credit account as it was read, with one run of its ledger: an archive holds a ledger in
 * slices of at most {@value #MAX_ENTRIES} entries, each appended to the target with
 * {@code CreditStore.appendEntries} (the first slice, from sequence 1, opens the account), so
 * that no ledger has to fit in memory and the target checks every slice's balance chain.
 *
 * @param account the account's state when the export read it
 * @param entries consecutive entries of its ledger, oldest first, 1..{@value #MAX_ENTRIES}
 */
public record LedgerSlice(CreditAccount account, List<LedgerEntry> entries) {

    /** Entries per slice at most: what one {@code appendEntries} call takes. */
    public static final int MAX_ENTRIES = Check.MAX_BATCH_LIMIT;

    /**
     * @throws ValidationException if there are no entries, too many, or some of another account
     */
    public LedgerSlice {
        Check.required(account, "account");
        Check.required(entries, "entries");
        entries = List.copyOf(entries);
        if (entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            throw new ValidationException("entries", "range", "must hold 1.." + MAX_ENTRIES + " entries");
        }
        for (int i = 0; i < entries.size(); i++) {
            if (!entries.get(i).accountId().equals(account.accountId())) {
                throw new ValidationException("entries[" + i + "].accountId", "same-account", "must be the account's id");
            }
        }
    }
}
