package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.migration.TestBackend.Kind;
import dev.stowage.migration.checkpoint.FileCheckpointStore;
import dev.stowage.migration.checkpoint.PartitionSpec;
import dev.stowage.migration.checkpoint.PartitionState;
import dev.stowage.migration.checkpoint.RunState;
import dev.stowage.migration.verify.Verification;
import dev.stowage.migration.verify.VerificationReport;
import dev.stowage.migration.verify.VerificationState;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The only honest test of "resumable": a Redis → PostgreSQL copy of every store (50 000 records:
 * contacts, ledgers, credentials, refresh-token families and denied jtis; tenants discovered) runs in a child JVM that is killed with SIGKILL at random instants, at least 20 times,
 * and restarted each time with the same file checkpoint. Each restart resumes; at the end the
 * verification is VALIDATED (the target holds exactly what the source holds), and the work redone
 * per kill is at most one batch per worker.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CrashTest {

    static final Clock CLOCK = Clock.fixed(Dataset.NOW, ZoneOffset.UTC);
    static final Dataset DATA = new Dataset(41_000, 3_000, 3_000);
    /** Refresh-token families and denied jtis: with the data set, 50 000 records. */
    static final int FAMILIES = 1_500;
    static final int JTIS = 1_500;
    static final int KILLS = 20;
    static final int BATCH = 250;
    static final int WORKERS = 2;
    /** Each child lives a second or two: start fast (C1 only, serial GC) rather than run fast. */
    static final List<String> CHILD_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xshare:auto");

    @TempDir
    Path files;

    @Test
    void a_copy_killed_twenty_times_resumes_each_time_and_ends_exact() throws Exception {
        Random random = new Random();
        try (TestBackend source = TestBackend.open(Kind.REDIS, CLOCK, "crash_src");
             TestBackend target = TestBackend.open(Kind.POSTGRES, CLOCK, "crash_dst")) {
            long begin = System.nanoTime();
            DATA.populate(source.backend(), TenantId.DEFAULT, 21);
            Sessions sessions = Sessions.populate(source.backend(), TenantId.DEFAULT, FAMILIES, JTIS);
            long records = DATA.total() + FAMILIES + JTIS;
            System.out.printf("crash test: populated the source in %.1f s%n", (System.nanoTime() - begin) / 1e9);
            Path checkpoints = files.resolve("checkpoints");
            List<String> args = List.of("source=redis:" + source.space(), "target=postgres:" + target.space(),
                    "checkpoints=file:" + checkpoints, "run=crash", "batch=" + BATCH, "workers=" + WORKERS,
                    "ranges=8");

            List<Long> pendingAtKill = new ArrayList<>();
            List<Long> progressAtKill = new ArrayList<>();
            List<Boolean> committedBeforeKill = new ArrayList<>();
            List<PartitionSpec> plan = null;
            int kills = 0;
            int attempt = 0;
            long startupNanos = 0;
            long phase = System.nanoTime();
            long populated = phase;
            while (kills < KILLS) {
                boolean committed;
                try (ChildJvm child = ChildJvm.start(CopyProcess.class, CHILD_OPTIONS,
                        files.resolve("child-" + attempt + ".err"), args)) {
                    attempt++;
                    long launched = System.nanoTime();
                    assertThat(child.awaitLine("STARTED"::equals, 120_000)).as(child.errors()).isTrue();
                    startupNanos += System.nanoTime() - launched;
                    // Half the kills early (planning, claiming, the first batches), half after a random
                    // number of committed batches, a random moment into the next one.
                    if (kills % 2 == 1) {
                        child.awaitLines(line -> line.startsWith("PROGRESS"), 1 + random.nextInt(8), 60_000);
                        Thread.sleep(random.nextInt(100));
                    } else {
                        Thread.sleep(random.nextInt(400));
                    }
                    assertThat(child.isAlive()).as("the copy finished before %d kills; %s", KILLS, child.lines())
                            .isTrue();
                    child.kill();
                    kills++;
                    committed = child.lines().stream().anyMatch(line -> line.startsWith("PROGRESS"));
                }
                Optional<RunState> state = read(checkpoints);
                if (state.isPresent()) {
                    List<PartitionSpec> specs = state.get().partitions().stream().map(PartitionState::spec).toList();
                    if (plan == null) {
                        plan = specs;
                    }
                    assertThat(specs).as("the partitions never change").isEqualTo(plan);
                    assertThat(state.get().isDone()).isFalse();
                    pendingAtKill.add(state.get().partitions().stream().mapToLong(PartitionState::pending).sum());
                    progressAtKill.add(state.get().partitions().stream().mapToLong(p -> p.counts().read()).sum());
                    committedBeforeKill.add(committed);
                }
            }

            try (ChildJvm last = ChildJvm.start(CopyProcess.class, CHILD_OPTIONS, files.resolve("last.err"),
                    args)) {
                assertThat(last.await(600)).as(last.errors()).isZero();
                assertThat(last.lines()).contains("DONE");
            }
            long finished = System.nanoTime();
            RunState end = read(checkpoints).orElseThrow();
            assertThat(end.isDone()).isTrue();

            // Each rerun resumed: progress never went back, and every run that committed a batch before
            // it was killed moved the checkpointed progress forward.
            assertThat(progressAtKill).isSorted();
            long advanced = 0;
            for (int i = 1; i < progressAtKill.size(); i++) {
                if (committedBeforeKill.get(i)) {
                    assertThat(progressAtKill.get(i)).as("run %d committed batches: %s", i, progressAtKill)
                            .isGreaterThan(progressAtKill.get(i - 1));
                    advanced++;
                }
            }
            assertThat(advanced).as("runs killed after committing batches").isGreaterThanOrEqualTo(KILLS / 2 - 1);

            // Redone work: at most one batch per worker in flight at each kill; every record written twice
            // (a skip, since nothing else writes to the target) was in such a batch.
            RecordCounts totals = end.partitions().stream().map(PartitionState::counts)
                    .reduce(RecordCounts.ZERO, RecordCounts::plus);
            assertThat(pendingAtKill).allSatisfy(pending -> assertThat(pending).isLessThanOrEqualTo(WORKERS * BATCH));
            long pendingSum = pendingAtKill.stream().mapToLong(Long::longValue).sum();
            assertThat(totals.redone()).isLessThanOrEqualTo(pendingSum);
            assertThat(totals.skipped()).isLessThanOrEqualTo(totals.redone());
            assertThat(totals.read()).isEqualTo(records);
            assertThat(totals.written() + totals.skipped()).isEqualTo(records);
            assertThat(totals.rejected()).isZero();
            System.out.printf("crash test: %d kills, %d starts (%.1f s to start a child on average), copy %.1f s; "
                    + "redone %d records in total (in flight per kill: %s), written twice %d; %s%n", kills, attempt + 1,
                    startupNanos / 1e9 / attempt, (finished - populated) / 1e9, totals.redone(), pendingAtKill,
                    totals.skipped(), totals);

            // No loss, no duplicate: the verification merges full scans of both sides, key by key.
            VerificationReport verified = Verification.of(source.backend(), target.backend()).clock(CLOCK).run();
            assertThat(verified.state()).as(verified.toTable()).isEqualTo(VerificationState.VALIDATED);
            Snapshot expected = Snapshot.of(source.backend(), TenantId.DEFAULT);
            Snapshot copied = Snapshot.of(target.backend(), TenantId.DEFAULT);
            assertThat(expected.size()).isEqualTo(DATA.total());
            assertThat(copied.contacts()).containsExactlyElementsOf(expected.contacts());
            assertThat(copied.accounts()).containsExactlyElementsOf(expected.accounts());
            assertThat(copied.credentials()).containsExactlyElementsOf(expected.credentials());
            assertThat(verified.results()).filteredOn(r -> r.records() == RecordKind.REFRESH_FAMILIES)
                    .singleElement().satisfies(r -> assertThat(r.targetCount()).isEqualTo(FAMILIES));
            assertThat(verified.results()).filteredOn(r -> r.records() == RecordKind.REVOKED_ACCESS_TOKENS)
                    .singleElement().satisfies(r -> assertThat(r.targetCount()).isEqualTo(JTIS));
            sessions.assertHoldOn(target.backend(), TenantId.DEFAULT);
        }
    }

    private static Optional<RunState> read(Path checkpoints) {
        try (FileCheckpointStore store = FileCheckpointStore.in(checkpoints)) {
            return store.run("crash");
        }
    }
}
