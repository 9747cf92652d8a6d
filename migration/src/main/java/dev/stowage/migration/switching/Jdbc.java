package dev.stowage.migration.switching;

import dev.stowage.exception.StoreException;
import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Plain JDBC on the application's {@link DataSource} for the PostgreSQL control record and repair
 * queue, with SQL errors translated at this edge (connection and server-shutdown states are
 * retryable {@link StoreUnavailableException}s).
 */
final class Jdbc {

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** A unit of work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final String what;

    Jdbc(DataSource dataSource, String what) {
        this.dataSource = dataSource;
        this.what = what;
    }

    static String schema(String value) {
        Check.required(value, "schema");
        if (!SCHEMA.matcher(value).matches()) {
            throw new ValidationException("schema", "identifier",
                    "must be a lower-case SQL identifier: letters, digits and '_', at most 63");
        }
        return value;
    }

    <T> T call(String action, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return work.run(connection);
        } catch (SQLException e) {
            throw translate(action, e);
        }
    }

    <T> T transaction(String action, Work<T> work) {
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

    private StoreException translate(String action, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = "could not " + action + " in the " + what + " (SQLState " + state + "): " + e.getMessage();
        if (state.startsWith("08") || state.startsWith("57P") || state.equals("40001") || state.equals("40P01")) {
            return new StoreUnavailableException(message, e);
        }
        return new StoreException(message, e);
    }
}
