package dev.stowage.credit;

import dev.stowage.ImportResult;
import dev.stowage.Page;
import dev.stowage.exception.ConflictException;
import dev.stowage.exception.InsufficientCreditsException;
import dev.stowage.exception.ValidationException;

import java.util.List;
import java.util.Optional;

/**
 * Credit accounts of one tenant, kept as a ledger. Thread-safe. At every moment, on every backend,
 * each account's {@code balance} equals the sum of its entries' amounts and is never negative.
 * Postings are atomic and never read-then-write, so concurrent deductions never lose an update.
 */
public interface CreditStore {

    /**
     * Posts one entry: the balance, the totals, updatedAt and the new ledger entry change
     * together or not at all. The first posting to an unknown account creates it (a posting that
     * would leave a new account negative creates nothing).
     * <p>
     * With an idempotency key, posting again with the same key returns the original entry and
     * changes nothing; this holds even when the original came from a concurrent call.
     *
     * @param posting what to post
     * @return the new entry, or the original one for a repeated idempotency key
     * @throws InsufficientCreditsException if the balance would go below zero (nothing written)
     * @throws ConflictException {@link ConflictException.Reason#IDEMPOTENCY_KEY_REUSED} if the
     *     key was used for a posting of another type or amount (nothing written)
     */
    LedgerEntry post(Posting posting);

    /**
     * @param accountId the account's id
     * @return the account, or empty if nothing was ever posted to it
     */
    Optional<CreditAccount> account(String accountId);

    /**
     * The account's ledger, newest first (descending sequence), in keyset pages.
     *
     * @param accountId the account's id
     * @param limit     page size, 1..1 000
     * @param cursor    the previous page's {@code nextCursor}, or {@code null} for the newest entries
     * @return the page; empty for an unknown account
     * @throws ValidationException {@code field "cursor"} if the cursor is not from this account's history
     */
    Page<LedgerEntry> history(String accountId, int limit, String cursor);

    /**
     * The account's ledger oldest first, for migration and verification.
     *
     * @param accountId     the account's id
     * @param afterSequence the last sequence already read (0 to start at the first entry)
     * @param limit         at most this many, 1..10 000
     * @return the entries with sequence greater than {@code afterSequence}, ascending
     */
    List<LedgerEntry> entries(String accountId, long afterSequence, int limit);

    /**
     * Accounts in a stable order (code point order of their ids), for export and migration.
     *
     * @param afterAccountId the last id already read, exclusive; {@code null} to start at the beginning
     * @param limit          at most this many, 1..10 000
     * @return the next accounts; fewer than {@code limit} means the end was reached
     */
    List<CreditAccount> scanAccounts(String afterAccountId, int limit);

    /**
     * Bulk write for migration: each account with its full ledger, ids, sequences and timestamps
     * kept exactly. An account that does not exist yet is inserted with all its entries; an
     * account that already exists is skipped (never overwritten). Atomic: all accounts of the
     * call are applied or none.
     *
     * @param accounts up to 1 000 accounts with distinct ids
     * @return inserted and skipped counts (never updated)
     * @throws ValidationException if two histories share an account id
     */
    ImportResult importAccounts(List<AccountHistory> accounts);

    // ---------------------------------------------------------------- migration: ledger tails

    /**
     * Appends a ledger tail, as copied from another store, keeping ids, sequences and timestamps
     * exactly; what dual writes, resumed copies and repairs replicate. The entries must continue
     * the account's ledger: those with a sequence the account already holds must be identical to
     * the stored entries and are skipped; the others are appended after the last stored one, and
     * the balance, totals and updatedAt move with them atomically, so {@code balance == sum of
     * amounts >= 0} keeps holding. An account that does not exist is opened by a tail starting at
     * sequence 1. The rule is {@link LedgerTail#planOn}; appending the same tail again skips
     * everything. Atomic: all entries are appended or none.
     *
     * @param accountId the account
     * @param entries   up to 10 000 entries of that account, sequences consecutive and ascending
     * @return inserted: entries appended; skipped: entries already stored, identical; updated is 0
     * @throws ValidationException {@code entries[0].sequence} if the first entry is after the
     *     account's next sequence (a gap); {@code entries[i].balanceAfter} if an appended entry
     *     does not follow from the balance before it; {@code entries[i].accountId},
     *     {@code entries[i].sequence} or {@code entries[i].idempotencyKey} if the entries are not
     *     one account's consecutive entries with distinct keys (nothing written)
     * @throws ConflictException {@link ConflictException.Reason#DUPLICATE_KEY} if a stored sequence
     *     holds a different entry, {@link ConflictException.Reason#IDEMPOTENCY_KEY_REUSED} if an
     *     appended entry's idempotency key is used by another stored entry: a forked ledger is
     *     never merged (nothing written)
     */
    ImportResult appendEntries(String accountId, List<LedgerEntry> entries);
}
