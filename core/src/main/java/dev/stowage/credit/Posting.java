package dev.stowage.credit;

import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;
import dev.stowage.support.JsonValues;

import java.util.Map;

/**
 * A request to post one ledger entry. Build it with the factory for its type and the
 * {@code with...} methods:
 * <pre>{@code
 * credits.post(Posting.deduction("user-42", 5).withReason("export").withIdempotencyKey(requestId));
 * }</pre>
 *
 * @param accountId      the account to post to; it is created by its first credit posting
 * @param type           the entry type
 * @param amount         the signed amount: positive for PURCHASE, REFUND and BONUS, negative for
 *                       DEDUCTION, non-zero for ADJUSTMENT; at most {@value #MAX_AMOUNT} in magnitude
 * @param reason         optional, at most 500 characters
 * @param metadata       a JSON object
 * @param idempotencyKey optional, at most 200 characters; unique per account
 */
public record Posting(
        String accountId,
        EntryType type,
        long amount,
        String reason,
        Map<String, Object> metadata,
        String idempotencyKey) {

    /** Largest magnitude of one posting (a quadrillion), so sums stay far from overflow. */
    public static final long MAX_AMOUNT = 1_000_000_000_000_000L;
    /** Longest accepted reason. */
    public static final int MAX_REASON_LENGTH = 500;
    /** Longest accepted idempotency key. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    /**
     * @throws ValidationException naming the first invalid field
     */
    public Posting {
        CreditAccount.validateAccountId(accountId);
        Check.required(type, "type");
        validateAmount(type, amount);
        Check.optionalText(reason, "reason", MAX_REASON_LENGTH);
        metadata = JsonValues.canonicalObject(metadata, "metadata");
        if (idempotencyKey != null) {
            Check.identifier(idempotencyKey, "idempotencyKey", MAX_IDEMPOTENCY_KEY_LENGTH);
        }
    }

    /**
     * @param type   an entry type
     * @param amount a signed amount
     * @throws ValidationException {@code field "amount"} if the sign does not fit the type or the
     *     magnitude exceeds {@link #MAX_AMOUNT}
     */
    static void validateAmount(EntryType type, long amount) {
        if (amount == 0) {
            throw new ValidationException("amount", "non-zero", "must not be zero");
        }
        if (amount > MAX_AMOUNT || amount < -MAX_AMOUNT) {
            throw new ValidationException("amount", "max", "must be at most " + MAX_AMOUNT + " in magnitude");
        }
        if (type == EntryType.DEDUCTION && amount > 0) {
            throw new ValidationException("amount", "sign", "must be negative for a DEDUCTION");
        }
        if (type != EntryType.DEDUCTION && type != EntryType.ADJUSTMENT && amount < 0) {
            throw new ValidationException("amount", "sign", "must be positive for a " + type);
        }
    }

    /**
     * @param accountId the account
     * @param credits   a positive number of credits bought
     * @return the posting
     */
    public static Posting purchase(String accountId, long credits) {
        return new Posting(accountId, EntryType.PURCHASE, credits, null, Map.of(), null);
    }

    /**
     * @param accountId the account
     * @param credits   a positive number of credits to take
     * @return the posting (its amount is {@code -credits})
     */
    public static Posting deduction(String accountId, long credits) {
        if (credits <= 0) {
            throw new ValidationException("amount", "positive", "must be a positive number of credits to deduct");
        }
        return new Posting(accountId, EntryType.DEDUCTION, -credits, null, Map.of(), null);
    }

    /**
     * @param accountId the account
     * @param credits   a positive number of credits given back
     * @return the posting
     */
    public static Posting refund(String accountId, long credits) {
        return new Posting(accountId, EntryType.REFUND, credits, null, Map.of(), null);
    }

    /**
     * @param accountId the account
     * @param credits   a positive number of free credits
     * @return the posting
     */
    public static Posting bonus(String accountId, long credits) {
        return new Posting(accountId, EntryType.BONUS, credits, null, Map.of(), null);
    }

    /**
     * @param accountId    the account
     * @param signedAmount a non-zero correction
     * @return the posting
     */
    public static Posting adjustment(String accountId, long signedAmount) {
        return new Posting(accountId, EntryType.ADJUSTMENT, signedAmount, null, Map.of(), null);
    }

    /** @param value the reason @return a copy with that reason */
    public Posting withReason(String value) {
        return new Posting(accountId, type, amount, value, metadata, idempotencyKey);
    }

    /** @param value a JSON object @return a copy with that metadata */
    public Posting withMetadata(Map<String, ?> value) {
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) value;
        return new Posting(accountId, type, amount, reason, json, idempotencyKey);
    }

    /** @param value the idempotency key @return a copy with that key */
    public Posting withIdempotencyKey(String value) {
        return new Posting(accountId, type, amount, reason, metadata, value);
    }

    /**
     * Whether an entry already posted under this posting's idempotency key is a replay of this
     * posting (same type and amount) rather than a clash.
     *
     * @param existing the entry found under the key
     * @return {@code true} if type and amount are equal
     */
    public boolean sameOperationAs(LedgerEntry existing) {
        Check.required(existing, "existing");
        return existing.type() == type && existing.amount() == amount;
    }
}
