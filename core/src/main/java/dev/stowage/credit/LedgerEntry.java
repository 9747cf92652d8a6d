package dev.stowage.credit;

import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;
import dev.stowage.support.JsonValues;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An immutable ledger entry.
 *
 * @param id             the entry's id (time-ordered UUIDv7)
 * @param accountId      the account
 * @param sequence       1 for the account's first entry, then consecutive; the ledger's order
 * @param type           the entry type
 * @param amount         the signed amount (see {@link Posting})
 * @param balanceAfter   the account's balance right after this entry, never negative
 * @param reason         optional reason
 * @param metadata       a JSON object
 * @param idempotencyKey the key it was posted with, or {@code null}
 * @param createdAt      when it was posted
 */
public record LedgerEntry(
        UUID id,
        String accountId,
        long sequence,
        EntryType type,
        long amount,
        long balanceAfter,
        String reason,
        Map<String, Object> metadata,
        String idempotencyKey,
        Instant createdAt) {

    /**
     * Highest sequence an entry may have (2^53): far beyond any real ledger, held exactly by every
     * JSON reader, and far enough from {@link Long#MAX_VALUE} that a reader adding a page size to a
     * sequence never overflows.
     */
    public static final long MAX_SEQUENCE = 1L << 53;

    /**
     * @throws ValidationException naming the first invalid field
     */
    public LedgerEntry {
        Check.required(id, "id");
        CreditAccount.validateAccountId(accountId);
        validateSequence(sequence, "sequence");
        Check.required(type, "type");
        Posting.validateAmount(type, amount);
        Check.atLeast(balanceAfter, "balanceAfter", 0);
        Check.optionalText(reason, "reason", Posting.MAX_REASON_LENGTH);
        metadata = JsonValues.canonicalObject(metadata, "metadata");
        if (idempotencyKey != null) {
            Check.identifier(idempotencyKey, "idempotencyKey", Posting.MAX_IDEMPOTENCY_KEY_LENGTH);
        }
        createdAt = Check.instant(createdAt, "createdAt");
    }

    /**
     * The entry a posting produces; used by stores.
     *
     * @param id           the new entry's id
     * @param posting      the posting
     * @param sequence     its place in the account's ledger
     * @param balanceAfter the balance after it
     * @param createdAt    now
     * @return the entry
     */
    public static LedgerEntry of(UUID id, Posting posting, long sequence, long balanceAfter, Instant createdAt) {
        Check.required(posting, "posting");
        return new LedgerEntry(id, posting.accountId(), sequence, posting.type(), posting.amount(), balanceAfter,
                posting.reason(), posting.metadata(), posting.idempotencyKey(), createdAt);
    }

    /**
     * @param sequence a ledger sequence
     * @param field    the field's name for the error
     * @return the sequence
     * @throws ValidationException naming {@code field} unless it is 1..{@link #MAX_SEQUENCE}
     */
    static long validateSequence(long sequence, String field) {
        if (sequence < 1 || sequence > MAX_SEQUENCE) {
            throw new ValidationException(field, "range", "must be between 1 and " + MAX_SEQUENCE);
        }
        return sequence;
    }
}
