package dev.stowage.migration.verify;

import dev.stowage.exception.StoreException;

/**
 * A side could not be read, or returned something a scan must never return (a key out of
 * order). Ends the records being verified as INCOMPLETE with this message as the reason.
 */
final class ReadFailure extends StoreException {

    private ReadFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A failed read. A {@link StoreException}'s message is kept (Stowage messages are free of
     * secrets); of any other exception, from a user's backend, only the type is kept, because its
     * message is not known to be.
     */
    static ReadFailure of(Side.Role role, String what, RuntimeException cause) {
        String detail = cause instanceof StoreException
                ? cause.getClass().getSimpleName() + ": " + cause.getMessage()
                : cause.getClass().getName();
        return new ReadFailure("the " + role.label() + " failed reading " + what + ": " + detail, cause);
    }

    /** A backend that broke the order its scan promises; a merge by key cannot go on. */
    static ReadFailure outOfOrder(Side.Role role, String records, String key, String previous) {
        return new ReadFailure("the " + role.label() + "'s scan of " + records + " returned " + key + " after "
                + previous + ", against the order the SPI documents; the backend does not scan in key order", null);
    }
}
