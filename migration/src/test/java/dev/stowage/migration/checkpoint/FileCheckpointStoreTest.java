package dev.stowage.migration.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.migration.RecordCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract on the file store, and what is particular to files: the format, a torn temporary
 * file, the lock, owners that do not survive the process.
 */
class FileCheckpointStoreTest extends CheckpointStoreContract {

    @TempDir
    Path directory;

    @Override
    CheckpointStore newStore() {
        return FileCheckpointStore.in(directory);
    }

    @Override
    CheckpointStore sameStorage() {
        return FileCheckpointStore.in(directory);
    }

    @Test
    void the_file_holds_the_documented_format() throws IOException {
        openPlan();
        PartitionState claimed = store.claim(runId, "w1").orElseThrow();
        store.commit(runId, claimed.spec().id(), "w1", new BatchCommit("7", new RecordCounts(9, 7, 1, 1, 2), 5, false,
                Duration.ofMillis(3)));
        JsonNode root = new ObjectMapper().readTree(((FileCheckpointStore) store).fileOf(runId).toFile());
        assertThat(root.path("format").asText()).isEqualTo("stowage-migration-checkpoint");
        assertThat(root.path("version").asInt()).isEqualTo(1);
        assertThat(root.path("runId").asText()).isEqualTo(runId);
        assertThat(root.path("fingerprint").path("hash").asText()).isEqualTo(FINGERPRINT.hash());
        assertThat(root.path("fingerprint").path("description").asText()).isEqualTo(FINGERPRINT.description());
        JsonNode first = root.path("partitions").get(0);
        assertThat(first.path("id").asText()).isEqualTo("contacts/acme/0");
        assertThat(first.path("records").asText()).isEqualTo("CONTACTS");
        assertThat(first.path("tenant").asText()).isEqualTo("acme");
        assertThat(first.path("lowerBound").isNull()).isTrue();
        assertThat(first.path("upperBound").asText()).isEqualTo("8");
        assertThat(first.path("position").asText()).isEqualTo("7");
        assertThat(first.path("read").asLong()).isEqualTo(9);
        assertThat(first.path("written").asLong()).isEqualTo(7);
        assertThat(first.path("skipped").asLong()).isEqualTo(1);
        assertThat(first.path("rejected").asLong()).isEqualTo(1);
        assertThat(first.path("redone").asLong()).isEqualTo(2);
        assertThat(first.path("pending").asInt()).isEqualTo(5);
        assertThat(first.path("elapsedMicros").asLong()).isEqualTo(3_000);
        assertThat(first.path("claims").asInt()).isEqualTo(1);
        assertThat(first.path("done").asBoolean()).isFalse();
        assertThat(root.path("partitions")).hasSize(3);
    }

    @Test
    void a_torn_temporary_file_from_a_crash_is_ignored() throws IOException {
        openPlan();
        store.close();
        Files.writeString(directory.resolve(runId + ".json.tmp"), "{\"format\":\"stowage-migr");
        try (CheckpointStore reopened = FileCheckpointStore.in(directory)) {
            assertThat(reopened.open(runId, FINGERPRINT, List::of).partitions()).hasSize(3);
        }
    }

    @Test
    void a_run_is_open_in_one_store_at_a_time() {
        openPlan();
        try (CheckpointStore second = FileCheckpointStore.in(directory)) {
            assertThatThrownBy(() -> second.open(runId, FINGERPRINT, () -> PLAN))
                    .isInstanceOf(CheckpointException.class)
                    .hasMessageContaining("open in another process")
                    .hasMessageContaining("PostgresCheckpointStore");
        }
    }

    @Test
    void after_a_crash_no_partition_has_an_owner() {
        openPlan();
        PartitionState claimed = store.claim(runId, "dead-worker").orElseThrow();
        store.close();
        try (CheckpointStore restarted = FileCheckpointStore.in(directory)) {
            restarted.open(runId, FINGERPRINT, List::of);
            assertThat(restarted.claim(runId, "w1").orElseThrow().spec()).isEqualTo(claimed.spec());
        }
    }

    @Test
    void a_file_that_is_not_a_checkpoint_is_refused_with_its_name() throws IOException {
        store.close();
        Files.writeString(directory.resolve(runId + ".json"), "{\"hello\":1}");
        try (CheckpointStore reopened = FileCheckpointStore.in(directory)) {
            assertThatThrownBy(() -> reopened.open(runId, FINGERPRINT, () -> PLAN))
                    .isInstanceOf(CheckpointException.class)
                    .hasMessageContaining(runId + ".json");
        }
    }
}
