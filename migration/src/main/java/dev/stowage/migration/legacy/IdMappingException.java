package dev.stowage.migration.legacy;

import dev.stowage.exception.StoreException;

/**
 * An {@link IdMappingStore} could not read or record mappings. The copy stops (after the
 * migration's retries when {@link #isRetryable()}); what was committed stays committed.
 */
public class IdMappingException extends StoreException {

    private final boolean retryable;

    /**
     * @param message   what failed and what to do
     * @param cause     the underlying failure, or {@code null}
     * @param retryable whether repeating the operation may succeed (a lost connection)
     */
    public IdMappingException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    @Override
    public boolean isRetryable() {
        return retryable;
    }
}
