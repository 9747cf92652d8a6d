package dev.stowage.postgres;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * What a failure of PostgreSQL work means, decided in one place from its SQLState and cause
 * chain (as ShedLock's {@code ErrorCodeUtils} does for lock providers). {@link Database} turns it
 * into the exception a store call throws; {@link PostgresStores} into the exception an open
 * throws; the retry rules (reads after a lost connection, transactions the server aborted) ask it
 * too.
 */
enum SqlFailure {

    /** The call ran out of time: statement or lock timeout, no answer before the network
     *  timeout (a frozen or overloaded server), or no pooled connection in time. */
    TIMEOUT,
    /** A connection broke or could not be made: 08xxx, the server ended the session or is
     *  starting or stopping (57P01..57P03), too many connections (53300), refused, unknown host. */
    CONNECTION,
    /** The server refused who we are or where we go: authentication (28xxx), no such database
     *  (3D000), missing privilege (42501), or it rejected the connection (08004: TLS, pg_hba). */
    ACCESS,
    /** A unique key is taken (23505). */
    DUPLICATE_KEY,
    /** Another integrity constraint (23xxx). */
    CONSTRAINT,
    /** A value the server cannot store (22xxx). */
    DATA,
    /** The server aborted the transaction before it took effect: serialization failure or deadlock. */
    ABORTED,
    /** Anything else. */
    OTHER;

    /**
     * @param failure a failure of jOOQ, JDBC, HikariCP or Flyway work
     * @return what it means
     */
    static SqlFailure classify(Throwable failure) {
        SQLException sql = sqlCause(failure);
        if (sql instanceof SQLTransientConnectionException) {
            // HikariCP found no connection in time. Its cause is the last failure to connect or
            // to validate a connection, if any: a refused connection, an unknown host or a bad
            // password says more than "timed out"; a validation that got no answer does not.
            Throwable attempt = sql.getCause();
            if (attempt != null && classify(attempt) == ACCESS) {
                return ACCESS;
            }
            return attempt != null && isRefusal(attempt) ? CONNECTION : TIMEOUT;
        }
        if (has(failure, SocketTimeoutException.class)) {
            return TIMEOUT;
        }
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        if (state.equals("57014") || state.equals("55P03")) {
            return TIMEOUT;
        }
        if (state.startsWith("28") || state.equals("3D000") || state.equals("42501") || state.equals("08004")) {
            return ACCESS;
        }
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.equals("53300") || isRefusal(failure)) {
            return CONNECTION;
        }
        if (state.equals("23505")) {
            return DUPLICATE_KEY;
        }
        if (state.startsWith("23")) {
            return CONSTRAINT;
        }
        if (state.startsWith("22")) {
            return DATA;
        }
        if (state.equals("40001") || state.equals("40P01")) {
            return ABORTED;
        }
        return OTHER;
    }

    /**
     * @param failure a failure of work on an established connection
     * @return whether that connection broke (killed, reset), so a read may run again on a fresh
     *     one; not a timeout, which running again would only repeat
     */
    static boolean isConnectionLoss(Throwable failure) {
        return classify(failure) == CONNECTION && !(sqlCause(failure) instanceof SQLTransientConnectionException);
    }

    /**
     * @param failure a failure
     * @return the first {@link SQLException} of its cause chain, or {@code null}
     */
    static SQLException sqlCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    /**
     * @param failure a failure
     * @return its SQLState, or {@code ""}
     */
    static String sqlState(Throwable failure) {
        SQLException sql = sqlCause(failure);
        return sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
    }

    /**
     * @param failure a failure
     * @return the server's own one-line message without its detail (which may quote row values),
     *     or the driver's message, or the failure's; never {@code null}
     */
    static String summary(Throwable failure) {
        SQLException sql = sqlCause(failure);
        if (sql instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            return String.valueOf(server.getMessage());
        }
        String message = sql != null ? sql.getMessage() : failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : withoutDetail(message);
    }

    /**
     * @param failure a failure
     * @return the name of the constraint the server reported, or {@code null}
     */
    static String constraint(Throwable failure) {
        if (sqlCause(failure) instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            return psql.getServerErrorMessage().getConstraint();
        }
        return null;
    }

    /**
     * @param message a driver message, possibly with the server's {@code Detail:} and
     *                {@code Where:} lines (pgjdbc adds them unless {@code logServerErrorDetail=false})
     * @return the message without those lines, which may quote the values of a row
     */
    static String withoutDetail(String message) {
        if (message == null) {
            return null;
        }
        StringBuilder kept = new StringBuilder(message.length());
        for (String line : message.split("\n", -1)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("Detail:") || trimmed.startsWith("Where:") || trimmed.startsWith("Failing row")) {
                continue;
            }
            if (!kept.isEmpty()) {
                kept.append('\n');
            }
            kept.append(line);
        }
        return kept.toString();
    }

    private static boolean isRefusal(Throwable failure) {
        return has(failure, ConnectException.class) || has(failure, UnknownHostException.class)
                || has(failure, NoRouteToHostException.class);
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
