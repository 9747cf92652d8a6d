package dev.stowage.migration.checkpoint;

import dev.stowage.exception.StoreException;

/**
 * A checkpoint store could not read or record a run's progress. The copy stops: going on without
 * checkpoints would make a resume redo more than one batch.
 */
public class CheckpointException extends StoreException {

    private final boolean retryable;

    /**
     * @param message   what failed and what to do
     * @param cause     the underlying failure, or {@code null}
     * @param retryable whether repeating the operation may succeed (a lost connection)
     */
    public CheckpointException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    @Override
    public boolean isRetryable() {
        return retryable;
    }
}
