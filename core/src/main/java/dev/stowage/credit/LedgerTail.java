package dev.stowage.credit;

import dev.stowage.ImportResult;
import dev.stowage.exception.ConflictException;
import dev.stowage.exception.StoreException;
import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The argument of {@link CreditStore#appendEntries}: entries of one account with consecutive
 * sequences, oldest first, and the rule that decides what appending them to a stored ledger
 * does ({@link #planOn}). Every backend reads the account, lets the plan decide and writes the
 * plan's outcome atomically, so the rule exists once.
 *
 * @param accountId the account
 * @param entries   up to {@value Check#MAX_BATCH_LIMIT} entries of that account, sequences consecutive
 *                  and ascending, idempotency keys distinct; may be empty
 */
public record LedgerTail(String accountId, List<LedgerEntry> entries) {

    /**
     * @throws ValidationException naming the first invalid argument ({@code accountId},
     *     {@code entries}, {@code entries[i].accountId}, {@code entries[i].sequence},
     *     {@code entries[i].idempotencyKey})
     */
    public LedgerTail {
        CreditAccount.validateAccountId(accountId);
        entries = Check.batch(entries, "entries", Check.MAX_BATCH_LIMIT);
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            LedgerEntry entry = entries.get(i);
            String field = "entries[" + i + "]";
            if (!entry.accountId().equals(accountId)) {
                throw new ValidationException(field + ".accountId", "same-account", "must be the account's id");
            }
            if (i > 0 && entry.sequence() != entries.get(0).sequence() + i) {
                throw new ValidationException(field + ".sequence", "consecutive",
                        "must be " + (entries.get(0).sequence() + i) + ": the entries must be consecutive, oldest first");
            }
            if (entry.idempotencyKey() != null && !keys.add(entry.idempotencyKey())) {
                throw new ValidationException(field + ".idempotencyKey", "unique", "must be unique within the account");
            }
        }
    }

    /**
     * @return whether there is nothing to append
     */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * @return the first entry's sequence (0 if empty)
     */
    public long firstSequence() {
        return entries.isEmpty() ? 0 : entries.get(0).sequence();
    }

    /**
     * @return the last entry's sequence (0 if empty)
     */
    public long lastSequence() {
        return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).sequence();
    }

    /**
     * @param lastSequence the stored ledger's last sequence
     * @return the idempotency keys of the entries after it, the ones an append would add; a
     *     backend looks them up and passes those already used to {@link #planOn}
     */
    public Set<String> keysAfter(long lastSequence) {
        Set<String> keys = new LinkedHashSet<>();
        for (LedgerEntry entry : entries) {
            if (entry.sequence() > lastSequence && entry.idempotencyKey() != null) {
                keys.add(entry.idempotencyKey());
            }
        }
        return keys;
    }

    /**
     * Decides what appending this tail to a stored ledger does, or rejects it; nothing is
     * written either way. Entries up to the ledger's last sequence must be identical to the stored
     * ones (they are skipped); the others are appended and must continue the balance chain from
     * the account's balance, so {@code balance == sum of amounts >= 0} keeps holding. An unknown
     * account ({@code account == null}, {@code lastSequence == 0}) is opened by a tail starting at
     * sequence 1, with createdAt the first entry's, exactly as {@link AccountHistory} replays it.
     *
     * @param account      the stored account, or {@code null} if there is none
     * @param lastSequence the stored ledger's last sequence (0 without an account)
     * @param present      the stored entries with sequences {@link #firstSequence()} to
     *                     {@code min(lastSequence, lastSequence())}, ascending
     * @param usedKeys     those of {@link #keysAfter keysAfter(lastSequence)} the stored ledger already uses
     * @return the entries to append and the account after them
     * @throws ValidationException {@code entries[0].sequence} if the tail leaves a gap after the
     *     stored ledger; {@code entries[i].balanceAfter} if an appended entry breaks the balance
     *     chain; {@code entries[i].amount} if it would overflow the balance or totals
     * @throws ConflictException {@link ConflictException.Reason#DUPLICATE_KEY} if a stored sequence
     *     holds a different entry (the ledgers forked);
     *     {@link ConflictException.Reason#IDEMPOTENCY_KEY_REUSED} if an appended entry's key is
     *     already used by another entry of the account
     */
    public Append planOn(CreditAccount account, long lastSequence, List<LedgerEntry> present, Set<String> usedKeys) {
        if (entries.isEmpty()) {
            return new Append(List.of(), account, 0);
        }
        if ((account == null) != (lastSequence == 0)) {
            throw new StoreException("the stored state of account '" + accountId + "' is inconsistent (last sequence "
                    + lastSequence + "); this is a bug in the backend, please report it");
        }
        if (firstSequence() > lastSequence + 1) {
            throw new ValidationException("entries[0].sequence", "continues", "must be at most " + (lastSequence + 1)
                    + ", the account's next sequence: the entries in between are missing");
        }
        int overlap = (int) Math.max(0, Math.min(lastSequence, lastSequence()) - firstSequence() + 1);
        if (present.size() != overlap) {
            throw new StoreException("the ledger of account '" + accountId + "' has a gap before sequence "
                    + lastSequence + "; it was changed by something other than this library");
        }
        for (int i = 0; i < overlap; i++) {
            if (!entries.get(i).equals(present.get(i))) {
                throw new ConflictException(ConflictException.Reason.DUPLICATE_KEY, "entry " + entries.get(i).sequence()
                        + " of account '" + accountId + "' differs from the stored entry with that sequence: the ledgers"
                        + " have forked; nothing was appended. Reconcile the account by hand");
            }
        }
        List<LedgerEntry> appended = entries.subList(overlap, entries.size());
        CreditAccount state = account == null && !appended.isEmpty()
                ? CreditAccount.opening(accountId, appended.get(0).createdAt()) : account;
        for (int i = 0; i < appended.size(); i++) {
            LedgerEntry entry = appended.get(i);
            String field = "entries[" + (overlap + i) + "]";
            if (entry.idempotencyKey() != null && usedKeys.contains(entry.idempotencyKey())) {
                throw new ConflictException(ConflictException.Reason.IDEMPOTENCY_KEY_REUSED, "idempotency key '"
                        + entry.idempotencyKey() + "' of account '" + accountId + "' is already used by another entry:"
                        + " the ledgers have forked; nothing was appended. Reconcile the account by hand");
            }
            long expected;
            try {
                expected = Math.addExact(state.balance(), entry.amount());
            } catch (ArithmeticException overflow) {
                throw new ValidationException(field + ".amount", "overflow", "would overflow the account's balance");
            }
            if (entry.balanceAfter() != expected) {
                throw new ValidationException(field + ".balanceAfter", "chain",
                        "must equal the previous balance plus the amount (" + expected + ")");
            }
            try {
                state = state.apply(entry.type(), entry.amount(), entry.createdAt());
            } catch (ValidationException overflow) {
                throw new ValidationException(field + ".amount", "overflow", "would overflow the account's totals");
            }
        }
        return new Append(List.copyOf(appended), state, overlap);
    }

    /**
     * What an append writes.
     *
     * @param appended the entries to add after the stored ledger, ascending (may be empty)
     * @param account  the account after them ({@code null} only if there was none and nothing is appended)
     * @param skipped  how many entries were already stored, identical
     */
    public record Append(List<LedgerEntry> appended, CreditAccount account, int skipped) {

        /**
         * @return appended entries as inserted, identical ones as skipped
         */
        public ImportResult result() {
            return new ImportResult(appended.size(), 0, skipped);
        }
    }
}
