package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.migration.TestBackend.Kind;
import dev.stowage.migration.checkpoint.FileCheckpointStore;
import dev.stowage.migration.legacy.FileIdMappingStore;
import dev.stowage.migration.legacy.LegacyIds;
import dev.stowage.migration.legacy.LegacyValidationReport;
import dev.stowage.migration.verify.VerificationState;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A legacy import into PostgreSQL, run in a child JVM killed with SIGKILL a few times at random
 * moments and restarted with the same file checkpoints and file id mappings: it resumes from the
 * source's positions and ends with every record imported exactly once (no loss, no duplicate), ids
 * as the rule gives them, and a clean four-layer validation.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LegacyCrashTest {

    static final int USERS = 3_000;
    static final int KILLS = 5;
    static final int BATCH = 50;

    @TempDir
    Path files;

    @Test
    void a_legacy_import_killed_five_times_resumes_and_ends_exact() throws Exception {
        Random random = new Random();
        try (TestBackend target = TestBackend.open(Kind.POSTGRES, LegacyCopyProcess.CLOCK, "legacy_crash")) {
            Path checkpoints = files.resolve("checkpoints");
            Path ids = files.resolve("ids");
            List<String> args = List.of("target=" + target.space(), "checkpoints=" + checkpoints, "ids=" + ids,
                    "users=" + USERS, "batch=" + BATCH);
            int kills = 0;
            for (int attempt = 0; kills < KILLS; attempt++) {
                try (ChildJvm child = ChildJvm.start(LegacyCopyProcess.class, CrashTest.CHILD_OPTIONS,
                        files.resolve("child-" + attempt + ".err"), args)) {
                    assertThat(child.awaitLine("STARTED"::equals, 120_000)).as(child.errors()).isTrue();
                    child.awaitLines(line -> line.startsWith("PROGRESS"), 1 + random.nextInt(10), 60_000);
                    Thread.sleep(random.nextInt(50));
                    assertThat(child.isAlive()).as("the import finished before %d kills: %s", KILLS, child.errors())
                            .isTrue();
                    child.kill();
                    kills++;
                }
            }
            try (ChildJvm last = ChildJvm.start(LegacyCopyProcess.class, CrashTest.CHILD_OPTIONS,
                    files.resolve("last.err"), args)) {
                assertThat(last.await(300)).as(last.errors()).isZero();
                assertThat(last.lines()).contains("DONE");
            }

            // The finished run, reopened here: counted once, and validated against the source.
            long total = USERS + USERS / 2 * 2L;
            try (FileCheckpointStore store = FileCheckpointStore.in(checkpoints);
                 FileIdMappingStore mappings = FileIdMappingStore.in(ids)) {
                MigrationReport report = LegacyCopyProcess.migration(USERS).to(target.backend()).ids(mappings)
                        .checkpoints(store).runId(LegacyCopyProcess.RUN).run();
                assertThat(report.isComplete()).isTrue();
                RecordCounts totals = report.totals();
                // A batch imported just before a kill, and not yet checkpointed, is redone: skipped the second time.
                assertThat(totals.read()).as("counted once each: %s", totals).isEqualTo(total);
                assertThat(totals.written() + totals.skipped()).isEqualTo(totals.read());
                assertThat(totals.skipped()).isLessThanOrEqualTo(totals.redone());
                assertThat(totals.redone()).isLessThanOrEqualTo((long) KILLS * 2 * BATCH);
                assertThat(totals.rejected()).isZero();
                LegacyValidationReport validation = report.validation().orElseThrow();
                assertThat(validation.state()).as(validation.toTable()).isEqualTo(VerificationState.VALIDATED);
                assertThat(validation.collections()).allSatisfy(c -> assertThat(c.idMappings()).isEqualTo(c.sourceRecords()));
                System.out.printf("legacy crash test: %d kills; %s%n", kills, totals);
            }
            Snapshot copied = Snapshot.of(target.backend(), TenantId.DEFAULT);
            assertThat(copied.contacts()).hasSize(USERS);
            assertThat(copied.accounts()).hasSize(USERS / 2);
            assertThat(copied.credentials()).hasSize(USERS / 2);
            assertThat(copied.contacts().stream().map(c -> c.id()).distinct().count()).isEqualTo(USERS);
            assertThat(copied.contacts()).anySatisfy(c -> assertThat(c.id())
                    .isEqualTo(LegacyIds.id(LegacyIds.namespace("crash"), "users", "u7")));
            assertThat(copied.accounts()).allSatisfy(a -> assertThat(a.entries().stream()
                    .mapToLong(e -> e.amount()).sum()).isEqualTo(a.account().balance()));
        }
    }
}
