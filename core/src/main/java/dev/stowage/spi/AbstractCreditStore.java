package dev.stowage.spi;

import dev.stowage.ImportResult;
import dev.stowage.Page;
import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.HistoryCursor;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.LedgerTail;
import dev.stowage.credit.Posting;
import dev.stowage.exception.ConflictException;
import dev.stowage.exception.InsufficientCreditsException;
import dev.stowage.exception.ValidationException;
import dev.stowage.support.Batches;
import dev.stowage.support.Check;

import java.util.List;
import java.util.Optional;

/**
 * An optional base for {@link CreditStore} implementations: it holds the call rules every backend
 * shares, so a backend implements only storage. Each public method checks every argument (a
 * {@link ValidationException} naming the parameter), applies the shared rules once, and then calls
 * a protected hook with checked arguments:
 * <ul>
 *   <li>page and batch limits ({@value Check#MAX_PAGE_LIMIT} for history,
 *       {@value Check#MAX_BATCH_LIMIT} for entries and scans, {@value Check#MAX_PAGE_LIMIT}
 *       accounts per import), account ids, and the strict decoding of history cursors;</li>
 *   <li>idempotency: a repeated key returns the original entry for the same operation and is a
 *       {@link ConflictException.Reason#IDEMPOTENCY_KEY_REUSED} otherwise, with one message;</li>
 *   <li>the errors of a posting that would overdraw ({@link InsufficientCreditsException}, saying
 *       whether the account exists) or overflow ({@link CreditAccount#overflow()});</li>
 *   <li>{@code entries} after a sequence no ledger can reach returns nothing without asking the
 *       backend, so readers never overflow {@code afterSequence + limit};</li>
 *   <li>imports: batch size, no {@code null}, distinct account ids; an empty batch does nothing;</li>
 *   <li>ledger tails: the entries are one account's, consecutive, with distinct keys
 *       ({@link LedgerTail}); an empty tail does nothing.</li>
 * </ul>
 * The hooks run the storage work atomically as the {@link CreditStore} Javadoc describes; they
 * never see an unchecked argument and need not repeat any of these checks. A backend that is
 * closed throws {@link dev.stowage.exception.StoreClosedException} from its hooks.
 */
public abstract class AbstractCreditStore implements CreditStore {

    /** For subclasses. */
    protected AbstractCreditStore() {
    }

    @Override
    public final LedgerEntry post(Posting posting) {
        Check.required(posting, "posting");
        PostingOutcome outcome = tryPost(posting);
        if (outcome instanceof PostingOutcome.Posted posted) {
            return posted.entry();
        }
        if (outcome instanceof PostingOutcome.KeyAlreadyUsed used) {
            return replay(posting, used.original());
        }
        if (outcome instanceof PostingOutcome.Insufficient) {
            boolean exists = findAccount(posting.accountId()).isPresent();
            throw new InsufficientCreditsException(posting.accountId(), -posting.amount(), exists);
        }
        throw CreditAccount.overflow();
    }

    /**
     * The idempotency rule: the entry already posted under the posting's key is returned when it
     * is the same operation (type and amount), and is a conflict otherwise.
     */
    private static LedgerEntry replay(Posting posting, LedgerEntry original) {
        if (posting.sameOperationAs(original)) {
            return original;
        }
        throw new ConflictException(ConflictException.Reason.IDEMPOTENCY_KEY_REUSED, "idempotency key '"
                + posting.idempotencyKey() + "' of account '" + posting.accountId() + "' was used for a "
                + original.type() + " of " + original.amount() + "; use a new key for a different posting");
    }

    @Override
    public final Optional<CreditAccount> account(String accountId) {
        return findAccount(CreditAccount.validateAccountId(accountId));
    }

    @Override
    public final Page<LedgerEntry> history(String accountId, int limit, String cursor) {
        CreditAccount.validateAccountId(accountId);
        Check.pageLimit(limit);
        long before = cursor == null ? LedgerEntry.MAX_SEQUENCE + 1 : HistoryCursor.decode(cursor, accountId);
        return HistoryCursor.page(accountId, readHistory(accountId, before, limit + 1), limit);
    }

    @Override
    public final List<LedgerEntry> entries(String accountId, long afterSequence, int limit) {
        CreditAccount.validateAccountId(accountId);
        Check.atLeast(afterSequence, "afterSequence", 0);
        Check.batchLimit(limit);
        if (afterSequence >= LedgerEntry.MAX_SEQUENCE) {
            return List.of();
        }
        return readEntries(accountId, afterSequence, limit);
    }

    @Override
    public final List<CreditAccount> scanAccounts(String afterAccountId, int limit) {
        if (afterAccountId != null) {
            Check.identifier(afterAccountId, "afterAccountId", CreditAccount.MAX_ACCOUNT_ID_LENGTH);
        }
        Check.batchLimit(limit);
        return readAccounts(afterAccountId, limit);
    }

    @Override
    public final ImportResult importAccounts(List<AccountHistory> accounts) {
        List<AccountHistory> batch = Batches.accounts(accounts);
        if (batch.isEmpty()) {
            return ImportResult.EMPTY;
        }
        int inserted = insertAccounts(batch);
        return new ImportResult(inserted, 0, batch.size() - inserted);
    }

    @Override
    public final ImportResult appendEntries(String accountId, List<LedgerEntry> entries) {
        LedgerTail tail = new LedgerTail(accountId, entries);
        return tail.isEmpty() ? ImportResult.EMPTY : appendTail(tail);
    }

    // ------------------------------------------------------------------ hooks

    /**
     * Posts one entry atomically, never reading first and writing later: the idempotency check,
     * the no-negative-balance check, balance, totals, updatedAt, sequence and the new entry
     * (built with {@link LedgerEntry#of}) happen together or not at all. The first posting to an
     * unknown account creates it unless it takes credits.
     *
     * @param posting a valid posting (checked)
     * @return {@link PostingOutcome.Posted} with the new entry;
     *     {@link PostingOutcome.KeyAlreadyUsed} with the entry that already holds the posting's
     *     idempotency key, whatever its type and amount (the base class decides replay or conflict);
     *     {@link PostingOutcome.Insufficient} if the balance would go below zero or the account is
     *     missing and the amount is negative; {@link PostingOutcome.Overflow} if the balance or a
     *     total would pass {@link Long#MAX_VALUE}. Nothing is written in the last three cases.
     */
    protected abstract PostingOutcome tryPost(Posting posting);

    /**
     * @param accountId a valid account id (checked)
     * @return the account, or empty if nothing was ever posted to it
     */
    protected abstract Optional<CreditAccount> findAccount(String accountId);

    /**
     * Reads a slice of an account's ledger, newest first; the base class cuts the page and
     * encodes its cursor.
     *
     * @param accountId      a valid account id (checked)
     * @param beforeSequence exclusive upper bound on the sequences returned, 1..{@link LedgerEntry#MAX_SEQUENCE} + 1
     * @param count          at most this many entries, 2..1 001 (the page size plus one)
     * @return the entries with sequence below {@code beforeSequence}, descending; empty for an unknown account
     */
    protected abstract List<LedgerEntry> readHistory(String accountId, long beforeSequence, int count);

    /**
     * @param accountId     a valid account id (checked)
     * @param afterSequence exclusive lower bound, 0..{@link LedgerEntry#MAX_SEQUENCE} - 1, so
     *                      {@code afterSequence + limit} never overflows
     * @param limit         at most this many, 1..{@value Check#MAX_BATCH_LIMIT}
     * @return the entries with sequence greater than {@code afterSequence}, ascending; empty for an unknown account
     */
    protected abstract List<LedgerEntry> readEntries(String accountId, long afterSequence, int limit);

    /**
     * @param afterAccountId a valid account id, exclusive, or {@code null} to start at the beginning
     * @param limit          at most this many, 1..{@value Check#MAX_BATCH_LIMIT}
     * @return the next accounts in code point order of their ids
     */
    protected abstract List<CreditAccount> readAccounts(String afterAccountId, int limit);

    /**
     * Inserts, atomically, every account of the batch that does not exist yet with its whole
     * ledger (ids, sequences, timestamps kept exactly); existing accounts are left alone.
     *
     * @param accounts 1..{@value Check#MAX_PAGE_LIMIT} valid histories with distinct account ids (checked)
     * @return how many accounts were inserted
     */
    protected abstract int insertAccounts(List<AccountHistory> accounts);

    /**
     * Appends a ledger tail atomically: reads the account's state, its stored entries that the
     * tail overlaps and which of the tail's new idempotency keys it already uses, lets
     * {@link LedgerTail#planOn} decide, and writes the plan's entries with the account's new
     * balance, totals and updatedAt, all without another write coming in between.
     *
     * @param tail a checked, non-empty tail
     * @return the plan's {@link LedgerTail.Append#result()}
     */
    protected abstract ImportResult appendTail(LedgerTail tail);
}
