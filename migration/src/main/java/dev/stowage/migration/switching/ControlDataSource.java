package dev.stowage.migration.switching;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Connections to the control database named in configuration ({@code stowage.<store>.migration.control.url})
 * from {@link DriverManager}, with up to {@value #IDLE} idle ones kept for reuse: the control
 * record is polled several times a second, and opening a connection per poll would cost more
 * than the poll. A connection that fails a validity check is dropped. The JDBC driver is the
 * application's (the PostgreSQL backend brings it). Thread-safe. {@link #toString()} never shows
 * the URL, which may carry a password.
 */
final class ControlDataSource implements DataSource, AutoCloseable {

    private static final int IDLE = 4;

    private final String url;
    private final Properties properties = new Properties();
    private final Deque<Connection> idle = new ArrayDeque<>();
    private boolean closed;

    ControlDataSource(String url, String user, String password) {
        this.url = url;
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "30");
    }

    @Override
    public Connection getConnection() throws SQLException {
        while (true) {
            Connection reused;
            synchronized (this) {
                reused = idle.pollFirst();
            }
            if (reused == null) {
                return pooled(DriverManager.getConnection(url, properties));
            }
            if (reused.isValid(2)) {
                return pooled(reused);
            }
            quietlyClose(reused);
        }
    }

    /** Wraps a connection so that closing it returns it to the idle ones (or closes it when they are full). */
    private Connection pooled(Connection real) {
        return (Connection) Proxy.newProxyInstance(ControlDataSource.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        release(real);
                        return null;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void release(Connection real) {
        synchronized (this) {
            if (!closed && idle.size() < IDLE) {
                idle.addFirst(real);
                return;
            }
        }
        quietlyClose(real);
    }

    private static void quietlyClose(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // a broken connection is dropped either way
        }
    }

    /** Closes the idle connections; connections in use close when released. Idempotent. */
    @Override
    public void close() {
        Deque<Connection> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        toClose.forEach(ControlDataSource::quietlyClose);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the control database's user comes from configuration");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // connections come from DriverManager, which has its own log writer
    }

    @Override
    public void setLoginTimeout(int seconds) {
        properties.setProperty("loginTimeout", Integer.toString(seconds));
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }

    @Override
    public String toString() {
        return "ControlDataSource[***]";
    }
}
