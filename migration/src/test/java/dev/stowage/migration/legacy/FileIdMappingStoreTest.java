package dev.stowage.migration.legacy;

import dev.stowage.migration.RecordKind;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The file id mapping store keeps entries and the import time across reopening, and survives a torn last line. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FileIdMappingStoreTest {

    @TempDir
    Path dir;

    @Test
    void entries_and_the_import_time_survive_reopening_and_a_torn_last_line_is_cut() throws Exception {
        UUID namespace = LegacyIds.namespace("file-test");
        Instant first = Instant.parse("2026-03-01T09:30:00Z");
        IdMapping a = new IdMapping("users", "1", LegacyIds.id(namespace, "users", "1"), RecordKind.CONTACTS, "k1");
        IdMapping b = new IdMapping("users", "2", LegacyIds.id(namespace, "users", "2"), RecordKind.CONTACTS, "k2");
        try (FileIdMappingStore store = FileIdMappingStore.in(dir)) {
            assertThat(store.open(namespace, "file-test", first)).isEqualTo(first);
            store.record(namespace, List.of(a, b));
            store.record(namespace, List.of(a, b));
        }
        Path file = dir.resolve(namespace + ".jsonl");
        assertThat(Files.readAllLines(file)).as("a repeated entry is not written again").hasSize(3);
        Files.writeString(file, "{\"collection\":\"users\",\"legacyId\":\"3\",\"i", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        try (FileIdMappingStore store = FileIdMappingStore.in(dir)) {
            assertThat(store.open(namespace, "file-test", first.plusSeconds(60))).isEqualTo(first);
            assertThat(store.find(namespace, "users", List.of("1", "2", "3"))).containsOnlyKeys("1", "2")
                    .containsEntry("2", b);
            IdMapping c = new IdMapping("users", "3", LegacyIds.id(namespace, "users", "3"), RecordKind.CONTACTS, "k3");
            store.record(namespace, List.of(c));
            assertThat(store.count(namespace, "users")).isEqualTo(3);
        }
        try (FileIdMappingStore store = FileIdMappingStore.in(dir)) {
            store.open(namespace, "file-test", first);
            assertThat(store.count(namespace, "users")).isEqualTo(3);
        }
    }
}
