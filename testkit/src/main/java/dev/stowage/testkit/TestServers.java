package dev.stowage.testkit;

import dev.stowage.support.Secrets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Finds the real servers tests run against, in this order: the environment
 * ({@code STOWAGE_TEST_POSTGRES_URL}, {@code STOWAGE_TEST_REDIS_URI}), then the local defaults
 * ({@code jdbc:postgresql://127.0.0.1:5432/test} as {@code postgres}; {@code redis://127.0.0.1:6379}),
 * then Testcontainers when it is on the class path and Docker is available. Otherwise the test
 * fails with a message that says how to provide a server. Never mocks.
 */
public final class TestServers {

    /** Environment variable with a JDBC URL (user and password may be URL parameters). */
    public static final String POSTGRES_ENV = "STOWAGE_TEST_POSTGRES_URL";
    /** Environment variable with a Redis URI. */
    public static final String REDIS_ENV = "STOWAGE_TEST_REDIS_URI";
    /** The local PostgreSQL default. */
    public static final String LOCAL_POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    /** The local Redis default. */
    public static final String LOCAL_REDIS = "redis://127.0.0.1:6379";

    private static volatile String postgres;
    private static volatile String redis;

    private TestServers() {
    }

    /**
     * @return a JDBC URL of a reachable PostgreSQL (user in the URL), resolved once per JVM
     * @throws AssertionError saying how to provide one if none is reachable
     */
    public static synchronized String postgresUrl() {
        if (postgres == null) {
            postgres = resolvePostgres();
        }
        return postgres;
    }

    /**
     * @return the URI of a reachable Redis, resolved once per JVM
     * @throws AssertionError saying how to provide one if none is reachable
     */
    public static synchronized String redisUri() {
        if (redis == null) {
            redis = resolveRedis();
        }
        return redis;
    }

    private static String resolvePostgres() {
        String configured = System.getenv(POSTGRES_ENV);
        if (configured != null && !configured.isBlank()) {
            if (!postgresAnswers(configured)) {
                throw new AssertionError(POSTGRES_ENV + "=" + Secrets.mask(configured) + " does not accept connections");
            }
            return configured;
        }
        if (postgresAnswers(LOCAL_POSTGRES)) {
            return LOCAL_POSTGRES;
        }
        String container = Containers.postgres();
        if (container != null) {
            return container;
        }
        throw new AssertionError("No PostgreSQL for the tests. Start the local one ("
                + "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start), set " + POSTGRES_ENV
                + " to a JDBC URL such as jdbc:postgresql://host:5432/db?user=u&password=p, or run Docker for Testcontainers.");
    }

    private static String resolveRedis() {
        String configured = System.getenv(REDIS_ENV);
        if (configured != null && !configured.isBlank()) {
            if (!redisAnswers(configured)) {
                throw new AssertionError(REDIS_ENV + "=" + Secrets.mask(configured) + " does not answer PING");
            }
            return configured;
        }
        if (redisAnswers(LOCAL_REDIS)) {
            return LOCAL_REDIS;
        }
        String container = Containers.redis();
        if (container != null) {
            return container;
        }
        throw new AssertionError("No Redis for the tests. Start the local one (redis-server --daemonize yes "
                + "--bind 127.0.0.1 -::1 --port 6379 --save \"\" --appendonly no), set " + REDIS_ENV
                + " to a URI such as redis://host:6379, or run Docker for Testcontainers.");
    }

    static boolean postgresAnswers(String jdbcUrl) {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", "3");
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties)) {
            return connection.isValid(3);
        } catch (SQLException e) {
            return false;
        }
    }

    static boolean redisAnswers(String uri) {
        URI parsed = URI.create(uri);
        int port = parsed.getPort() > 0 ? parsed.getPort() : 6379;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(parsed.getHost(), port), 3_000);
            socket.setSoTimeout(3_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(5);
            // A password-protected server answers -NOAUTH, which still proves it is there.
            return reply.length > 0 && (reply[0] == '+' || reply[0] == '-');
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Testcontainers is optional: this nested class is only loaded, and Testcontainers only
     * touched, when no configured or local server answers.
     */
    private static final class Containers {

        static String postgres() {
            if (!dockerAvailable()) {
                return null;
            }
            org.testcontainers.containers.GenericContainer<?> container =
                    new org.testcontainers.containers.GenericContainer<>("postgres:15-alpine")
                            .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
                            .withEnv("POSTGRES_DB", "test")
                            .withExposedPorts(5432)
                            .waitingFor(org.testcontainers.containers.wait.strategy.Wait
                                    .forLogMessage(".*database system is ready to accept connections.*", 2));
            container.start();
            return "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432)
                    + "/test?user=postgres";
        }

        static String redis() {
            if (!dockerAvailable()) {
                return null;
            }
            org.testcontainers.containers.GenericContainer<?> container =
                    new org.testcontainers.containers.GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            container.start();
            return "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
        }

        private static boolean dockerAvailable() {
            try {
                return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
            } catch (NoClassDefFoundError | RuntimeException e) {
                return false;
            }
        }
    }
}
