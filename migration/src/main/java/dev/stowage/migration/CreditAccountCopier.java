package dev.stowage.migration;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.EntryType;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.exception.ConflictException;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.checkpoint.PartitionSpec;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Credit accounts with their ledgers: {@code scanAccounts}, then {@code entries} per account,
 * written with {@code appendEntries}, so an account the target does not hold is opened with its
 * ledger, one it holds as a prefix of the source's gains the entries it lacks (a copy rerun while
 * the application posts to the source converges), and one whose ledger forked on the target (the
 * application posted to it there) is left alone and counted as skipped: live writes win, a
 * forked ledger is never merged.
 * <p>
 * A ledger of fewer than {@link #SLICE} entries is read whole and checked as an
 * {@link AccountHistory} (sequences 1..n, each balanceAfter following from the one before,
 * balance and totals equal to the ledger's sums): an account that breaks it is rejected whole,
 * never copied in part. A longer ledger is copied in slices of {@link #SLICE} entries, one batch
 * each, so that no ledger has to fit in memory; the position inside it is
 * {@code "<accountId> <last sequence copied>"} (an account id holds no whitespace), and the
 * target checks each slice's balance chain as it appends it. The record type is a
 * {@link LedgerSlice}; its key is the account id.
 */
final class CreditAccountCopier implements Copier<CreditAccountCopier.LedgerSlice> {

    /** A batch takes no more accounts once it holds this many ledger entries. */
    static final int MAX_ENTRIES = 50_000;
    /** Entries per read of a ledger and per {@code appendEntries}; a longer ledger is copied in slices. */
    static final int SLICE = Check.MAX_BATCH_LIMIT;
    /** Reads of one account and its ledger tail before it counts as changing on every read. */
    static final int MAX_READS = 5;

    /**
     * Consecutive entries of one account's ledger, with the account as read with them.
     *
     * @param account the account (for the reject sink)
     * @param entries consecutive entries, ascending
     */
    record LedgerSlice(CreditAccount account, List<LedgerEntry> entries) {
        LedgerSlice {
            entries = List.copyOf(entries);
        }

        long lastSequence() {
            return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).sequence();
        }
    }

    @Override
    public RecordKind kind() {
        return RecordKind.CREDIT_ACCOUNTS;
    }

    @Override
    public ReadBatch<LedgerSlice> read(StoreBackend source, PartitionSpec partition, String position, int limit) {
        CreditStore store = source.credits(partition.tenant());
        String after = position;
        List<LedgerSlice> slices = new ArrayList<>();
        int space = position == null ? -1 : position.indexOf(' ');
        if (space >= 0) {
            String accountId = position.substring(0, space);
            long sequence = parseSequence(position.substring(space + 1));
            Optional<LedgerSlice> slice = continuation(store, accountId, sequence);
            if (slice.isPresent() && slice.get().entries().size() == SLICE) {
                return new ReadBatch<>(List.of(slice.get()), List.of(), accountId + " " + slice.get().lastSequence(), false);
            }
            slice.ifPresent(slices::add);
            after = accountId;
        }
        int pageSize = Math.min(limit, Check.MAX_PAGE_LIMIT);
        List<CreditAccount> accounts = store.scanAccounts(after, pageSize);
        List<ReadBatch.Unreadable> unreadable = new ArrayList<>();
        String lastKey = space >= 0 ? after : null;
        int entries = slices.stream().mapToInt(slice -> slice.entries().size()).sum();
        boolean cut = false;
        for (CreditAccount account : accounts) {
            if (entries >= MAX_ENTRIES) {
                cut = true;
                break;
            }
            List<LedgerEntry> ledger = store.entries(account.accountId(), 0, SLICE);
            if (ledger.size() == SLICE) {
                if (!slices.isEmpty() || !unreadable.isEmpty()) {
                    cut = true;
                    break;
                }
                LedgerSlice first = new LedgerSlice(account, ledger);
                return new ReadBatch<>(List.of(first), List.of(), account.accountId() + " " + first.lastSequence(), false);
            }
            ledger = new ArrayList<>(ledger);
            entries += ledger.size();
            lastKey = account.accountId();
            try {
                consistent(store, account, ledger)
                        .ifPresent(history -> slices.add(new LedgerSlice(history.account(), history.entries())));
            } catch (ValidationException e) {
                unreadable.add(new ReadBatch.Unreadable(account.accountId(), Rejects.reason(e),
                        RecordJson.history(account, ledger)));
            }
        }
        return new ReadBatch<>(slices, unreadable, lastKey, !cut && accounts.size() < pageSize);
    }

    /**
     * The next slice of a long ledger after {@code sequence}: the account is read again until its
     * balance is that of the slice's last entry (an application posting meanwhile moves both), so
     * the last slice ends where the account stood.
     */
    private static Optional<LedgerSlice> continuation(CreditStore store, String accountId, long sequence) {
        Optional<CreditAccount> account = store.account(accountId);
        List<LedgerEntry> slice = store.entries(accountId, sequence, SLICE);
        for (int read = 1; read < MAX_READS && account.isPresent() && !slice.isEmpty() && slice.size() < SLICE
                && slice.get(slice.size() - 1).balanceAfter() != account.get().balance(); read++) {
            account = store.account(accountId);
            slice = store.entries(accountId, sequence, SLICE);
        }
        if (account.isEmpty() || slice.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LedgerSlice(account.get(), slice));
    }

    private static long parseSequence(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new MigrationException("the checkpointed credit-accounts position is not \"<accountId> <sequence>\";"
                    + " the checkpoint was not written by this version", RecordKind.CREDIT_ACCOUNTS, null, null, e);
        }
    }

    /**
     * The account with a ledger that adds up to it. An application posting to the source during
     * the copy makes the account read earlier than the ledger, so that the ledger has entries the
     * account does not reflect yet: then the account and the ledger's tail are read again, up to
     * {@link #MAX_READS} times. An account that reads the same twice and still does not add up is
     * broken and is rejected. One that changed on every read (a hot account) is copied as the
     * last state read with the ledger prefix that adds up to it; the entries after that prefix
     * are the next copy's (or the dual writes') to bring over. One deleted since the scan listed it
     * is empty: there is nothing left to copy.
     */
    private static Optional<AccountHistory> consistent(CreditStore store, CreditAccount scanned, List<LedgerEntry> ledger) {
        CreditAccount account = scanned;
        List<LedgerEntry> entries = ledger;
        ValidationException broken;
        for (int read = 1; ; read++) {
            try {
                return Optional.of(new AccountHistory(account, entries));
            } catch (ValidationException e) {
                broken = e;
            }
            if (read == MAX_READS) {
                break;
            }
            Optional<CreditAccount> again = store.account(account.accountId());
            if (again.isEmpty()) {
                return Optional.empty();
            }
            if (again.get().equals(account)) {
                throw broken;
            }
            account = again.get();
            long after = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).sequence();
            entries = ledger(store, account.accountId(), after, new ArrayList<>(entries));
        }
        int prefix = matchingPrefix(account, entries);
        if (prefix == 0) {
            throw broken;
        }
        return Optional.of(new AccountHistory(account, entries.subList(0, prefix)));
    }

    /** The length of the longest ledger prefix whose sums equal the account's, or 0. */
    private static int matchingPrefix(CreditAccount account, List<LedgerEntry> entries) {
        long balance = 0;
        long purchased = 0;
        long used = 0;
        int match = 0;
        for (int i = 0; i < entries.size(); i++) {
            LedgerEntry entry = entries.get(i);
            balance += entry.amount();
            purchased += entry.type() == EntryType.PURCHASE ? entry.amount() : 0;
            used -= entry.type() == EntryType.DEDUCTION ? entry.amount() : 0;
            if (balance == account.balance() && purchased == account.totalPurchased() && used == account.totalUsed()) {
                match = i + 1;
            }
        }
        return match;
    }

    private static List<LedgerEntry> ledger(CreditStore store, String accountId, long after, List<LedgerEntry> into) {
        long position = after;
        while (true) {
            List<LedgerEntry> page = store.entries(accountId, position, Check.MAX_BATCH_LIMIT);
            into.addAll(page);
            if (page.size() < Check.MAX_BATCH_LIMIT) {
                return into;
            }
            position = page.get(page.size() - 1).sequence();
        }
    }

    /**
     * Appends each slice; a slice whose ledger forked on the target is skipped (live writes win).
     * Not atomic across slices, but redoing it appends nothing twice: entries the target holds
     * identically are skipped.
     */
    @Override
    public ImportResult write(StoreBackend target, TenantId tenant, List<LedgerSlice> records) {
        CreditStore store = target.credits(tenant);
        int inserted = 0;
        int updated = 0;
        int skipped = 0;
        for (LedgerSlice slice : records) {
            ImportResult appended;
            try {
                appended = store.appendEntries(slice.account().accountId(), slice.entries());
            } catch (ConflictException e) {
                if (Rejects.isTransient(e)) {
                    throw e;
                }
                skipped++;
                continue;
            }
            if (appended.inserted() == 0) {
                skipped++;
            } else if (appended.skipped() == 0 && slice.entries().get(0).sequence() == 1) {
                inserted++;
            } else {
                updated++;
            }
        }
        return new ImportResult(inserted, updated, skipped);
    }

    /** A slice whose last entry the target already holds is skipped; any other would be written. */
    @Override
    public Assessment<LedgerSlice> assess(StoreBackend target, TenantId tenant, List<LedgerSlice> records) {
        CreditStore store = target.credits(tenant);
        long skipped = 0;
        for (LedgerSlice slice : records) {
            if (!store.entries(slice.account().accountId(), slice.lastSequence() - 1, 1).isEmpty()) {
                skipped++;
            }
        }
        return new Assessment<>(records.size() - skipped, skipped, List.of());
    }

    @Override
    public void recopy(StoreBackend source, StoreBackend target, TenantId tenant, LedgerSlice record) {
        KeyCopy.account(source, target, tenant, record.account().accountId());
    }

    @Override
    public String key(LedgerSlice record) {
        return record.account().accountId();
    }

    @Override
    public Map<String, Object> json(LedgerSlice record) {
        return RecordJson.history(record.account(), record.entries());
    }
}
