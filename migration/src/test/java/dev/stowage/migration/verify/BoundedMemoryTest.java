package dev.stowage.migration.verify;

import dev.stowage.migration.StoreKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A verification's memory does not grow with the stores: 200 000 contacts per side verify in a
 * child JVM with a 64 MB heap, which is too small to hold one side's contacts.
 */
class BoundedMemoryTest {

    private static final int CONTACTS = 200_000;
    private static final String HEAP = "-Xmx64m";

    @Test
    void twoHundredThousandContactsVerifyInSixtyFourMegabytes() throws Exception {
        ChildRun run = child("verify");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        String json = run.stdout().substring(run.stdout().indexOf(BoundedMemoryMain.REPORT)
                + BoundedMemoryMain.REPORT.length(), run.stdout().indexOf(BoundedMemoryMain.PEAK_HEAP));
        RecordsResult result = VerificationReport.fromJson(json).results().get(0);
        assertThat(result.store()).isEqualTo(StoreKind.CONTACTS);
        assertThat(result.sourceCount()).isEqualTo(CONTACTS);
        assertThat(result.targetCount()).isEqualTo(CONTACTS - 1);
        assertThat(result.mismatchCount()).isEqualTo(2);
        assertThat(result.mismatches()).extracting(Mismatch::kind)
                .containsExactly(MismatchKind.DIFFERENT, MismatchKind.MISSING_ON_TARGET);
        assertThat(result.mismatches().get(0).key().get("id"))
                .isEqualTo(SyntheticContacts.id(CONTACTS / 2, CONTACTS).toString());
        long peak = figure(run.stdout(), BoundedMemoryMain.PEAK_HEAP);
        long live = figure(run.stdout(), BoundedMemoryMain.LIVE_HEAP);
        System.out.printf("bounded-memory verification of %d contacts per side, %s: peak heap %.1f MB, "
                + "max heap after a collection %.1f MB%n", CONTACTS, HEAP, peak / 1048576.0, live / 1048576.0);
        assertThat(live).isPositive().isLessThan(peak);
    }

    @Test
    void theHeapIsTooSmallToHoldOneSide() throws Exception {
        ChildRun run = child("hold");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stderr()).contains("OutOfMemoryError");
    }

    private static long figure(String output, String label) {
        int start = output.indexOf(label) + label.length();
        return Long.parseLong(output.substring(start, output.indexOf('\n', start)).strip());
    }

    private record ChildRun(int exitCode, String stdout, String stderr) {
    }

    private static ChildRun child(String mode) throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = Files.createTempFile("bounded-memory", ".out");
        Path err = Files.createTempFile("bounded-memory", ".err");
        try {
            Process process = new ProcessBuilder(List.of(java, HEAP, "-cp", classPath,
                    BoundedMemoryMain.class.getName(), mode, Integer.toString(CONTACTS)))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the child JVM did not finish within 5 minutes");
            }
            return new ChildRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
