package dev.stowage.cli;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code stowage export} from Redis, {@code import} into PostgreSQL, then {@code verify} the two. */
class ArchiveTest {

    private final String name = "cli_archive_" + UUID.randomUUID().toString().substring(0, 8);
    private Stores redis;

    @TempDir
    Path dir;

    @BeforeEach
    void seed() {
        redis = Servers.openRedis(name);
        Servers.seed(redis, TenantId.of("acme"), 250);
        Servers.seed(redis, TenantId.of("globex"), 5);
    }

    @AfterEach
    void cleanUp() throws Exception {
        Servers.eraseAll(redis);
        redis.close();
        Servers.dropSchema(name);
    }

    private static List<String> command(String first, Path file, List<String> side) {
        List<String> args = new ArrayList<>(List.of(first, file.toString()));
        args.addAll(side);
        return args;
    }

    @Test
    void exportThenImportIntoAnotherBackendVerifies() throws Exception {
        Path archive = dir.resolve("backup.jsonl.gz");

        Cli.Result exported = Cli.run(command("export", archive, Servers.redis("from", name)));
        assertThat(exported.exitCode()).as(exported.toString()).isZero();
        assertThat(exported.out()).containsPattern("contacts\\s+acme\\s+250").containsPattern("total\\s+269\\s+269");
        assertThat(Files.exists(dir.resolve("backup.jsonl.gz.partial"))).isFalse();
        String text;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(text).startsWith("{\"format\":\"stowage-archive\",\"version\":1,\"source\":\"redis\"")
                .contains("\"records\":\"refresh-families\"").contains("\"records\":\"revoked-access-tokens\"")
                .contains("\"score\":1.50").contains("\"end\":true");

        Cli.Result imported = Cli.run(command("import", archive, Servers.postgres("to", name)));
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(imported.out()).containsPattern("total\\s+269\\s+269\\s+0");

        List<String> verify = new ArrayList<>(List.of("verify"));
        verify.addAll(Servers.redis("from", name));
        verify.addAll(Servers.postgres("to", name));
        Cli.Result verified = Cli.run(verify);
        assertThat(verified.exitCode()).as(verified.toString()).isZero();
        assertThat(verified.out()).contains("VALIDATED").doesNotContain("MISMATCHED");

        Cli.Result again = Cli.run(command("import", archive, Servers.postgres("to", name)));
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).containsPattern("total\\s+269\\s+0\\s+269");
    }

    @Test
    void aTruncatedArchiveIsRefusedWithExitCodeOne() throws Exception {
        Path archive = dir.resolve("backup.jsonl.gz");
        assertThat(Cli.run(command("export", archive, Servers.redis("from", name))).exitCode()).isZero();
        List<String> lines;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
        Path truncated = dir.resolve("truncated.jsonl.gz");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(String.join("\n", lines.subList(0, lines.size() / 2)).concat("\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Files.write(truncated, bytes.toByteArray());

        Cli.Result imported = Cli.run(command("import", truncated, Servers.postgres("to", name)));

        assertThat(imported.exitCode()).as(imported.toString()).isEqualTo(1);
        assertThat(imported.err()).contains("is truncated");
    }
}
