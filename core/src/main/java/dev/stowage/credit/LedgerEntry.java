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
     * @throws ValidationException naming the first invalid field
     */
    public LedgerEntry {
        Check.required(id, "id");
        CreditAccount.validateAccountId(accountId);
        Check.atLeast(sequence, "sequence", 1);
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
        return new LedgerEntry(id, posting.accountId(), sequence, posting.type(), posting.amount(), balanceAfter,
                posting.reason(), posting.metadata(), posting.idempotencyKey(), createdAt);
    }
}
