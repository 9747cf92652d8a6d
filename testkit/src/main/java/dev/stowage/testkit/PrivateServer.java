package dev.stowage.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * What {@link PrivatePostgres} and {@link PrivateRedis} share: a server process of the test's
 * own, on a free port of a range, in a temporary directory, that a fault test may freeze
 * ({@code kill -STOP}), thaw and stop. Processes are only ever signalled by pid, never by name,
 * and a shutdown hook stops the server if the test does not.
 * <p>
 * Ports come from {@value #PORTS_ENV} ({@code first-last}, default {@value #DEFAULT_PORTS}); a
 * port is taken only when nothing listens on it.
 */
public abstract class PrivateServer implements AutoCloseable {

    /** Environment variable naming the port range private servers may use, e.g. {@code 25420-25439}. */
    public static final String PORTS_ENV = "STOWAGE_TEST_PRIVATE_PORTS";
    /** The port range used when {@value #PORTS_ENV} is not set. */
    public static final String DEFAULT_PORTS = "25400-25499";

    private final Path directory;
    private final int port;
    private final Thread shutdownHook = new Thread(this::stopQuietly, "stop-private-server");
    private volatile long pid;
    private volatile boolean frozen;
    private volatile boolean stopped;

    /**
     * @param directory the server's temporary directory, deleted on {@link #close()}
     * @param port      its port
     */
    protected PrivateServer(Path directory, int port) {
        this.directory = directory;
        this.port = port;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * @return the port the server listens on (127.0.0.1)
     */
    public int port() {
        return port;
    }

    /**
     * @return the pid of the server's main process
     */
    public long pid() {
        return pid;
    }

    /**
     * @return the server's temporary directory
     */
    protected Path directory() {
        return directory;
    }

    /**
     * @param value the pid of the server's main process, once it runs
     */
    protected void started(long value) {
        this.pid = value;
    }

    /**
     * Stops the server and every process it started ({@code kill -STOP}, parent first so it
     * cannot start new ones): it keeps its connections open and answers nothing, as a frozen
     * or partitioned host would.
     */
    public synchronized void freeze() {
        // The parent is stopped before its children are listed: listing first would miss a child
        // forked in between (a connection being opened), which would go on answering.
        signal("STOP", List.of(pid));
        List<Long> pids = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(main -> main.descendants().forEach(child -> pids.add(child.pid())));
        signal("STOP", pids);
        frozen = true;
    }

    /**
     * Lets a frozen server run again ({@code kill -CONT}); harmless if it is not frozen.
     */
    public synchronized void thaw() {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(main -> main.descendants().forEach(child -> pids.add(child.pid())));
        pids.add(pid);
        signal("CONT", pids);
        frozen = false;
    }

    /**
     * @return whether {@link #freeze()} was called and {@link #thaw()} not since
     */
    public boolean isFrozen() {
        return frozen;
    }

    /**
     * Thaws and stops the server by its pid (then kills what is left), and deletes its directory.
     */
    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run.
        }
    }

    /**
     * Asks the server to stop at once; it has been thawed.
     *
     * @param pid the main process
     */
    protected abstract void requestStop(long pid);

    private synchronized void stopQuietly() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (pid > 0) {
            List<ProcessHandle> processes = new ArrayList<>();
            ProcessHandle.of(pid).ifPresent(main -> {
                processes.add(main);
                main.descendants().forEach(processes::add);
            });
            thaw();
            requestStop(pid);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                sleep(20);
            }
            processes.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        deleteDirectory(directory);
    }

    /**
     * @param signal a signal name for {@code kill}, e.g. {@code STOP}
     * @param pids   the processes
     */
    protected static void signal(String signal, List<Long> pids) {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(each -> command.add(Long.toString(each)));
        run(command, Path.of("."), false);
    }

    /**
     * @param command  a command line
     * @param workDir  where to run it
     * @param required whether a non-zero exit fails the test
     * @return its output (stdout and stderr)
     */
    protected static String run(List<String> command, Path workDir, boolean required) {
        try {
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            if (required && process.exitValue() != 0) {
                throw new AssertionError("failed (exit " + process.exitValue() + "): " + String.join(" ", command)
                        + "\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command.get(0), e);
        }
    }

    /**
     * Starts a server on the first free port of the range, trying the next one when another
     * process took the port in between (a few times at most).
     *
     * @param create creates the server object for a port (not started)
     * @param start  starts it
     * @param <S>    the server type
     * @return the running server
     */
    protected static <S extends PrivateServer> S startOnFreePort(IntFunction<S> create, Consumer<S> start) {
        for (int attempt = 0; ; attempt++) {
            int port = freePort(attempt);
            S server = create.apply(port);
            try {
                start.accept(server);
                return server;
            } catch (AssertionError | RuntimeException e) {
                server.close();
                if (attempt >= 3 || !answers(port)) {
                    throw e;
                }
            }
        }
    }

    /**
     * @param skip how many free ports of the range to pass over (after a start lost a race for one)
     * @return a port of the range on which nothing listens
     */
    protected static int freePort(int skip) {
        String range = System.getenv(PORTS_ENV);
        String[] bounds = (range == null || range.isBlank() ? DEFAULT_PORTS : range.trim()).split("-");
        int first = Integer.parseInt(bounds[0].trim());
        int last = Integer.parseInt(bounds[bounds.length - 1].trim());
        int passed = 0;
        for (int port = first; port <= last; port++) {
            if (isFree(port) && passed++ >= skip) {
                return port;
            }
        }
        throw new AssertionError("no free port in " + first + "-" + last + "; set " + PORTS_ENV + " to another range");
    }

    /**
     * @param port a port
     * @return whether something accepts connections on 127.0.0.1 at that port
     */
    protected static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param millis how long to sleep
     */
    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * @return whether this JVM runs as root (PostgreSQL then runs as the {@code postgres} user)
     */
    protected static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean isFree(int port) {
        if (answers(port)) {
            return false;
        }
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteDirectory(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
