package dev.stowage.exception;

/**
 * The store (or the {@code Stores} it belongs to) was closed. Not retryable: open a new one.
 */
public class StoreClosedException extends StoreException {

    /**
     * @param message which store was used after {@code close()}
     */
    public StoreClosedException(String message) {
        super(message);
    }
}
