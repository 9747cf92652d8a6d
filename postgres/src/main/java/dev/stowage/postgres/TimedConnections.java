package dev.stowage.postgres;

import org.jooq.ConnectionProvider;
import org.jooq.exception.DataAccessException;
import org.jooq.tools.jdbc.DefaultConnection;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Hands jOOQ connections whose every read from the server is bounded by a network timeout
 * ({@link Connection#setNetworkTimeout}), so a call fails even when the server stops answering
 * altogether (frozen, partitioned), which the server-side statement timeout cannot catch: the
 * server that would cancel the statement is the one that is not answering. The timeout is the
 * statement timeout plus a margin for the server's own cancellation to arrive first, so a slow
 * statement still fails as the server's {@code 57014}, on a connection that stays usable. A
 * connection is handed back with the network timeout it had. Only a caller's {@code DataSource}
 * needs this: a pool the builder creates has the same bound as its {@code socketTimeout}, and is
 * given a zero timeout here, which hands connections through untouched. Thread-safe.
 */
final class TimedConnections implements ConnectionProvider {

    /** Time left to the server, after the statement timeout, to report its own cancellation. */
    static final Duration MARGIN = Duration.ofSeconds(1);
    /** pgjdbc ignores the executor (it sets the socket's read timeout). */
    private static final Executor DIRECT = Runnable::run;

    private final DataSource dataSource;
    private final int networkTimeoutMillis;

    /**
     * @param dataSource       where connections come from
     * @param statementTimeout the longest a statement may run; zero for none, and then no
     *                         network timeout either
     */
    TimedConnections(DataSource dataSource, Duration statementTimeout) {
        this.dataSource = dataSource;
        this.networkTimeoutMillis = statementTimeout.isZero() ? 0
                : (int) Math.min(Integer.MAX_VALUE, statementTimeout.plus(MARGIN).toMillis());
    }

    @Override
    public Connection acquire() {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new DataAccessException("no connection: " + e.getMessage(), e);
        }
        if (networkTimeoutMillis == 0) {
            return connection;
        }
        try {
            int previous = connection.getNetworkTimeout();
            connection.setNetworkTimeout(DIRECT, networkTimeoutMillis);
            return new TimedConnection(connection, previous);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection, e);
            throw new DataAccessException("could not set the network timeout: " + e.getMessage(), e);
        }
    }

    @Override
    public void release(Connection connection) {
        try {
            if (connection instanceof TimedConnection timed) {
                timed.restore();
            }
            connection.close();
        } catch (SQLException e) {
            throw new DataAccessException("could not release a connection: " + e.getMessage(), e);
        }
    }

    /**
     * @return the network timeout set on every connection, in milliseconds; 0 for none
     */
    int networkTimeoutMillis() {
        return networkTimeoutMillis;
    }

    private static void closeQuietly(Connection connection, Exception failure) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** A connection with its network timeout before it was acquired. */
    private static final class TimedConnection extends DefaultConnection {
        private final int previousTimeout;

        private TimedConnection(Connection delegate, int previousTimeout) {
            super(delegate);
            this.previousTimeout = previousTimeout;
        }

        /** Puts the earlier network timeout back; a broken connection has nothing to restore. */
        void restore() {
            try {
                if (!getDelegate().isClosed()) {
                    getDelegate().setNetworkTimeout(DIRECT, previousTimeout);
                }
            } catch (SQLException | RuntimeException brokenConnection) {
                // The pool discards a broken connection; there is nothing to restore on it.
            }
        }
    }
}
