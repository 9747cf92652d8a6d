package dev.stowage.migration.archive;

import dev.stowage.exception.StoreException;

/**
 * An archive could not be written or read: an I/O failure, a file that is not an archive, a
 * truncated one. The message names the file and the line, never a record's values.
 */
public class ArchiveException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, and where
     * @param cause   the underlying failure, or {@code null}
     */
    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
