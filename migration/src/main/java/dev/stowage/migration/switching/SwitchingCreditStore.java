package dev.stowage.migration.switching;

import dev.stowage.ImportResult;
import dev.stowage.Page;
import dev.stowage.TenantId;
import dev.stowage.credit.AccountErasure;
import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.Posting;
import dev.stowage.exception.StoreException;
import dev.stowage.migration.KeyCopy;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;

import java.util.List;
import java.util.Optional;

/**
 * Credits through a {@link StoreSwitch}: each posting's entry (with its sequence) is appended to
 * the other store's ledger; if that ledger is behind, the missing tail is copied first, so both
 * ledgers hold the same entries at the same sequences. A forked ledger is never merged: its
 * account is queued and shows in the verification.
 */
final class SwitchingCreditStore implements CreditStore {

    private final StoreSwitch sw;
    private final TenantId tenant;

    SwitchingCreditStore(StoreSwitch sw, TenantId tenant) {
        this.sw = sw;
        this.tenant = tenant;
    }

    private CreditStore on(StoreBackend backend) {
        return backend.credits(tenant);
    }

    private RepairKey key(String accountId) {
        return RepairKey.of(sw.store, tenant, RepairKey.Kind.CREDIT_ACCOUNT, accountId);
    }

    /** Appends the entries to the other ledger; one that is behind gets its missing tail from the authoritative store. */
    private void replicateTail(Stage stage, String accountId, List<LedgerEntry> entries) {
        sw.replicate(stage, key(accountId), other -> {
            try {
                on(other).appendEntries(accountId, entries);
            } catch (StoreException behind) {
                KeyCopy.account(sw.authoritative(stage), other, tenant, accountId);
            }
        });
    }

    @Override
    public LedgerEntry post(Posting posting) {
        return sw.write(stage -> {
            LedgerEntry entry = on(sw.authoritative(stage)).post(posting);
            replicateTail(stage, entry.accountId(), List.of(entry));
            return entry;
        });
    }

    @Override
    public Optional<CreditAccount> account(String accountId) {
        Check.required(accountId, "accountId");
        return sw.read(tenant, RepairKey.Kind.CREDIT_ACCOUNT, accountId, "", "credits.account",
                backend -> on(backend).account(accountId));
    }

    @Override
    public Page<LedgerEntry> history(String accountId, int limit, String cursor) {
        return on(sw.authoritative(sw.stage())).history(accountId, limit, cursor);
    }

    @Override
    public List<LedgerEntry> entries(String accountId, long afterSequence, int limit) {
        return on(sw.authoritative(sw.stage())).entries(accountId, afterSequence, limit);
    }

    @Override
    public List<CreditAccount> scanAccounts(String afterAccountId, int limit) {
        return on(sw.authoritative(sw.stage())).scanAccounts(afterAccountId, limit);
    }

    @Override
    public ImportResult importAccounts(List<AccountHistory> accounts) {
        return sw.write(stage -> {
            ImportResult result = on(sw.authoritative(stage)).importAccounts(accounts);
            for (AccountHistory history : accounts) {
                String accountId = history.account().accountId();
                sw.replicate(stage, key(accountId), other -> KeyCopy.account(sw.authoritative(stage), other, tenant, accountId));
            }
            return result;
        });
    }

    @Override
    public ImportResult appendEntries(String accountId, List<LedgerEntry> entries) {
        return sw.write(stage -> {
            ImportResult result = on(sw.authoritative(stage)).appendEntries(accountId, entries);
            replicateTail(stage, accountId, entries);
            return result;
        });
    }

    @Override
    public AccountErasure deleteAccount(String accountId) {
        return sw.write(stage -> {
            AccountErasure erased = on(sw.authoritative(stage)).deleteAccount(accountId);
            sw.replicate(stage, key(accountId), other -> on(other).deleteAccount(accountId));
            return erased;
        });
    }
}
