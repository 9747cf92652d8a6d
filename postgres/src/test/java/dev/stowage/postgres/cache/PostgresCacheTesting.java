package dev.stowage.postgres.cache;

import dev.stowage.testkit.TestServers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** The real PostgreSQL of the cache tests: unique names, plain statements, waiting for conditions. */
final class PostgresCacheTesting {

    private PostgresCacheTesting() {
    }

    static String url() {
        return TestServers.postgresUrl();
    }

    /**
     * @param prefix what the name is for
     * @return a lower-case identifier no other test uses
     */
    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(url()); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("could not run " + sql + ": " + e.getMessage(), e);
        }
    }

    static void dropSchema(String schema) {
        execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }

    /**
     * @param applicationName a connection's application name
     * @return how many server processes were ended
     */
    static int terminate(String applicationName) {
        try (Connection connection = DriverManager.getConnection(url());
             var statement = connection.prepareStatement(
                     "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?")) {
            statement.setString(1, applicationName);
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        } catch (SQLException e) {
            throw new AssertionError("could not terminate " + applicationName + ": " + e.getMessage(), e);
        }
    }

    /** Waits for a condition, polling; a timeout is a failure, never a timing assertion. */
    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            LockSupport.parkNanos(2_000_000);
        }
    }
}
