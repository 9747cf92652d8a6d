package dev.stowage.migration.switching;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Connections to the control database named in configuration ({@code stowage.<store>.migration.control.url}),
 * one per call from {@link DriverManager}: the control record and the repair queue see a few
 * statements a second, so a pool would only hold connections open. The JDBC driver is the
 * application's (the PostgreSQL backend brings it). {@link #toString()} never shows the URL,
 * which may carry a password.
 */
final class ControlDataSource implements DataSource {

    private final String url;
    private final Properties credentials = new Properties();

    ControlDataSource(String url, String user, String password) {
        this.url = url;
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        credentials.setProperty("connectTimeout", "5");
        credentials.setProperty("socketTimeout", "30");
    }

    @Override
    public Connection getConnection() throws SQLException {
        return DriverManager.getConnection(url, credentials);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(credentials);
        properties.setProperty("user", username);
        properties.setProperty("password", password);
        return DriverManager.getConnection(url, properties);
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
        credentials.setProperty("loginTimeout", Integer.toString(seconds));
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
