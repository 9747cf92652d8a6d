package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.migration.TestBackend.Kind;
import dev.stowage.migration.checkpoint.FileCheckpointStore;
import dev.stowage.migration.checkpoint.PartitionState;
import dev.stowage.migration.checkpoint.RunState;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An interrupted run resumes from its checkpoints; a changed configuration is refused unless
 * forced; finished partitions are counted from the checkpoint store.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ResumeTest {

    static final Clock CLOCK = Clock.fixed(Dataset.NOW, ZoneOffset.UTC);

    @TempDir
    Path checkpoints;

    @Test
    void a_rerun_after_a_failure_resumes_redoing_at_most_one_batch_per_worker() {
        Dataset data = new Dataset(3_000, 150, 200);
        try (TestBackend source = TestBackend.open(Kind.MEMORY, CLOCK, "resume_src");
             TestBackend target = TestBackend.open(Kind.POSTGRES, CLOCK, "resume_dst");
             FileCheckpointStore store = FileCheckpointStore.in(checkpoints)) {
            data.populate(source.backend(), TenantId.DEFAULT, 7);
            Migration.Builder interrupted = Migration.from(source.backend())
                    .to(new FailingTarget(target.backend(), 6)).checkpoints(store).runId("resume")
                    .batchSize(200).workers(2).ranges(4);
            assertThatThrownBy(interrupted::run).isInstanceOf(MigrationException.class)
                    .hasMessageContaining("disk is full").hasMessageContaining("rerun to resume");
            RunState stopped = store.run("resume").orElseThrow();
            long committed = stopped.partitions().stream().mapToLong(p -> p.counts().written()).sum();
            assertThat(committed).isBetween(1L, 6L * 200);
            assertThat(stopped.isDone()).isFalse();

            MigrationReport resumed = Migration.from(source.backend()).to(target.backend()).checkpoints(store)
                    .runId("resume").batchSize(200).workers(2).run();

            assertThat(resumed.isComplete()).isTrue();
            RecordCounts contacts = resumed.totals(RecordKind.CONTACTS);
            assertThat(contacts.read()).isEqualTo(3_000);
            assertThat(contacts.written() + contacts.skipped()).isEqualTo(3_000);
            assertThat(contacts.redone()).isBetween(contacts.skipped(), 2L * 200);
            assertThat(resumed.totals().read()).isEqualTo(data.total());
            Snapshot expected = Snapshot.of(source.backend(), TenantId.DEFAULT);
            assertThat(Snapshot.of(target.backend(), TenantId.DEFAULT)).isEqualTo(expected);

            // A finished run does nothing more, and reports the whole run again from its checkpoints.
            MigrationReport again = Migration.from(source.backend()).to(target.backend()).checkpoints(store)
                    .runId("resume").batchSize(200).workers(2).run();
            assertThat(again.tenants()).isEqualTo(resumed.tenants());
            assertThat(store.run("resume").orElseThrow().partitions()).extracting(PartitionState::claims)
                    .allMatch(claims -> claims <= 2);
        }
    }

    @Test
    void a_changed_configuration_is_refused_unless_forced_and_forcing_keeps_the_progress_made() {
        Dataset data = new Dataset(400, 30, 0);
        try (TestBackend source = TestBackend.open(Kind.MEMORY, CLOCK, "cfg_src");
             TestBackend target = TestBackend.open(Kind.MEMORY, CLOCK, "cfg_dst");
             FileCheckpointStore store = FileCheckpointStore.in(checkpoints)) {
            data.populate(source.backend(), TenantId.DEFAULT, 3);
            MigrationReport contactsOnly = Migration.from(source.backend()).to(target.backend())
                    .stores(StoreKind.CONTACTS).checkpoints(store).runId("cfg").batchSize(100).run();
            assertThat(contactsOnly.totals().written()).isEqualTo(400);

            Migration.Builder widened = Migration.from(source.backend()).to(target.backend())
                    .stores(StoreKind.CONTACTS, StoreKind.CREDITS).checkpoints(store).runId("cfg").batchSize(100);
            assertThatThrownBy(widened::run).isInstanceOfSatisfying(RunConfigurationChangedException.class, e -> {
                assertThat(e.storedConfiguration()).contains("stores=CONTACTS;");
                assertThat(e.requestedConfiguration()).contains("stores=CONTACTS,CREDITS;");
                assertThat(e).hasMessageContaining("force(true)").hasMessageContaining("run 'cfg'");
            });
            assertThat(target.backend().credits(TenantId.DEFAULT).scanAccounts(null, 10)).isEmpty();
            assertThatThrownBy(() -> Migration.from(source.backend()).to(target.backend()).targetName("another-db")
                    .stores(StoreKind.CONTACTS).checkpoints(store).runId("cfg").run())
                    .isInstanceOf(RunConfigurationChangedException.class).hasMessageContaining("target=another-db");

            MigrationReport forced = widened.force(true).run();
            assertThat(forced.isComplete()).isTrue();
            assertThat(forced.totals(RecordKind.CONTACTS)).as("counted from the checkpoints, not copied again")
                    .isEqualTo(contactsOnly.totals(RecordKind.CONTACTS));
            assertThat(forced.totals(RecordKind.CREDIT_ACCOUNTS).written()).isEqualTo(30);
            assertThat(forced.totals(RecordKind.CREDENTIALS)).isEqualTo(RecordCounts.ZERO);
            assertThat(forced.tenants()).extracting(TenantReport::records)
                    .containsExactly(RecordKind.CONTACTS, RecordKind.CREDIT_ACCOUNTS);
            assertThat(Snapshot.of(target.backend(), TenantId.DEFAULT))
                    .isEqualTo(Snapshot.of(source.backend(), TenantId.DEFAULT));
        }
    }
}
