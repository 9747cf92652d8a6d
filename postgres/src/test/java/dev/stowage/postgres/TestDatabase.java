package dev.stowage.postgres;

import dev.stowage.testkit.TestServers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;

/**
 * The real PostgreSQL the tests run against (see {@link TestServers}) and a schema per test class.
 */
final class TestDatabase {

    private TestDatabase() {
    }

    /**
     * @return the JDBC URL of the test server
     */
    static String url() {
        return TestServers.postgresUrl();
    }

    /**
     * @param testClass the test class, named in the schema for diagnosis
     * @return a schema name no other test class uses
     */
    static String uniqueSchema(Class<?> testClass) {
        String name = testClass.getSimpleName().toLowerCase().replaceAll("[^a-z0-9]", "");
        return "t_" + name.substring(0, Math.min(30, name.length())) + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /**
     * @param schema the schema to open the backend in
     * @param clock  the store clock
     * @return a builder for a backend with its own small pool
     */
    static PostgresStores.Builder builder(String schema, Clock clock) {
        return PostgresStores.builder(url()).schema(schema).clock(clock).maxPoolSize(4).minIdle(0);
    }

    /**
     * Drops a test schema and everything in it.
     *
     * @param schema the schema
     */
    static void dropSchema(String schema) {
        execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }

    /**
     * @param sql a statement to run on a connection of its own
     */
    static void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("could not run " + sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * @return a plain connection to the test server, outside any pool
     * @throws SQLException if it cannot connect
     */
    static Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }
}
