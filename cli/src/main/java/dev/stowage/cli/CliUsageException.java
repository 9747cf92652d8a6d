package dev.stowage.cli;

/**
 * A command line that cannot work as given: exit code 2, with the message saying what to change.
 */
final class CliUsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CliUsageException(String message) {
        super(message);
    }
}
