package dev.stowage.migration.switching;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.TestBackend;
import dev.stowage.migration.verify.Verification;
import dev.stowage.migration.verify.VerificationState;
import dev.stowage.testkit.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The online migration, Redis to PostgreSQL, with its two application instances in two JVMs: this
 * one (the operator's) and a child ({@link TrafficMain}), each opening its stores with
 * {@code Stowage.open} from the same properties (every store moving under a shared flag, one
 * PostgreSQL control record and repair queue). Both run mixed traffic while the operator moves the
 * stores OFF to COMPLETE through the gates, with a backfill in DUAL_WRITE; every stage change
 * waits for the child's acknowledgement through the control record. At the end the verification
 * is VALIDATED and every write either process acknowledged (the child reports its own in a file)
 * is in the new store exactly once.
 */
class TwoJvmOnlineMigrationTest {

    private final String space = Configured.space("sw_two_jvm");

    @TempDir
    Path dir;

    @AfterEach
    void removeData() {
        TestBackend.sql("DROP SCHEMA IF EXISTS " + space + " CASCADE");
        TestBackend.sql("DROP SCHEMA IF EXISTS " + space + "_ctl CASCADE");
        TestBackend.deleteRedisKeys(TestBackend.Kind.REDIS, space);
    }

    private Map<String, String> configuration() {
        Map<String, String> config = new TreeMap<>();
        config.put("stowage.backend", "redis");
        config.put("stowage.redis.uri", TestServers.redisUri());
        config.put("stowage.redis.prefix", space);
        config.put("stowage.backends.next.type", "postgres");
        config.put("stowage.backends.next.url", TestServers.postgresUrl());
        config.put("stowage.backends.next.schema", space);
        config.put("stowage.backends.next.pool.max-size", "4");
        config.put("stowage.backends.next.pool.min-idle", "0");
        for (String store : List.of("contacts", "credits", "tokens")) {
            String prefix = "stowage." + store + ".migration.";
            config.put(prefix + "to", "next");
            config.put(prefix + "flag", "shared");
            config.put(prefix + "name", "two-jvm");
            config.put(prefix + "control.url", TestServers.postgresUrl());
            config.put(prefix + "control.schema", space + "_ctl");
            config.put(prefix + "poll-interval", "50ms");
            config.put(prefix + "lease", "1s");
            config.put(prefix + "shadow.ratio", "0.2");
            config.put(prefix + "reconcile-interval", "200ms");
        }
        return config;
    }

    private Process startChild(Path properties, Path stop, Path acknowledged) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow(() ->
                new AssertionError("the test JVM's java command is unknown"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                TrafficMain.class.getName(), properties.toString(), stop.toString(), acknowledged.toString()));
        return new ProcessBuilder(command).redirectOutput(dir.resolve("child.out").toFile())
                .redirectError(dir.resolve("child.err").toFile()).start();
    }

    private String childOutput() throws IOException {
        return Files.readString(dir.resolve("child.out")) + Files.readString(dir.resolve("child.err"));
    }

    @Test
    void a_child_jvm_and_this_one_move_every_store_from_redis_to_postgres_under_traffic() throws Exception {
        TestBackend.sql("CREATE SCHEMA " + space + "_ctl");
        Map<String, String> config = configuration();
        Path properties = dir.resolve("stowage.properties");
        Properties written = new Properties();
        written.putAll(config);
        try (Writer out = Files.newBufferedWriter(properties, StandardCharsets.UTF_8)) {
            written.store(out, "the configuration of both instances");
        }
        Path stop = dir.resolve("stop");
        Path acknowledged = dir.resolve("child-acknowledged.tsv");
        Process child = null;
        try (Stores operator = Stowage.open(config)) {
            List<StageController> controllers = Configured.controllers(operator, StoreKind.values());
            child = startChild(properties, stop, acknowledged);
            Process running = child;
            Steps.eventually(() -> childSaidReady() || !running.isAlive(), java.time.Duration.ofSeconds(60));
            assertThat(child.isAlive()).as("the child started: %s", childOutput()).isTrue();
            Traffic traffic = new Traffic("parent", List.of(operator), 1);
            try {
                Steps.toRampDown(controllers, () -> Steps.sleep(200));
            } finally {
                traffic.stop();
                Files.createFile(stop);
            }
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child stops").isTrue();
            assertThat(child.exitValue()).as("the child's exit; its output: %s", childOutput()).isZero();
            Traffic childTraffic = Traffic.load(acknowledged);
            Steps.completeAndRetire(controllers);
            assertThat(traffic.failures()).as("this instance's callers never see a failure").isEmpty();
            assertThat(childTraffic.failures()).as("the child's callers never see a failure").isEmpty();
            try (Stores moved = Stowage.open(Map.of("stowage.backend", "postgres",
                    "stowage.postgres.url", TestServers.postgresUrl(), "stowage.postgres.schema", space,
                    "stowage.postgres.pool.max-size", "2", "stowage.postgres.pool.min-idle", "0"))) {
                traffic.check(moved);
                childTraffic.check(moved);
                SwitchingBackend contacts = Configured.switching(operator, StoreKind.CONTACTS);
                assertThat(Verification.of(contacts.oldBackend(), contacts.newBackend()).run().state())
                        .isEqualTo(VerificationState.VALIDATED);
            }
            System.out.printf("two-JVM online migration: %d operations here, %d in the child%n", traffic.operations(),
                    childTraffic.operations());
        } finally {
            if (child != null && child.isAlive()) {
                ProcessHandle.of(child.pid()).ifPresent(ProcessHandle::destroyForcibly);
                child.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private boolean childSaidReady() {
        try {
            return Files.readString(dir.resolve("child.out")).contains("READY");
        } catch (IOException e) {
            return false;       // not written yet
        }
    }
}
