package dev.stowage.migration;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.EntryType;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.checkpoint.PartitionSpec;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Credit accounts with their whole ledgers: {@code scanAccounts}, then {@code entries} per
 * account, written with {@code importAccounts} (an account the target already holds is left
 * alone). Each account is checked as an {@link AccountHistory} (sequences 1..n, each
 * balanceAfter following from the one before, balance and totals equal to the ledger's sums):
 * an account that breaks it is rejected whole, never copied in part.
 * <p>
 * The SPI imports an account with its complete ledger in one call, so one account's ledger is
 * held in memory at once; a batch stops taking accounts once it holds {@link #MAX_ENTRIES} entries.
 */
final class CreditAccountCopier implements Copier<AccountHistory> {

    /** A batch takes no more accounts once it holds this many ledger entries. */
    static final int MAX_ENTRIES = 50_000;
    /** Reads of one account and its ledger tail before it counts as changing on every read. */
    static final int MAX_READS = 5;

    @Override
    public RecordKind kind() {
        return RecordKind.CREDIT_ACCOUNTS;
    }

    @Override
    public long estimate(StoreBackend source, TenantId tenant) {
        return -1;
    }

    @Override
    public List<PartitionSpec> plan(StoreBackend source, TenantId tenant, int ranges, int batchSize) {
        return List.of(PartitionSpec.whole(kind(), tenant));
    }

    @Override
    public ReadBatch<AccountHistory> read(StoreBackend source, PartitionSpec partition, String position, int limit) {
        CreditStore store = source.credits(partition.tenant());
        int pageSize = Math.min(limit, Check.MAX_PAGE_LIMIT);
        List<CreditAccount> accounts = store.scanAccounts(position, pageSize);
        List<AccountHistory> histories = new ArrayList<>();
        List<ReadBatch.Unreadable> unreadable = new ArrayList<>();
        String lastKey = null;
        int entries = 0;
        boolean cut = false;
        for (CreditAccount account : accounts) {
            if (entries >= MAX_ENTRIES) {
                cut = true;
                break;
            }
            List<LedgerEntry> ledger = ledger(store, account.accountId(), 0, new ArrayList<>());
            entries += ledger.size();
            lastKey = account.accountId();
            try {
                histories.add(consistent(store, account, ledger));
            } catch (ValidationException e) {
                unreadable.add(new ReadBatch.Unreadable(account.accountId(), Rejects.reason(e),
                        RecordJson.history(account, ledger)));
            }
        }
        return new ReadBatch<>(histories, unreadable, lastKey, !cut && accounts.size() < pageSize);
    }

    /**
     * The account with a ledger that adds up to it. An application posting to the source during
     * the copy makes the account read earlier than the ledger, so that the ledger has entries the
     * account does not reflect yet: then the account and the ledger's tail are read again, up to
     * {@link #MAX_READS} times. An account that reads the same twice and still does not add up is
     * broken and is rejected. One that changed on every read (a hot account) is copied as the
     * last state read with the ledger prefix that adds up to it; the entries after that prefix
     * are the next copy's (or the dual writes') to bring over.
     */
    private static AccountHistory consistent(CreditStore store, CreditAccount scanned, List<LedgerEntry> ledger) {
        CreditAccount account = scanned;
        List<LedgerEntry> entries = ledger;
        ValidationException broken;
        for (int read = 1; ; read++) {
            try {
                return new AccountHistory(account, entries);
            } catch (ValidationException e) {
                broken = e;
            }
            if (read == MAX_READS) {
                break;
            }
            Optional<CreditAccount> again = store.account(account.accountId());
            if (again.isEmpty() || again.get().equals(account)) {
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
        return new AccountHistory(account, entries.subList(0, prefix));
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

    @Override
    public ImportResult write(StoreBackend target, TenantId tenant, List<AccountHistory> records) {
        return target.credits(tenant).importAccounts(records);
    }

    @Override
    public Assessment<AccountHistory> assess(StoreBackend target, TenantId tenant, List<AccountHistory> records) {
        CreditStore store = target.credits(tenant);
        long skipped = 0;
        for (AccountHistory history : records) {
            if (store.account(history.account().accountId()).isPresent()) {
                skipped++;
            }
        }
        return new Assessment<>(records.size() - skipped, skipped, List.of());
    }

    @Override
    public String key(AccountHistory record) {
        return record.account().accountId();
    }

    @Override
    public Map<String, Object> json(AccountHistory record) {
        return RecordJson.history(record);
    }
}
