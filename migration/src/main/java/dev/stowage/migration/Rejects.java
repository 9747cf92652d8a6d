package dev.stowage.migration;

import dev.stowage.exception.ConflictException;
import dev.stowage.exception.StoreException;
import dev.stowage.exception.ValidationException;

/**
 * Which failures are the record's fault, and how a reject's reason reads.
 */
final class Rejects {

    private Rejects() {
    }

    /**
     * @param e a failure of a read or an import
     * @return whether it is transient and the same call may succeed later (a lost connection, a
     *     timeout, a write that lost a race with concurrent writers)
     */
    static boolean isTransient(Throwable e) {
        if (e instanceof ConflictException conflict) {
            return conflict.reason() == ConflictException.Reason.VERSION_MISMATCH;
        }
        return e instanceof StoreException store && store.isRetryable();
    }

    /**
     * @param e a failure of an import
     * @return whether it blames the records (a validation error or a unique-key clash), so that
     *     splitting the batch finds the culprit
     */
    static boolean blamesRecords(Throwable e) {
        return (e instanceof ValidationException || e instanceof ConflictException) && !isTransient(e);
    }

    /**
     * @param e why a record was refused
     * @return the reason as recorded in the reject sink: the exception's type, a conflict's
     *     reason and its message (messages never carry values)
     */
    static String reason(StoreException e) {
        String type = e.getClass().getSimpleName();
        if (e instanceof ConflictException conflict) {
            type += " " + conflict.reason();
        }
        return type + ": " + e.getMessage();
    }
}
