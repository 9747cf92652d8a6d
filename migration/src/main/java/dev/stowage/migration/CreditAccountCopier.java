package dev.stowage.migration;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.CreditStore;
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
     * The account with its ledger, read twice if need be: an application posting to the source
     * during the copy makes the scanned account older than the ledger read after it; then the
     * account is read again with the rest of its ledger. What still does not add up is broken.
     */
    private static AccountHistory consistent(CreditStore store, CreditAccount scanned, List<LedgerEntry> ledger) {
        try {
            return new AccountHistory(scanned, ledger);
        } catch (ValidationException first) {
            Optional<CreditAccount> again = store.account(scanned.accountId());
            if (again.isEmpty() || again.get().equals(scanned)) {
                throw first;
            }
            long after = ledger.isEmpty() ? 0 : ledger.get(ledger.size() - 1).sequence();
            return new AccountHistory(again.get(), ledger(store, scanned.accountId(), after, new ArrayList<>(ledger)));
        }
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
