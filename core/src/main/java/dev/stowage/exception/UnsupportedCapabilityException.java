package dev.stowage.exception;

/**
 * The chosen backend does not offer the requested capability (for example a feature that needs
 * a newer server). The message names the capability and the backends that do offer it.
 */
public class UnsupportedCapabilityException extends StoreException {

    /**
     * @param message the capability and what to use instead
     */
    public UnsupportedCapabilityException(String message) {
        super(message);
    }
}
