package dev.stowage.redis;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A three-master Redis Cluster on loopback ports 7000-7002 for the tests, so that
 * {@code mvn verify} needs no manual step. Resolution: {@value #ENV} if set (seed URIs separated
 * by commas); else a healthy cluster already answering on the ports (left by an earlier run that
 * was killed) is reused; else nodes are started from the system's {@code redis-server} in
 * {@code /tmp/stowage-redis-cluster/<port>}, joined with {@code redis-cli --cluster create}, and
 * stopped when the JVM exits. Cluster-enabled nodes on the ports that are not a healthy cluster
 * (a half-started earlier run) are shut down first; a port held by anything else fails the test
 * with a message.
 */
final class LocalRedisCluster {

    /** Seed URIs of an existing cluster to use instead of starting one. */
    static final String ENV = "STOWAGE_TEST_REDIS_CLUSTER_URI";
    private static final int[] PORTS = {7000, 7001, 7002};
    private static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir"), "stowage-redis-cluster");
    private static final long STARTUP_MILLIS = 30_000;

    private static String uri;

    private LocalRedisCluster() {
    }

    /**
     * @return comma-separated seed URIs of a healthy cluster, resolved once per JVM
     */
    static synchronized String uri() {
        if (uri != null) {
            return uri;
        }
        String configured = System.getenv(ENV);
        if (configured != null && !configured.isBlank()) {
            uri = configured;
            return uri;
        }
        String seeds = seeds();
        if (!healthy()) {
            stopLeftovers();
            start();
        }
        uri = seeds;
        return uri;
    }

    private static String seeds() {
        List<String> seeds = new ArrayList<>();
        for (int port : PORTS) {
            seeds.add("redis://127.0.0.1:" + port);
        }
        return String.join(",", seeds);
    }

    private static boolean healthy() {
        for (int port : PORTS) {
            String info = cli(port, "cluster", "info");
            if (info == null || !info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:3")
                    || !info.contains("cluster_slots_assigned:16384")) {
                return false;
            }
        }
        return true;
    }

    private static void stopLeftovers() {
        for (int port : PORTS) {
            String info = cli(port, "cluster", "info");
            if (info == null) {
                continue;
            }
            if (!info.contains("cluster_state")) {
                throw new AssertionError("port " + port + " is taken by something that is not a Redis Cluster node ("
                        + info.strip() + "); free ports 7000-7002 or set " + ENV + " to a cluster's seed URIs");
            }
            cli(port, "shutdown", "nosave");
        }
        awaitUntil(() -> {
            for (int port : PORTS) {
                if (cli(port, "ping") != null) {
                    return false;
                }
            }
            return true;
        }, "the leftover cluster nodes on ports 7000-7002 to stop");
    }

    private static void start() {
        List<Process> nodes = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(nodes), "stop-test-redis-cluster"));
        try {
            for (int port : PORTS) {
                Path dir = ROOT.resolve(Integer.toString(port));
                deleteRecursively(dir);
                Files.createDirectories(dir);
                Process node = new ProcessBuilder("redis-server", "--port", Integer.toString(port),
                        "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "5000", "--save", "", "--appendonly", "no",
                        "--dir", dir.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("redis.log").toFile())
                        .start();
                synchronized (nodes) {
                    nodes.add(node);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("could not start redis-server for the test cluster (is Redis 7 installed? "
                    + "apt-get install redis-server), or set " + ENV, e);
        }
        awaitUntil(() -> {
            for (int port : PORTS) {
                if (!"PONG".equals(trimmed(cli(port, "ping")))) {
                    return false;
                }
            }
            return true;
        }, "the test cluster's nodes to answer PING");
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        for (int port : PORTS) {
            create.add("127.0.0.1:" + port);
        }
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        String output = run(create);
        if (output == null) {
            throw new AssertionError("redis-cli --cluster create failed for the test cluster");
        }
        awaitUntil(LocalRedisCluster::healthy, "the test cluster to report cluster_state:ok on every node");
    }

    private static void stop(List<Process> nodes) {
        synchronized (nodes) {
            for (Process node : nodes) {
                node.destroy();
            }
            for (Process node : nodes) {
                try {
                    if (!node.waitFor(5, TimeUnit.SECONDS)) {
                        node.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static String cli(int port, String... command) {
        List<String> args = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        args.addAll(List.of(command));
        String output = run(args);
        if (output == null || output.startsWith("Could not connect")) {
            return null;
        }
        return output;
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("could not run " + command.get(0) + " (is Redis 7 installed? "
                    + "apt-get install redis-tools redis-server), or set " + ENV, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    private static String trimmed(String text) {
        return text == null ? null : text.strip();
    }

    /** Polls a condition every 100 ms until it holds or the startup time runs out. */
    private static void awaitUntil(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STARTUP_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; see the logs in " + ROOT);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
