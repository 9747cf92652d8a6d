package dev.stowage.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis server of the test's own (the system's {@code redis-server}), for tests that freeze,
 * kill or reconfigure a server, which must never happen to the shared one. Listens on 127.0.0.1
 * only, keeps nothing on disk, starts in a fraction of a second.
 * <pre>{@code
 * try (PrivateRedis server = PrivateRedis.start()) {
 *     RedisStores.builder(server.uri())...;
 *     server.freeze();   // kill -STOP
 *     ...
 * }
 * }</pre>
 */
public final class PrivateRedis extends PrivateServer {

    private PrivateRedis(Path directory, int port) {
        super(directory, port);
    }

    /**
     * @param extraArguments further {@code redis-server} arguments, e.g. {@code "--requirepass", "pw"}
     * @return the running server; close it to stop it and delete its directory
     */
    public static PrivateRedis start(String... extraArguments) {
        return startOnFreePort(port -> new PrivateRedis(createDirectory(), port), server -> server.launch(extraArguments));
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("stowage-private-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return the server's URI, {@code redis://127.0.0.1:<port>}
     */
    public String uri() {
        return "redis://127.0.0.1:" + port();
    }

    @Override
    protected void requestStop(long pid) {
        signal("KILL", List.of(pid));
    }

    private void launch(String... extraArguments) {
        Path pidFile = directory().resolve("redis.pid");
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port()),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory().toString(),
                "--daemonize", "yes", "--pidfile", pidFile.toString(), "--logfile",
                directory().resolve("redis.log").toString()));
        command.addAll(List.of(extraArguments));
        run(command, directory(), true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (pid(pidFile) <= 0 || !answers(port())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("redis-server did not start on port " + port() + ": " + log());
            }
            sleep(20);
        }
        started(pid(pidFile));
    }

    private static long pid(Path pidFile) {
        try {
            String text = Files.exists(pidFile) ? Files.readString(pidFile, StandardCharsets.US_ASCII).trim() : "";
            return text.isEmpty() ? -1 : Long.parseLong(text);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private String log() {
        try {
            return Files.readString(directory().resolve("redis.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
