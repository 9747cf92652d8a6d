package dev.stowage.migration.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The Redis Cluster of the tests: the seed URIs in {@value #ENV} if set; else a healthy
 * three-master cluster already answering on ports 7000-7002; else one started there from the
 * system's {@code redis-server} and stopped when the JVM exits.
 * <p>
 * A trimmed copy of the redis module's {@code LocalRedisCluster} (test sources are not shared
 * between modules); both belong in the testkit's {@code TestServers}.
 */
final class TestRedisCluster {

    static final String ENV = "STOWAGE_TEST_REDIS_CLUSTER_URI";
    private static final int[] PORTS = {7000, 7001, 7002};
    private static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir"), "stowage-migration-redis-cluster");

    private static String uri;

    private TestRedisCluster() {
    }

    static synchronized String uri() {
        if (uri == null) {
            String configured = System.getenv(ENV);
            if (configured != null && !configured.isBlank()) {
                uri = configured;
            } else {
                if (!healthy()) {
                    start();
                }
                List<String> seeds = new ArrayList<>();
                for (int port : PORTS) {
                    seeds.add("redis://127.0.0.1:" + port);
                }
                uri = String.join(",", seeds);
            }
        }
        return uri;
    }

    private static boolean healthy() {
        for (int port : PORTS) {
            String info = run("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "cluster", "info");
            if (info == null || !info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:3")) {
                return false;
            }
        }
        return true;
    }

    private static void start() {
        List<Process> nodes = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> nodes.forEach(Process::destroy), "stop-test-cluster"));
        try {
            for (int port : PORTS) {
                Path dir = ROOT.resolve(Integer.toString(port));
                Files.createDirectories(dir);
                Files.deleteIfExists(dir.resolve("nodes.conf"));
                nodes.add(new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--save", "",
                        "--appendonly", "no", "--dir", dir.toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start());
            }
        } catch (IOException e) {
            throw new AssertionError("could not start redis-server for a test cluster; set " + ENV, e);
        }
        await(() -> {
            for (int port : PORTS) {
                if (run("redis-cli", "-p", Integer.toString(port), "ping") == null) {
                    return false;
                }
            }
            return true;
        });
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        for (int port : PORTS) {
            create.add("127.0.0.1:" + port);
        }
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        if (run(create.toArray(String[]::new)) == null) {
            throw new AssertionError("redis-cli --cluster create failed; set " + ENV + " to a cluster's seed URIs");
        }
        await(TestRedisCluster::healthy);
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the test Redis Cluster did not come up; see " + ROOT + ", or set " + ENV);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean ok = process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0
                    && !output.startsWith("Could not connect");
            return ok ? output : null;
        } catch (IOException e) {
            throw new AssertionError("could not run " + command[0] + " (apt-get install redis-tools); set " + ENV, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
