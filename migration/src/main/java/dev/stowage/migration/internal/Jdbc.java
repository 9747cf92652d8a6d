package dev.stowage.migration.internal;

import dev.stowage.exception.StoreException;
import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Plain JDBC on an application's {@link DataSource}, with SQL errors translated at this edge into
 * the calling store's exception: a lost connection, a server shutting down, a serialization
 * failure or a deadlock is retryable, anything else is not. Thread-safe (the data source is).
 */
public final class Jdbc {

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /**
     * A unit of work on one connection.
     *
     * @param <T> its result
     */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * @param connection the connection, in the mode the call chose
         * @return the result
         * @throws SQLException translated by the caller
         */
        T run(Connection connection) throws SQLException;
    }

    /** Makes the calling store's exception of a translated SQL error. */
    @FunctionalInterface
    public interface Failure {
        /**
         * @param message   what could not be done, where, the SQLState and the driver's message
         * @param cause     the SQL error
         * @param retryable whether trying again may succeed (connection, shutdown, serialization, deadlock)
         * @return the exception to throw
         */
        RuntimeException of(String message, SQLException cause, boolean retryable);
    }

    /**
     * The core hierarchy: a retryable error is a {@link StoreUnavailableException}, any other a
     * {@link StoreException}.
     */
    public static final Failure STORE_EXCEPTIONS = (message, cause, retryable) -> retryable
            ? new StoreUnavailableException(message, cause) : new StoreException(message, cause);

    private final DataSource dataSource;
    private final String what;
    private final Failure failure;

    /**
     * @param dataSource the application's data source
     * @param what       the store, for messages ({@code "PostgreSQL checkpoint store"})
     * @param failure    makes the store's exception
     */
    public Jdbc(DataSource dataSource, String what, Failure failure) {
        this.dataSource = Check.required(dataSource, "dataSource");
        this.what = what;
        this.failure = failure;
    }

    /**
     * @param value a schema name
     * @return it, if a lower-case SQL identifier (so it can be written into statements)
     * @throws ValidationException {@code field "schema"} otherwise
     */
    public static String schema(String value) {
        Check.required(value, "schema");
        if (!SCHEMA.matcher(value).matches()) {
            throw new ValidationException("schema", "identifier",
                    "must be a lower-case SQL identifier: letters, digits and '_', at most 63");
        }
        return value;
    }

    /**
     * @param action what the work does, for messages ({@code "claim a partition"})
     * @param work   the work, on a connection in auto-commit mode
     * @param <T>    its result
     * @return the work's result
     */
    public <T> T call(String action, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return work.run(connection);
        } catch (SQLException e) {
            throw translate(action, e);
        }
    }

    /**
     * @param action what the work does, for messages
     * @param work   the work, in one transaction: committed if it returns, rolled back if it throws
     * @param <T>    its result
     * @return the work's result
     */
    public <T> T transaction(String action, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw translate(action, e);
        }
    }

    private RuntimeException translate(String action, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        boolean retryable = state.startsWith("08") || state.startsWith("57P") || state.equals("40001")
                || state.equals("40P01");
        return failure.of("could not " + action + " in the " + what + " (SQLState " + state + "): " + e.getMessage(), e,
                retryable);
    }
}
