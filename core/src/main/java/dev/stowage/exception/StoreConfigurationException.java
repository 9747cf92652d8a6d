package dev.stowage.exception;

/**
 * The configuration given to {@code Stowage.open} (or a backend builder) cannot work: an unknown
 * key, a missing backend module, a malformed value. The message says what to add or change.
 */
public class StoreConfigurationException extends StoreException {

    /**
     * @param message what is wrong and how to fix it
     */
    public StoreConfigurationException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and how to fix it
     * @param cause   the underlying failure
     */
    public StoreConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
