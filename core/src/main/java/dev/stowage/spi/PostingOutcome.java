package dev.stowage.spi;

import dev.stowage.credit.LedgerEntry;
import dev.stowage.support.Check;

/**
 * What a backend's {@link AbstractCreditStore#tryPost} did with one posting. The base class turns
 * it into the caller's result or error, so the rules (replay or conflict, the insufficient-credit
 * and overflow errors) and their messages live in one place.
 */
public sealed interface PostingOutcome {

    /**
     * The posting was applied: balance, totals and the new entry were written together.
     *
     * @param entry the new entry
     */
    record Posted(LedgerEntry entry) implements PostingOutcome {
        /** @throws dev.stowage.exception.ValidationException {@code field "entry"} if it is missing */
        public Posted {
            Check.required(entry, "entry");
        }
    }

    /**
     * Nothing was written because an entry of the account already holds the posting's
     * idempotency key. The base class returns it when it is the same operation (a replay) and
     * throws the idempotency conflict otherwise.
     *
     * @param original the entry that holds the key
     */
    record KeyAlreadyUsed(LedgerEntry original) implements PostingOutcome {
        /** @throws dev.stowage.exception.ValidationException {@code field "original"} if it is missing */
        public KeyAlreadyUsed {
            Check.required(original, "original");
        }
    }

    /**
     * Nothing was written because the balance would have gone below zero, or because the account
     * does not exist and the posting takes credits.
     */
    record Insufficient() implements PostingOutcome {
    }

    /** Nothing was written because the balance or a total would have passed {@link Long#MAX_VALUE}. */
    record Overflow() implements PostingOutcome {
    }

    /**
     * @param entry the new entry
     * @return {@link Posted}
     */
    static PostingOutcome posted(LedgerEntry entry) {
        return new Posted(entry);
    }

    /**
     * @param original the entry that already holds the key
     * @return {@link KeyAlreadyUsed}
     */
    static PostingOutcome keyAlreadyUsed(LedgerEntry original) {
        return new KeyAlreadyUsed(original);
    }

    /**
     * @return {@link Insufficient}
     */
    static PostingOutcome insufficient() {
        return new Insufficient();
    }

    /**
     * @return {@link Overflow}
     */
    static PostingOutcome overflow() {
        return new Overflow();
    }
}
