package dev.stowage.exception;

import java.util.Objects;

/**
 * The write contradicts what the store already holds. Nothing was written. {@link #reason()}
 * tells which kind of conflict it was, so callers can react (reload and retry on
 * {@link Reason#VERSION_MISMATCH}, treat as already done on {@link Reason#DUPLICATE_KEY}, ...).
 */
public class ConflictException extends StoreException {

    /** The kinds of conflict a store reports. */
    public enum Reason {
        /** A unique key (an id, or a contact's source and source id) is already taken. */
        DUPLICATE_KEY,
        /** The caller's expected version is not the stored one. Reload, reapply, retry. */
        VERSION_MISMATCH,
        /** The record to change does not exist (any more). */
        MISSING,
        /** An idempotency key was reused for a different operation. */
        IDEMPOTENCY_KEY_REUSED
    }

    private final Reason reason;

    /**
     * @param reason  the kind of conflict
     * @param message what collided, naming the key but no secret value
     */
    public ConflictException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * @param reason  the kind of conflict
     * @param message what collided
     * @param cause   the driver error it was translated from
     */
    public ConflictException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * @return the kind of conflict
     */
    public Reason reason() {
        return reason;
    }
}
