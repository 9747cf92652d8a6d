package dev.stowage.migration.checkpoint;

import dev.stowage.TenantId;
import dev.stowage.migration.RecordCounts;
import dev.stowage.migration.RecordKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every checkpoint store does, run against each of them.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
abstract class CheckpointStoreContract {

    static final TenantId ACME = TenantId.of("acme");
    static final RunFingerprint FINGERPRINT = RunFingerprint.of("source=a; target=b; stores=CONTACTS");
    static final List<PartitionSpec> PLAN = List.of(
            new PartitionSpec("contacts/acme/0", RecordKind.CONTACTS, ACME, null, "8"),
            new PartitionSpec("contacts/acme/1", RecordKind.CONTACTS, ACME, "8", null),
            PartitionSpec.whole(RecordKind.CREDENTIALS, ACME));

    protected CheckpointStore store;
    protected String runId;

    /** @return a store over fresh, empty storage */
    abstract CheckpointStore newStore();

    /** @return a second store over the same storage, as another process would open it */
    abstract CheckpointStore sameStorage();

    @BeforeEach
    void openStore() {
        store = newStore();
        runId = "run-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    RunState openPlan() {
        return store.open(runId, FINGERPRINT, () -> PLAN);
    }

    @Test
    void a_new_run_is_created_from_the_plan_and_reopening_it_keeps_it() {
        AtomicInteger planned = new AtomicInteger();
        RunState created = store.open(runId, FINGERPRINT, () -> {
            planned.incrementAndGet();
            return PLAN;
        });
        assertThat(created.partitions()).extracting(PartitionState::spec).containsExactlyElementsOf(PLAN);
        assertThat(created.partitions()).allSatisfy(p -> assertThat(p).isEqualTo(PartitionState.fresh(p.spec())));
        RunState reopened = store.open(runId, RunFingerprint.of("other"), () -> {
            planned.incrementAndGet();
            return List.of();
        });
        assertThat(planned).hasValue(1);
        assertThat(reopened.fingerprint()).isEqualTo(FINGERPRINT);
        assertThat(reopened.partitions()).isEqualTo(created.partitions());
        assertThat(store.run("never-opened")).isEmpty();
    }

    @Test
    void partitions_are_claimed_in_plan_order_once_each() {
        openPlan();
        List<String> claimed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            store.claim(runId, "w" + i).ifPresent(p -> claimed.add(p.spec().id()));
        }
        assertThat(claimed).containsExactly("contacts/acme/0", "contacts/acme/1", "credentials/acme");
        assertThat(store.run(runId).orElseThrow().partitions()).extracting(PartitionState::claims).containsOnly(1);
    }

    @Test
    void a_commit_moves_the_position_adds_the_counts_and_a_done_partition_is_never_claimed_again() {
        openPlan();
        PartitionState first = store.claim(runId, "w1").orElseThrow();
        store.begin(runId, first.spec().id(), "w1", 10);
        assertThat(partition(first.spec().id()).pending()).isEqualTo(10);
        store.commit(runId, first.spec().id(), "w1", new BatchCommit("3", new RecordCounts(10, 8, 1, 1, 0), 7, false,
                Duration.ofMillis(5)));
        PartitionState after = partition(first.spec().id());
        assertThat(after.position()).isEqualTo("3");
        assertThat(after.counts()).isEqualTo(new RecordCounts(10, 8, 1, 1, 0));
        assertThat(after.pending()).isEqualTo(7);
        assertThat(after.elapsed()).isEqualTo(Duration.ofMillis(5));
        store.commit(runId, first.spec().id(), "w1", new BatchCommit(null, new RecordCounts(7, 7, 0, 0, 2), 0, true,
                Duration.ofMillis(1)));
        PartitionState done = partition(first.spec().id());
        assertThat(done.done()).isTrue();
        assertThat(done.position()).isEqualTo("3");
        assertThat(done.pending()).isZero();
        assertThat(done.counts()).isEqualTo(new RecordCounts(17, 15, 1, 1, 2));
        assertThatThrownBy(() -> store.commit(runId, first.spec().id(), "w1", new BatchCommit("4", RecordCounts.ZERO, 0,
                true, Duration.ZERO))).isInstanceOf(LeaseLostException.class);
        List<String> rest = new ArrayList<>();
        store.claim(runId, "w2").ifPresent(p -> rest.add(p.spec().id()));
        store.claim(runId, "w3").ifPresent(p -> rest.add(p.spec().id()));
        assertThat(store.claim(runId, "w4")).isEmpty();
        assertThat(rest).doesNotContain(first.spec().id());
    }

    @Test
    void only_the_owner_writes_and_a_released_partition_is_claimed_again_with_its_progress() {
        openPlan();
        PartitionState claimed = store.claim(runId, "w1").orElseThrow();
        String id = claimed.spec().id();
        assertThatThrownBy(() -> store.begin(runId, id, "intruder", 1)).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> store.commit(runId, id, "intruder", new BatchCommit("x", RecordCounts.ZERO, 0, false,
                Duration.ZERO))).isInstanceOf(LeaseLostException.class);
        store.commit(runId, id, "w1", new BatchCommit("5", new RecordCounts(5, 5, 0, 0, 0), 4, false, Duration.ZERO));
        store.release(runId, id, "intruder");
        assertThat(store.claim(runId, "w2").orElseThrow().spec().id()).isNotEqualTo(id);
        store.release(runId, id, "w1");
        PartitionState again = store.claim(runId, "w3").orElseThrow();
        assertThat(again.spec().id()).isEqualTo(id);
        assertThat(again.position()).isEqualTo("5");
        assertThat(again.pending()).as("records in flight when it was given up").isEqualTo(4);
        assertThat(again.claims()).isEqualTo(2);
    }

    @Test
    void another_process_sees_the_committed_progress() {
        openPlan();
        PartitionState claimed = store.claim(runId, "w1").orElseThrow();
        store.commit(runId, claimed.spec().id(), "w1", new BatchCommit("6", new RecordCounts(6, 6, 0, 0, 0), 3, false,
                Duration.ofMillis(2)));
        store.close();
        try (CheckpointStore other = sameStorage()) {
            RunState seen = other.open(runId, FINGERPRINT, () -> List.of());
            PartitionState partition = seen.partitions().get(0);
            assertThat(partition.position()).isEqualTo("6");
            assertThat(partition.counts().written()).isEqualTo(6);
            assertThat(partition.pending()).isEqualTo(3);
        }
    }

    @Test
    void a_forced_reconfiguration_keeps_the_groups_still_planned_adds_new_ones_and_drops_the_rest() {
        openPlan();
        PartitionState claimed = store.claim(runId, "w1").orElseThrow();
        store.commit(runId, claimed.spec().id(), "w1", new BatchCommit("2", new RecordCounts(2, 2, 0, 0, 0), 0, true,
                Duration.ZERO));
        RunFingerprint changed = RunFingerprint.of("source=a; target=b; stores=CONTACTS,CREDITS");
        List<PartitionSpec> newPlan = List.of(
                PartitionSpec.whole(RecordKind.CONTACTS, ACME),
                PartitionSpec.whole(RecordKind.CREDIT_ACCOUNTS, ACME));
        RunState reconfigured = store.reconfigure(runId, changed, newPlan);
        assertThat(reconfigured.fingerprint()).isEqualTo(changed);
        assertThat(reconfigured.partitions()).extracting(p -> p.spec().id())
                .containsExactly("contacts/acme/0", "contacts/acme/1", "credit-accounts/acme");
        assertThat(reconfigured.partitions().get(0).done()).isTrue();
        assertThat(store.run(runId).orElseThrow()).isEqualTo(reconfigured);
    }

    PartitionState partition(String id) {
        Optional<PartitionState> found = store.run(runId).orElseThrow().partitions().stream()
                .filter(p -> p.spec().id().equals(id)).findFirst();
        return found.orElseThrow();
    }
}
