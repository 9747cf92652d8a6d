package dev.stowage.exception;

/**
 * The backing server could not be reached or the connection was lost mid-operation. Retryable:
 * an operation that failed this way either took effect completely or not at all, and idempotent
 * writes (idempotency keys, optimistic versions, upserts) make a retry safe.
 */
public class StoreUnavailableException extends StoreException {

    /**
     * @param message which backend was unreachable and what to check
     * @param cause   the driver error
     */
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
