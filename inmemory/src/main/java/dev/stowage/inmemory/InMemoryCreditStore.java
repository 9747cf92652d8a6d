package dev.stowage.inmemory;

import dev.stowage.ImportResult;
import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.LedgerTail;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.Posting;
import dev.stowage.exception.InsufficientCreditsException;
import dev.stowage.exception.ValidationException;
import dev.stowage.spi.AbstractCreditStore;
import dev.stowage.spi.PostingOutcome;
import dev.stowage.support.Ids;
import dev.stowage.support.Text;
import dev.stowage.support.Timestamps;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One tenant's credit accounts and ledgers. A single lock per tenant makes every posting
 * atomic; the state change itself is {@link CreditAccount#apply}, the reference rule. The call
 * rules (argument checks, idempotency, errors) are {@link AbstractCreditStore}'s.
 */
final class InMemoryCreditStore extends AbstractCreditStore {

    private final InMemoryBackend backend;
    private final Clock clock;
    private final TreeMap<String, Ledger> ledgers = new TreeMap<>(Text.CODE_POINT_ORDER);

    InMemoryCreditStore(InMemoryBackend backend, Clock clock) {
        this.backend = backend;
        this.clock = clock;
    }

    @Override
    protected PostingOutcome tryPost(Posting posting) {
        synchronized (ledgers) {
            backend.ensureOpen();
            Ledger ledger = ledgers.get(posting.accountId());
            if (ledger != null && posting.idempotencyKey() != null) {
                LedgerEntry original = ledger.byKey.get(posting.idempotencyKey());
                if (original != null) {
                    return PostingOutcome.keyAlreadyUsed(original);
                }
            }
            Instant now = Timestamps.now(clock);
            CreditAccount before = ledger == null ? CreditAccount.opening(posting.accountId(), now) : ledger.account;
            CreditAccount after;
            try {
                after = before.apply(posting.type(), posting.amount(), now);
            } catch (InsufficientCreditsException overdraft) {
                return PostingOutcome.insufficient();
            } catch (ValidationException overflow) {
                return PostingOutcome.overflow();
            }
            long sequence = ledger == null ? 1 : ledger.entries.size() + 1;
            LedgerEntry entry = LedgerEntry.of(Ids.timeOrdered(clock), posting, sequence, after.balance(), now);
            if (ledger == null) {
                ledger = new Ledger(after);
                ledgers.put(posting.accountId(), ledger);
            }
            ledger.append(after, entry);
            return PostingOutcome.posted(entry);
        }
    }

    @Override
    protected Optional<CreditAccount> findAccount(String accountId) {
        synchronized (ledgers) {
            backend.ensureOpen();
            return Optional.ofNullable(ledgers.get(accountId)).map(ledger -> ledger.account);
        }
    }

    @Override
    protected List<LedgerEntry> readHistory(String accountId, long beforeSequence, int count) {
        synchronized (ledgers) {
            backend.ensureOpen();
            Ledger ledger = ledgers.get(accountId);
            if (ledger == null) {
                return List.of();
            }
            List<LedgerEntry> page = new ArrayList<>();
            int from = (int) Math.min(beforeSequence - 1, ledger.entries.size());
            for (int i = from - 1; i >= 0 && page.size() < count; i--) {
                page.add(ledger.entries.get(i));
            }
            return page;
        }
    }

    @Override
    protected List<LedgerEntry> readEntries(String accountId, long afterSequence, int limit) {
        synchronized (ledgers) {
            backend.ensureOpen();
            Ledger ledger = ledgers.get(accountId);
            if (ledger == null || afterSequence >= ledger.entries.size()) {
                return List.of();
            }
            int from = (int) afterSequence;
            return List.copyOf(ledger.entries.subList(from, Math.min(ledger.entries.size(), from + limit)));
        }
    }

    @Override
    protected List<CreditAccount> readAccounts(String afterAccountId, int limit) {
        synchronized (ledgers) {
            backend.ensureOpen();
            Collection<Ledger> tail = afterAccountId == null ? ledgers.values()
                    : ledgers.tailMap(afterAccountId, false).values();
            return tail.stream().limit(limit).map(ledger -> ledger.account).toList();
        }
    }

    @Override
    protected int insertAccounts(List<AccountHistory> batch) {
        synchronized (ledgers) {
            backend.ensureOpen();
            int inserted = 0;
            for (AccountHistory history : batch) {
                if (!ledgers.containsKey(history.account().accountId())) {
                    Ledger ledger = new Ledger(history.account());
                    history.entries().forEach(entry -> ledger.append(history.account(), entry));
                    ledgers.put(history.account().accountId(), ledger);
                    inserted++;
                }
            }
            return inserted;
        }
    }

    @Override
    protected ImportResult appendTail(LedgerTail tail) {
        String accountId = tail.accountId();
        synchronized (ledgers) {
            backend.ensureOpen();
            Ledger ledger = ledgers.get(accountId);
            long last = ledger == null ? 0 : ledger.entries.size();
            List<LedgerEntry> present = ledger == null || tail.firstSequence() > last ? List.of()
                    : ledger.entries.subList((int) tail.firstSequence() - 1, (int) Math.min(last, tail.lastSequence()));
            Set<String> used = new HashSet<>(tail.keysAfter(last));
            used.retainAll(ledger == null ? Set.of() : ledger.byKey.keySet());
            LedgerTail.Append append = tail.planOn(ledger == null ? null : ledger.account, last, present, used);
            if (!append.appended().isEmpty()) {
                if (ledger == null) {
                    ledger = new Ledger(append.account());
                    ledgers.put(accountId, ledger);
                }
                for (LedgerEntry entry : append.appended()) {
                    ledger.append(append.account(), entry);
                }
            }
            return append.result();
        }
    }

    /** An account's state with its entries in sequence order and its idempotency keys. */
    private static final class Ledger {
        private CreditAccount account;
        private final List<LedgerEntry> entries = new ArrayList<>();
        private final Map<String, LedgerEntry> byKey = new HashMap<>();

        Ledger(CreditAccount account) {
            this.account = account;
        }

        void append(CreditAccount after, LedgerEntry entry) {
            account = after;
            entries.add(entry);
            if (entry.idempotencyKey() != null) {
                byKey.put(entry.idempotencyKey(), entry);
            }
        }
    }
}
