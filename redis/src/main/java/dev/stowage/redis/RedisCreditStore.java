package dev.stowage.redis;

import dev.stowage.ImportResult;
import dev.stowage.credit.AccountErasure;
import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.LedgerTail;
import dev.stowage.credit.Posting;
import dev.stowage.exception.ConflictException;
import dev.stowage.exception.StoreException;
import dev.stowage.spi.AbstractCreditStore;
import dev.stowage.spi.PostingOutcome;
import dev.stowage.support.Ids;
import dev.stowage.support.Timestamps;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One tenant's credit accounts in Redis. An account is a hash (balance, totals, timestamps, last
 * sequence), its ledger a hash from sequence to entry JSON, its idempotency keys a hash from key
 * to sequence. {@code credit_post} checks and applies a posting in one script, so concurrent
 * deductions never lose an update and the balance never goes below zero. The call rules
 * (argument checks, replay or conflict, errors, paging) are {@link AbstractCreditStore}'s.
 */
final class RedisCreditStore extends AbstractCreditStore {

    private static final Script POST = Script.write("credit_post");
    private static final Script IMPORT = Script.write("credit_import");
    private static final Script SCAN = Script.read("credit_scan");
    private static final Script APPEND = Script.write("credit_append");

    private final TenantContext context;
    private final Keys keys;

    RedisCreditStore(TenantContext context) {
        this.context = context;
        this.keys = context.keys();
    }

    @Override
    protected PostingOutcome tryPost(Posting posting) {
        Instant now = Timestamps.now(context.clock());
        String accountId = posting.accountId();
        UUID entryId = Ids.timeOrdered(context.clock());
        String body = Codec.entryBody(entryId, accountId, posting.type(), posting.amount(),
                posting.reason(), posting.metadata(), posting.idempotencyKey(), now);
        List<String> arguments = List.of(accountId, posting.type().name(), Long.toString(posting.amount()),
                Long.toString(Math.abs(posting.amount())), Long.toString(-posting.amount()),
                posting.idempotencyKey() == null ? "" : posting.idempotencyKey(), Keys.time(now), body);
        List<String> scriptKeys = List.of(keys.account(accountId), keys.ledger(accountId), keys.idempotencyKeys(accountId),
                keys.accountIds());
        // Under an idempotency key a re-sent posting finds its key and replies with the first one's entry.
        List<Object> reply = posting.idempotencyKey() == null ? context.write(POST, scriptKeys, arguments)
                : context.writeIdempotent(POST, scriptKeys, arguments);
        String outcome = TenantContext.text(reply, 0);
        switch (outcome) {
            case "POSTED":
                // The script stored exactly this entry: it only added the sequence and the balance after.
                return PostingOutcome.posted(new LedgerEntry(entryId, accountId, Long.parseLong(TenantContext.text(reply, 1)),
                        posting.type(), posting.amount(), Long.parseLong(TenantContext.text(reply, 2)), posting.reason(),
                        posting.metadata(), posting.idempotencyKey(), now));
            case "REPLAY":
                return PostingOutcome.keyAlreadyUsed(Codec.entry(TenantContext.text(reply, 1)));
            case "INSUFFICIENT":
                return PostingOutcome.insufficient();
            case "OVERFLOW":
                return PostingOutcome.overflow();
            default:
                throw new StoreException("unexpected reply '" + outcome + "' from the posting script; this is a bug in stowage-redis, please report it with the Redis version");
        }
    }

    @Override
    protected Optional<CreditAccount> findAccount(String accountId) {
        Map<String, String> state = context.driver().hgetall(keys.account(accountId));
        if (state.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(account(accountId, state.get("balance"), state.get("purchased"), state.get("used"),
                state.get("created"), state.get("updated")));
    }

    @Override
    protected List<LedgerEntry> readHistory(String accountId, long beforeSequence, int count) {
        long last = lastSequence(accountId);
        if (last == 0) {
            return List.of();
        }
        // The ledger only grows and its entries never change, so reading the length first is safe.
        long from = Math.min(beforeSequence - 1, last);
        List<String> sequences = new ArrayList<>();
        for (long sequence = from; sequence >= 1 && sequences.size() < count; sequence--) {
            sequences.add(Long.toString(sequence));
        }
        return entries(accountId, sequences);
    }

    @Override
    protected List<LedgerEntry> readEntries(String accountId, long afterSequence, int limit) {
        long last = lastSequence(accountId);
        if (last == 0) {
            return List.of();
        }
        long to = Math.min(last, afterSequence + limit);
        List<String> sequences = new ArrayList<>();
        for (long sequence = afterSequence + 1; sequence <= to; sequence++) {
            sequences.add(Long.toString(sequence));
        }
        return entries(accountId, sequences);
    }

    @Override
    protected List<CreditAccount> readAccounts(String afterAccountId, int limit) {
        List<String> ids = context.driver().zrangeByLex(keys.accountIds(),
                afterAccountId == null ? "-" : "(" + afterAccountId, "+", limit);
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Object> reply = context.read(SCAN, ids.stream().map(keys::account).toList(), ids);
        List<CreditAccount> accounts = new ArrayList<>(reply.size() / 6);
        for (int i = 0; i + 5 < reply.size(); i += 6) {
            accounts.add(account(TenantContext.text(reply, i), TenantContext.text(reply, i + 1),
                    TenantContext.text(reply, i + 2), TenantContext.text(reply, i + 3),
                    TenantContext.text(reply, i + 4), TenantContext.text(reply, i + 5)));
        }
        return accounts;
    }

    @Override
    protected int insertAccounts(List<AccountHistory> batch) {
        List<String> scriptKeys = new ArrayList<>();
        scriptKeys.add(keys.accountIds());
        List<String> args = new ArrayList<>();
        args.add(Integer.toString(batch.size()));
        for (AccountHistory history : batch) {
            CreditAccount account = history.account();
            String id = account.accountId();
            scriptKeys.add(keys.account(id));
            scriptKeys.add(keys.ledger(id));
            scriptKeys.add(keys.idempotencyKeys(id));
            args.add(id);
            args.add(Long.toString(account.balance()));
            args.add(Long.toString(account.totalPurchased()));
            args.add(Long.toString(account.totalUsed()));
            args.add(Keys.time(account.createdAt()));
            args.add(Keys.time(account.updatedAt()));
            args.add(Integer.toString(history.entries().size()));
            for (LedgerEntry entry : history.entries()) {
                args.add(Codec.entry(entry));
                args.add(entry.idempotencyKey() == null ? "" : entry.idempotencyKey());
            }
        }
        List<Object> reply = context.write(IMPORT, scriptKeys, args);
        return Integer.parseInt(TenantContext.text(reply, 0));
    }

    /**
     * Reads the account, lets {@link LedgerTail#planOn} decide, and writes the plan with a script
     * that applies it only if the account's last sequence is still the one read (every posting
     * moves it); otherwise reads and plans again. The account and its idempotency keys are read by
     * two commands, so an append in between shows its key but not its entry; a fork the plan finds
     * counts only if the last sequence did not move meanwhile, else it is read and planned again.
     */
    @Override
    protected ImportResult appendTail(LedgerTail tail) {
        String accountId = tail.accountId();
        for (int attempt = 0; attempt < TenantContext.MAX_ATTEMPTS; attempt++) {
            Map<String, String> state = context.driver().hgetall(keys.account(accountId));
            CreditAccount account = state.isEmpty() ? null : account(accountId, state.get("balance"),
                    state.get("purchased"), state.get("used"), state.get("created"), state.get("updated"));
            long last = state.isEmpty() ? 0 : Long.parseLong(state.get("seq"));
            List<String> overlap = new ArrayList<>();
            for (long sequence = tail.firstSequence(); sequence <= Math.min(last, tail.lastSequence()); sequence++) {
                overlap.add(Long.toString(sequence));
            }
            List<LedgerEntry> present = overlap.isEmpty() ? List.of() : entries(accountId, overlap);
            List<String> keysAfter = List.copyOf(tail.keysAfter(last));
            Set<String> used = new HashSet<>();
            List<String> held = keysAfter.isEmpty() ? List.of()
                    : context.driver().hmget(keys.idempotencyKeys(accountId), keysAfter);
            for (int i = 0; i < held.size(); i++) {
                if (held.get(i) != null) {
                    used.add(keysAfter.get(i));
                }
            }
            LedgerTail.Append append;
            try {
                append = tail.planOn(account, last, present, used);
            } catch (ConflictException fork) {
                if (lastSequence(accountId) != last) {
                    continue; // an append landed between the reads: its key was seen, its entry not; read again
                }
                throw fork;
            }
            if (append.appended().isEmpty()) {
                return append.result();
            }
            CreditAccount after = append.account();
            List<String> args = new ArrayList<>(List.of(accountId, Long.toString(last), Long.toString(after.balance()),
                    Long.toString(after.totalPurchased()), Long.toString(after.totalUsed()), Keys.time(after.createdAt()),
                    Keys.time(after.updatedAt()), Long.toString(tail.lastSequence()),
                    Integer.toString(append.appended().size())));
            for (LedgerEntry entry : append.appended()) {
                args.add(Long.toString(entry.sequence()));
                args.add(Codec.entry(entry));
                args.add(entry.idempotencyKey() == null ? "" : entry.idempotencyKey());
            }
            List<Object> reply = context.write(APPEND, List.of(keys.account(accountId), keys.ledger(accountId),
                    keys.idempotencyKeys(accountId), keys.accountIds()), args);
            if ("OK".equals(TenantContext.text(reply, 0))) {
                return append.result();
            }
        }
        throw TenantContext.contended("account '" + accountId + "'");
    }

    /** @return the account's last sequence, 0 if there is no such account (a stored one has an entry) */
    private long lastSequence(String accountId) {
        String last = context.driver().hget(keys.account(accountId), "seq");
        return last == null ? 0 : Long.parseLong(last);
    }

    private List<LedgerEntry> entries(String accountId, List<String> sequences) {
        List<LedgerEntry> entries = new ArrayList<>(sequences.size());
        for (String raw : context.driver().hmget(keys.ledger(accountId), sequences)) {
            if (raw == null) {
                throw new StoreException("the ledger of account '" + accountId + "' has a gap; it was changed "
                        + "by something other than this library. Restore the account from its source of record and "
                        + "import it again with importAccounts");
            }
            entries.add(Codec.entry(raw));
        }
        return entries;
    }

    private static CreditAccount account(String accountId, String balance, String purchased, String used,
                                         String created, String updated) {
        return new CreditAccount(accountId, Long.parseLong(balance), Long.parseLong(purchased), Long.parseLong(used),
                Keys.instant(created), Keys.instant(updated));
    }

    @Override
    public String toString() {
        return "RedisCreditStore[" + keys.base() + "]";
    }

    // Erasure (RedisErasure)

    @Override
    protected AccountErasure removeAccount(String accountId) {
        return RedisErasure.account(context, accountId);
    }
}
