package dev.stowage.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A PostgreSQL server of the test's own, for tests that freeze, kill or lock out a server,
 * which must never happen to the shared one other test classes use at the same time. Started
 * with the system's {@code initdb} and {@code pg_ctl} (as the {@code postgres} user when the
 * tests run as root), listening on 127.0.0.1 only; TCP connections need a password
 * ({@code scram-sha-256}), so wrong passwords are really refused. Starts in about 2 s.
 * <pre>{@code
 * try (PrivatePostgres server = PrivatePostgres.start()) {
 *     String url = server.jdbcUrl("postgres") + "?user=postgres&password=" + server.superuserPassword();
 *     server.freeze();   // kill -STOP of the postmaster and its children
 *     ...
 *     server.thaw();
 * }
 * }</pre>
 * The binaries are taken from {@value #BIN_ENV} if set, else the newest
 * {@code /usr/lib/postgresql/<version>/bin}, else the {@code PATH}.
 */
public final class PrivatePostgres extends PrivateServer {

    /** Environment variable naming the directory of {@code initdb} and {@code pg_ctl}. */
    public static final String BIN_ENV = "STOWAGE_TEST_POSTGRES_BIN";

    private final String superuserPassword;
    private final Path binaries;

    private PrivatePostgres(Path directory, int port, String superuserPassword, Path binaries) {
        super(directory, port);
        this.superuserPassword = superuserPassword;
        this.binaries = binaries;
    }

    /**
     * Creates a fresh cluster in a temporary directory and starts it.
     *
     * @return the running server; close it to stop it and delete its files
     */
    public static PrivatePostgres start() {
        Path binaries = binaries();
        return startOnFreePort(port -> new PrivatePostgres(createDirectory(), port, "pw-" + UUID.randomUUID(), binaries),
                PrivatePostgres::initAndStart);
    }

    /**
     * @return the password of the superuser {@code postgres}
     */
    public String superuserPassword() {
        return superuserPassword;
    }

    /**
     * @param database a database, e.g. {@code postgres}
     * @return its JDBC URL, without credentials
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /**
     * Runs statements as the superuser on the {@code postgres} database (to create roles and
     * databases, for example).
     *
     * @param statements SQL statements
     */
    public void execute(String... statements) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres") + "?user=postgres&password="
                + superuserPassword + "&connectTimeout=10&socketTimeout=60");
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new AssertionError("could not run " + Arrays.toString(statements) + " on the private server: "
                    + e.getMessage(), e);
        }
    }

    @Override
    protected void requestStop(long pid) {
        // SIGQUIT: immediate shutdown; nothing of a test server needs to survive.
        signal("QUIT", List.of(pid));
    }

    private void initAndStart() {
        Path data = directory().resolve("data");
        Path passwordFile = directory().resolve("superuser-password");
        try {
            Files.writeString(passwordFile, superuserPassword + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        handToPostgresUser(directory());
        asServerUser(List.of(binaries.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8",
                "--locale=C"));
        asServerUser(List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-o",
                "-p " + port() + " -k " + directory() + " -c listen_addresses=127.0.0.1 -c fsync=off",
                "-l", directory().resolve("server.log").toString(), "-w", "-t", "60", "start"));
        try {
            String first = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).trim();
            started(Long.parseLong(first));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void asServerUser(List<String> command) {
        if (!runningAsRoot()) {
            run(command, directory(), true);
            return;
        }
        StringBuilder line = new StringBuilder();
        for (String part : command) {
            line.append('\'').append(part.replace("'", "'\\''")).append("' ");
        }
        run(List.of("su", "postgres", "-s", "/bin/bash", "-c", line.toString()), directory(), true);
    }

    private static void handToPostgresUser(Path directory) {
        if (runningAsRoot()) {
            run(List.of("chown", "-R", "postgres", directory.toString()), directory, true);
        }
    }

    private static Path createDirectory() {
        try {
            Path directory = Files.createTempDirectory("stowage-private-postgres-");
            directory.toFile().setReadable(true, false);
            directory.toFile().setExecutable(true, false);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path binaries() {
        String configured = System.getenv(BIN_ENV);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path installed = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(installed)) {
            try (var versions = Files.list(installed)) {
                Optional<Path> newest = versions.filter(version -> Files.isExecutable(version.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(PrivatePostgres::major));
                if (newest.isPresent()) {
                    return newest.get().resolve("bin");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<String> path = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        return path.stream().map(Path::of).filter(dir -> Files.isExecutable(dir.resolve("initdb"))).findFirst()
                .orElseThrow(() -> new AssertionError("no initdb found: install PostgreSQL or set " + BIN_ENV));
    }

    private static int major(Path version) {
        try {
            return Integer.parseInt(version.getFileName().toString().replaceAll("\\..*", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
