package dev.stowage.exception;

/**
 * The backend did not answer within the configured timeout. Retryable, but the operation's
 * outcome is unknown to the caller: repeat it only if it is idempotent (reads, versioned
 * updates, postings with an idempotency key).
 */
public class StoreTimeoutException extends StoreException {

    /**
     * @param message which operation timed out, after how long, and which setting controls it
     * @param cause   the driver error
     */
    public StoreTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
