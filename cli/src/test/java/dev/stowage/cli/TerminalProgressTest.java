package dev.stowage.cli;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The progress display where an operator sees it: a bar in a real terminal (tmux: the CLI runs in
 * a detached session, its pane is captured), plain lines without control characters in a pipe.
 * tmux is required (CI installs it in .ci/run): without it this test fails.
 */
class TerminalProgressTest {

    private final String name = "cli_tty_" + UUID.randomUUID().toString().substring(0, 8);
    private final String socket = "stowage-cli-test-" + ProcessHandle.current().pid() + "-" + name;
    private Stores redis;

    @TempDir
    Path dir;

    @BeforeEach
    void seed() {
        redis = Servers.openRedis(name);
        Servers.seed(redis, TenantId.of("acme"), 2_000);
    }

    @AfterEach
    void cleanUp() throws Exception {
        tmux("kill-server");
        Servers.eraseAll(redis);
        redis.close();
        Servers.dropSchema(name);
    }

    private List<String> copy() {
        List<String> args = new ArrayList<>(List.of("copy"));
        args.addAll(Servers.redis("from", name));
        args.addAll(Servers.postgres("to", name));
        args.addAll(List.of("--state-dir", dir.resolve("state").toString(), "--batch-size", "250", "--workers", "1"));
        return args;
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    @Test
    void aTerminalShowsTheProgressBarAndTheFinalTable() throws Exception {
        StringBuilder script = new StringBuilder();
        for (String part : Cli.javaCommand()) {
            script.append('\'').append(part.replace("'", "'\\''")).append("' ");
        }
        for (String part : copy()) {
            script.append('\'').append(part.replace("'", "'\\''")).append("' ");
        }
        script.append("\necho \"EXIT=$?\"\nsleep 120\n");
        Path run = Files.writeString(dir.resolve("run.sh"), script.toString());

        tmux("new-session", "-d", "-x", "200", "-y", "50", "-s", "cli", "sh " + run);
        String pane = await("the CLI in tmux to exit").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> tmux("capture-pane", "-p", "-t", "cli"), captured -> captured.contains("EXIT="));

        assertThat(pane).as(pane).contains("EXIT=0");
        assertThat(pane).containsPattern("copy\\s+100%\\s*\\[=+\\]\\s*2\\d{3}/2\\d{3}.* [1-9]\\d* records/s")
                .contains("Run copy-redis-to-postgres: redis -> postgres")
                .containsPattern("total\\s+2\\d{3}\\s+2\\d{3}");
    }

    @Test
    void aPipeGetsPlainProgressLinesWithoutControlCharacters() throws Exception {
        Process child = Cli.start(copy(), dir);
        Cli.Result result;
        try {
            result = Cli.await(child, dir, 120);
        } finally {
            child.destroyForcibly();
        }

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).containsPattern("copy (contacts|credits|tokens): \\d+/\\d+ \\(\\d+%\\), \\d+ records/s");
        assertThat(result.out()).contains("Run copy-redis-to-postgres").containsPattern("total\\s+2\\d{3}");
        for (String output : List.of(result.out(), result.err())) {
            assertThat(output.chars().filter(c -> c < 0x20 && c != '\n').count())
                    .as("control characters in %s", output).isZero();
        }
    }
}
