package dev.stowage.cli;

import dev.stowage.testkit.PrivateServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Exit code 2 with a helpful message for usage errors, 3 for a server that does not answer, secrets never printed. */
class UsageAndAvailabilityTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownOptionExitsTwoPointingToHelp() {
        Cli.Result result = Cli.run(List.of("copy", "--from", "memory", "--to", "memory", "--bogus"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option: '--bogus'").contains("Run 'stowage copy --help'");
    }

    @Test
    void noCommandExitsTwoListingTheCommands() {
        Cli.Result result = Cli.run(List.of());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("a command is required").contains("copy").contains("verify")
                .contains("export").contains("import").contains("purge-expired").contains("health");
    }

    @Test
    void aMissingSideExitsTwoSayingWhatToGive() {
        Cli.Result result = Cli.run(List.of("copy", "--from", "memory", "--state-dir", dir.toString()));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no backend for --to").contains("memory").contains("postgres");
    }

    @Test
    void anUnknownBackendOrBadValueExitsTwo() {
        Cli.Result backend = Cli.run(List.of("health", "--on", "mysql"));
        assertThat(backend.exitCode()).isEqualTo(2);
        assertThat(backend.err()).contains("unknown backend 'mysql'");

        Cli.Result policy = Cli.run(List.of("copy", "--from", "memory", "--to", "memory", "--on-error", "maybe"));
        assertThat(policy.exitCode()).isEqualTo(2);
        assertThat(policy.err()).contains("--on-error takes stop or skip");

        Cli.Result legacy = Cli.run(List.of("copy", "--from", "jsonl", "--to", "memory"));
        assertThat(legacy.exitCode()).isEqualTo(2);
        assertThat(legacy.err()).contains("--from jsonl needs --mapping FILE");
    }

    @Test
    void theHelpListsEveryBackendOptionAsAFlag() {
        Cli.Result help = Cli.run(List.of("copy", "--help"));

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--from-postgres-url").contains("--to-redis-prefix")
                .contains("--to-postgres-pool-max-size=MAX_SIZE").contains("most connections of the pool")
                .contains("--from-redis-key-hash-secret=SECRET");
    }

    @Test
    void aPostgresThatDoesNotAnswerExitsThreeWithoutPrintingThePassword() throws IOException {
        int port = freePrivatePort();

        Cli.Result result = Cli.run(List.of("health", "--on", "postgres", "--on-postgres-url",
                "jdbc:postgresql://127.0.0.1:" + port + "/test?user=app&password=hunter2",
                "--on-postgres-password", "s3cr3t-pw"));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.err()).contains("127.0.0.1:" + port).doesNotContain("hunter2").doesNotContain("s3cr3t-pw");
        assertThat(result.out()).doesNotContain("hunter2");
    }

    @Test
    void aRedisThatDoesNotAnswerExitsThreeWithoutPrintingThePassword() throws IOException {
        int port = freePrivatePort();

        Cli.Result result = Cli.run(List.of("export", dir.resolve("x.jsonl.gz").toString(), "--from", "redis",
                "--from-redis-uri", "redis://user:pa55word@127.0.0.1:" + port));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.err()).doesNotContain("pa55word");
        assertThat(Files.exists(dir.resolve("x.jsonl.gz"))).isFalse();
    }

    @Test
    void theEnvironmentAndConfigFilesConfigureTheSides() throws IOException {
        Path file = Files.writeString(dir.resolve("stowage.properties"), "stowage.on.backend=memory\n");

        Cli.Result fromFile = Cli.run(List.of("health", "--config", file.toString()));
        assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();
        assertThat(fromFile.out()).containsPattern("memory\\s+-\\s+up");

        Cli.Result fromEnvironment = Cli.run(Map.of("STOWAGE_ON_BACKEND", "memory"), List.of("health", "--json"));
        assertThat(fromEnvironment.exitCode()).as(fromEnvironment.toString()).isZero();
        assertThat(fromEnvironment.out()).startsWith("{\"format\":\"stowage-health\"").contains("\"state\":\"up\"");
    }

    /** A port of this test run's private range where nothing listens. */
    private static int freePrivatePort() throws IOException {
        String range = System.getenv().getOrDefault(PrivateServer.PORTS_ENV, PrivateServer.DEFAULT_PORTS);
        String[] bounds = range.split("-");
        for (int port = Integer.parseInt(bounds[1].trim()); port >= Integer.parseInt(bounds[0].trim()); port--) {
            try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // Try the next one.
            }
        }
        throw new IOException("no free port in " + range);
    }
}
