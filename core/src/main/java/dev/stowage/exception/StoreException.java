package dev.stowage.exception;

/**
 * Root of every exception a Stowage store throws. It is unchecked: callers catch the subclass
 * they can act on, and raw driver exceptions ({@code SQLException}, {@code RedisException},
 * jOOQ's {@code DataAccessException}) never escape a store; backends translate them into one of
 * the subclasses below.
 */
public class StoreException extends RuntimeException {

    /**
     * @param message what went wrong and, where possible, what the caller can do about it
     */
    public StoreException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and, where possible, what the caller can do about it
     * @param cause   the underlying failure, kept for diagnostics
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether repeating the same call later may succeed without changing its input. True only for
     * transient infrastructure failures.
     *
     * @return {@code true} if the operation may be retried as is
     */
    public boolean isRetryable() {
        return false;
    }
}
