package dev.stowage.migration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Redis Cluster the tests use: {@value #ENV} if set (seed URIs separated by commas), else
 * three masters on 127.0.0.1:7000-7002, reused when healthy, otherwise started from the system's
 * {@code redis-server} for this JVM (as the redis module's tests do) and stopped when it exits.
 */
final class TestCluster {

    static final String ENV = "STOWAGE_TEST_REDIS_CLUSTER_URI";
    private static final int[] PORTS = {7000, 7001, 7002};
    private static String uri;

    private TestCluster() {
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
            if (info == null || !info.contains("cluster_state:ok") || !info.contains("cluster_slots_assigned:16384")) {
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
                Path dir = Files.createTempDirectory("stowage-migration-cluster-" + port);
                nodes.add(new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout",
                        "5000", "--save", "", "--appendonly", "no", "--dir", dir.toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start());
            }
        } catch (IOException e) {
            throw new AssertionError("could not start redis-server for a test cluster; set " + ENV, e);
        }
        await(() -> {
            for (int port : PORTS) {
                String pong = run("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "ping");
                if (pong == null || !pong.strip().equals("PONG")) {
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
        await(TestCluster::healthy);
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the test Redis Cluster did not come up; set " + ENV);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            String text = new String(output, StandardCharsets.UTF_8);
            return text.startsWith("Could not connect") ? null : text;
        } catch (IOException e) {
            throw new AssertionError("could not run " + command[0] + " (install redis-tools) or set " + ENV, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
