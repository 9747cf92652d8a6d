package dev.stowage.migration.source.jsonl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated mongoexport file larger than the reading JVM's heap (plain, and gzip whose
 * decompressed content is larger than the heap) is read to its end in a child JVM with
 * {@code -Xmx64m}: the source streams, it never holds the file.
 */
class LargeFileTest {

    static final String HEAP = "-Xmx64m";
    static final int LINES = 320_000;
    static final int BAD_EVERY = 10_000;

    @TempDir
    Path dir;

    @Test
    void aFileLargerThanTheHeapIsStreamed() throws Exception {
        Path plain = dir.resolve("large.jsonl");
        Path gzip = dir.resolve("large.jsonl.gz");
        long expectedSum = generate(plain, gzip);
        assertThat(Files.size(plain)).isGreaterThan(80L * 1024 * 1024);
        long expectedBad = LINES / BAD_EVERY;
        for (Path file : List.of(plain, gzip)) {
            String line = runChild(file);
            System.out.printf("large JSON Lines file %s (%d MB on disk) read with %s: %s%n", file.getFileName(),
                    Files.size(file) / (1024 * 1024), HEAP, line);
            assertThat(line).startsWith("records=" + (LINES - expectedBad) + " unreadable=" + expectedBad
                    + " sum=" + expectedSum + " ");
        }
    }

    private static long generate(Path plain, Path gzip) throws IOException {
        String padding = "p".repeat(160);
        long sum = 0;
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(plain), StandardCharsets.UTF_8), 1 << 16);
             Writer zipped = new BufferedWriter(new OutputStreamWriter(fastGzip(gzip), StandardCharsets.UTF_8), 1 << 16)) {
            StringBuilder line = new StringBuilder(400);
            for (int i = 0; i < LINES; i++) {
                line.setLength(0);
                if (i % BAD_EVERY == BAD_EVERY - 1) {
                    line.append("{\"_id\":{\"$oid\":\"").append(String.format("%024x", i)).append("\",\"broken\":\n");
                } else {
                    sum += i;
                    line.append("{\"_id\":{\"$oid\":\"").append(String.format("%024x", i))
                            .append("\"},\"n\":{\"$numberLong\":\"").append(i)
                            .append("\"},\"createdAt\":{\"$date\":\"2021-05-06T07:08:09.010Z\"},\"tags\":[\"a\",\"b\"],\"pad\":\"")
                            .append(padding).append("\"}\n");
                }
                out.append(line);
                zipped.append(line);
            }
        }
        return sum;
    }

    private static OutputStream fastGzip(Path file) throws IOException {
        return new GZIPOutputStream(Files.newOutputStream(file), 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    private Path errors;

    private String runChild(Path file) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(HEAP, "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), StreamLargeFileMain.class.getName(), file.toString()));
        errors = dir.resolve("child-errors.txt");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("child exit; errors: %s", Files.readString(errors)).isZero();
        return output;
    }
}
