package dev.stowage.cache;

import dev.stowage.ImportResult;
import dev.stowage.Page;
import dev.stowage.TenantId;
import dev.stowage.credit.AccountErasure;
import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.Posting;
import dev.stowage.spi.invalidation.InvalidationKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Caches {@link #account} only. Postings, their idempotency checks and every balance decision
 * always run in the store of record; each posting through this store evicts the account here
 * and, through the broadcast, on every other instance.
 */
final class CachingCreditStore implements CreditStore {

    private final TenantId tenant;
    private final CreditStore delegate;
    private final CacheRuntime cache;
    private final CachingBackend owner;

    CachingCreditStore(TenantId tenant, CreditStore delegate, CacheRuntime cache, CachingBackend owner) {
        this.tenant = tenant;
        this.delegate = delegate;
        this.cache = cache;
        this.owner = owner;
    }

    @Override
    public LedgerEntry post(Posting posting) {
        owner.ensureOpen();
        return cache.write(tenant, () -> delegate.post(posting),
                entry -> List.of(new InvalidationKey.AccountId(posting.accountId())),
                () -> posting == null ? List.of() : List.of(new InvalidationKey.AccountId(posting.accountId())));
    }

    @Override
    public Optional<CreditAccount> account(String accountId) {
        owner.ensureOpen();
        if (accountId == null) {
            return delegate.account(null);
        }
        CacheKey key = new CacheKey(tenant, new InvalidationKey.AccountId(accountId));
        CacheEntry hit = cache.cached(cache.accounts(), key, tenant);
        if (CacheRuntime.isHit(hit)) {
            @SuppressWarnings("unchecked")
            Optional<CreditAccount> account = (Optional<CreditAccount>) (Optional<?>) hit.present();
            return account;
        }
        return Optional.ofNullable((CreditAccount) cache.read(cache.accounts(), key, tenant,
                () -> delegate.account(accountId).orElse(null), hit));
    }

    @Override
    public Page<LedgerEntry> history(String accountId, int limit, String cursor) {
        owner.ensureOpen();
        return delegate.history(accountId, limit, cursor);
    }

    @Override
    public List<LedgerEntry> entries(String accountId, long afterSequence, int limit) {
        owner.ensureOpen();
        return delegate.entries(accountId, afterSequence, limit);
    }

    @Override
    public List<CreditAccount> scanAccounts(String afterAccountId, int limit) {
        owner.ensureOpen();
        return delegate.scanAccounts(afterAccountId, limit);
    }

    @Override
    public ImportResult importAccounts(List<AccountHistory> accounts) {
        owner.ensureOpen();
        return cache.write(tenant, () -> delegate.importAccounts(accounts),
                result -> keys(accounts),
                () -> keys(accounts));
    }

    @Override
    public ImportResult appendEntries(String accountId, List<LedgerEntry> entries) {
        owner.ensureOpen();
        List<InvalidationKey> account = accountId == null ? List.of() : List.of(new InvalidationKey.AccountId(accountId));
        return cache.write(tenant, () -> delegate.appendEntries(accountId, entries), result -> account, () -> account);
    }

    @Override
    public AccountErasure deleteAccount(String accountId) {
        owner.ensureOpen();
        List<InvalidationKey> account = accountId == null ? List.of() : List.of(new InvalidationKey.AccountId(accountId));
        return cache.write(tenant, () -> delegate.deleteAccount(accountId), result -> account, () -> account);
    }

    private static List<InvalidationKey> keys(List<AccountHistory> accounts) {
        if (accounts == null) {
            return List.of();
        }
        List<InvalidationKey> keys = new ArrayList<>(accounts.size());
        for (AccountHistory history : accounts) {
            if (history != null) {
                keys.add(new InvalidationKey.AccountId(history.account().accountId()));
            }
        }
        return keys;
    }

    @Override
    public String toString() {
        return "CachingCreditStore[" + tenant + ", " + delegate + "]";
    }
}
