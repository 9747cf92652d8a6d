package dev.stowage.cli;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CLI as a child JVM, interrupted in the middle of a copy: by SIGKILL (a crash) and by SIGINT
 * (Ctrl-C). The same command then resumes from the file checkpoint and the target verifies.
 */
class ResumeAfterInterruptionTest {

    private static final Pattern WRITTEN = Pattern.compile("\"written\"\\s*:\\s*(\\d+)");

    /**
     * Enough contacts that the copy is still running when the interruption arrives on a quiet
     * machine (6 000 were copied in 1.6 s, before a SIGINT sent after 300 could land).
     */
    private static final int CONTACTS = 40_000;

    /** The Redis source, seeded once and only read; each test copies into its own schema. */
    private static final String SOURCE = "cli_resume_" + UUID.randomUUID().toString().substring(0, 8);
    private static Stores redis;

    private final String name = "cli_resume_" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    @BeforeAll
    static void seed() {
        redis = Servers.openRedis(SOURCE);
        Servers.seed(redis, TenantId.of("acme"), CONTACTS);
    }

    @AfterAll
    static void eraseSource() {
        Servers.eraseAll(redis);
        redis.close();
    }

    @AfterEach
    void dropTarget() throws Exception {
        Servers.dropSchema(name);
    }

    private List<String> copy() {
        List<String> args = new ArrayList<>(List.of("copy"));
        args.addAll(Servers.redis("from", SOURCE));
        args.addAll(Servers.postgres("to", name));
        args.addAll(List.of("--state-dir", dir.resolve("state").toString(), "--batch-size", "250", "--workers", "1"));
        return args;
    }

    /** Waits until the child has checkpointed some contacts, but far from all. */
    private void awaitProgress(Process child) throws Exception {
        Path checkpoint = dir.resolve("state").resolve("checkpoints").resolve("copy-redis-to-postgres.json");
        await("progress checkpointed").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                .failFast("the copy ended before it could be interrupted", () -> !child.isAlive())
                .until(() -> Files.exists(checkpoint) && written(checkpoint) >= 300);
    }

    private static long written(Path checkpoint) throws Exception {
        String text;
        try {
            text = Files.readString(checkpoint);
        } catch (java.nio.file.NoSuchFileException renamedMeanwhile) {
            return 0;
        }
        long sum = 0;
        Matcher matcher = WRITTEN.matcher(text);
        while (matcher.find()) {
            sum += Long.parseLong(matcher.group(1));
        }
        return sum;
    }

    private void resumeAndVerify() {
        Cli.Result resumed = Cli.run(copy());
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).containsPattern("contacts\\s+contacts\\s+acme\\s+" + CONTACTS + "\\s+\\d+").contains("done");

        List<String> verify = new ArrayList<>(List.of("verify"));
        verify.addAll(Servers.redis("from", SOURCE));
        verify.addAll(Servers.postgres("to", name));
        Cli.Result verified = Cli.run(verify);
        assertThat(verified.exitCode()).as(verified.toString()).isZero();
        assertThat(verified.out()).contains("VALIDATED").doesNotContain("MISMATCHED");
    }

    @Test
    void aCopyKilledWithSigkillResumesWithTheSameCommand() throws Exception {
        Process child = Cli.start(copy(), dir);
        try {
            awaitProgress(child);
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).isEqualTo(137);

        resumeAndVerify();
    }

    @Test
    void ctrlCStopsAfterTheCurrentBatchWithTheCheckpointWritten() throws Exception {
        Process child = Cli.start(copy(), dir);
        Cli.Result stopped;
        try {
            awaitProgress(child);
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            stopped = Cli.await(child, dir, 60);
        } finally {
            child.destroyForcibly();
        }

        assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(130);
        assertThat(stopped.err()).contains("stopped: stopped by the operator after the current batch (checkpoint written)")
                .contains("run the same command again to resume");
        Path checkpoint = dir.resolve("state").resolve("checkpoints").resolve("copy-redis-to-postgres.json");
        long written = written(checkpoint);
        assertThat(written).isBetween(300L, 5_999L);
        try (Stores postgres = Servers.openPostgres(name)) {
            // Every checkpointed contact is in the target, and at most the stopped batch more.
            long count = postgres.forTenant(TenantId.of("acme")).contacts()
                    .count(dev.stowage.contact.ContactQuery.builder().build());
            assertThat(count).isBetween(written - 250, written + 250);
        }

        resumeAndVerify();
    }
}
