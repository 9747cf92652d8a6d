package dev.stowage.migration.source.jsonl;

import dev.stowage.exception.StoreClosedException;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.source.RecordBatch;
import dev.stowage.migration.source.SourceRecord;
import dev.stowage.migration.source.OpenFiles;
import dev.stowage.migration.source.UnreadableRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonLinesSourceTest {

    static final String COLLECTION = "contacts";
    static final List<String> IDS = List.of("5f1d7a3b2c4e6f8a9b0c1d2e", "5f1d7a3b2c4e6f8a9b0c1d2f",
            "5f1d7a3b2c4e6f8a9b0c1d33", "legacy-string-id", "5f1d7a3b2c4e6f8a9b0c1d34", "12");
    static final List<String> BAD_LINES = List.of("line 4", "line 5", "line 6", "line 7");

    @TempDir
    Path dir;

    static Path fixture() throws URISyntaxException {
        return Path.of(JsonLinesSourceTest.class.getResource("/legacy/contacts.jsonl").toURI());
    }

    @Test
    void readsMongoexportValuesWithTheirExactTypes() throws Exception {
        try (JsonLinesSource source = JsonLinesSource.of(fixture())) {
            assertThat(source.collections()).containsExactly(COLLECTION);
            RecordBatch batch = source.read(COLLECTION, null, 100);
            assertThat(batch.isLast()).isTrue();
            assertThat(batch.records()).extracting(SourceRecord::legacyId).containsExactlyElementsOf(IDS);

            Map<String, Object> ada = batch.records().get(0).fields();
            assertThat(ada.keySet()).containsExactly("_id", "name", "email", "createdAt", "score", "balance", "tags", "address", "active");
            assertThat(ada.get("_id")).isEqualTo("5f1d7a3b2c4e6f8a9b0c1d2e");
            assertThat(ada.get("createdAt")).isEqualTo(Instant.parse("2020-07-26T12:34:56.789Z"));
            assertThat(ada.get("score")).isEqualTo(9007199254740993L);
            assertThat(ada.get("balance")).isEqualTo(new BigDecimal("1234.5600"));
            assertThat(((BigDecimal) ada.get("balance")).scale()).isEqualTo(4);
            assertThat(ada.get("tags")).isEqualTo(List.of("vip", "founder"));
            assertThat(ada.get("address")).isEqualTo(Map.of("city", "London", "zip", "NW1"));
            assertThat(ada.get("active")).isEqualTo(Boolean.TRUE);
            assertThat(batch.records().get(0).raw()).startsWith("{\"_id\":{\"$oid\":\"5f1d7a3b2c4e6f8a9b0c1d2e\"}");

            Map<String, Object> grace = batch.records().get(1).fields();
            assertThat(grace.get("createdAt")).isEqualTo(Instant.parse("1969-12-31T00:00:00Z"));
            assertThat(grace.get("visits")).isEqualTo(42L);
            assertThat(grace.get("ratio")).isEqualTo(new BigDecimal("0.1"));
            assertThat(grace.get("tags")).isEqualTo(List.of());
            assertThat(grace).containsEntry("note", null);
            @SuppressWarnings("unchecked")
            Map<String, Object> geo = (Map<String, Object>) ((Map<String, Object>) grace.get("address")).get("geo");
            assertThat(geo.get("lat")).isEqualTo(new BigDecimal("38.88"));
            assertThat(geo.get("lng")).isEqualTo(new BigDecimal("-77.1"));

            Map<String, Object> linus = batch.records().get(2).fields();
            assertThat(linus.get("createdAt")).isEqualTo(Instant.parse("2020-12-31T23:00:00Z"));
            assertThat(linus.get("count")).isEqualTo(12L);
            assertThat(linus.get("big")).isEqualTo(new BigDecimal("123456789012345678901234567890"));
            assertThat(linus.get("price")).isEqualTo(new BigDecimal("19.990"));
            assertThat(linus.get("tags")).isEqualTo(List.of("a", Map.of("nested", List.of(1L, 2L))));
            assertThat((byte[]) linus.get("bin")).containsExactly(1, 2, 3);
            assertThat(linus.get("ts")).isEqualTo(Map.of("$timestamp", Map.of("t", 1L, "i", 2L)));

            assertThat(batch.records().get(4).fields()).containsEntry("name", "CRLF and last line without newline");
            assertThat(batch.records().get(4).raw()).doesNotEndWith("\r");
            assertThat(batch.records().get(5).fields().get("_id")).isEqualTo(12L);
        }
    }

    @Test
    void malformedLinesAreUnreadableRecordsNamingTheLineWithTheRawText() throws Exception {
        try (JsonLinesSource source = JsonLinesSource.of(fixture())) {
            List<UnreadableRecord> bad = source.read(COLLECTION, null, 100).unreadable();
            assertThat(bad).extracting(UnreadableRecord::location).containsExactlyElementsOf(BAD_LINES);
            assertThat(bad).allSatisfy(record -> assertThat(record.collection()).isEqualTo(COLLECTION));
            assertThat(bad.get(0).reason()).contains("createdAt", "$date").doesNotContain("yesterday");
            assertThat(bad.get(0).raw()).isEqualTo("{\"_id\":{\"$oid\":\"5F1D7A3B2C4E6F8A9B0C1D30\"},\"name\":\"Bad Date\",\"createdAt\":{\"$date\":\"yesterday\"}}");
            assertThat(bad.get(1).reason()).contains("not valid JSON").doesNotContain("broken@example.com");
            assertThat(bad.get(1).raw()).contains("Broken line");
            assertThat(bad.get(2).reason()).contains("_id");
            assertThat(bad.get(3).reason()).contains("balance", "$numberDecimal");
        }
    }

    @Test
    void everyPositionResumesExactlyOnAnOpenOrAReopenedFile() throws Exception {
        for (Path file : List.of(fixture(), gzip(fixture(), dir.resolve("export.data")))) {
            List<String> all = new ArrayList<>();
            List<String> positions = new ArrayList<>();
            try (JsonLinesSource source = JsonLinesSource.builder().file(COLLECTION, file).build()) {
                String position = null;
                do {
                    RecordBatch batch = source.read(COLLECTION, position, 1);
                    assertThat(batch.records().size() + batch.unreadable().size()).isLessThanOrEqualTo(1);
                    batch.records().forEach(record -> all.add(record.legacyId()));
                    batch.unreadable().forEach(record -> all.add(record.location()));
                    position = batch.nextPosition();
                    if (position != null) {
                        positions.add(position);
                    }
                } while (position != null);
            }
            assertThat(all).containsExactlyInAnyOrderElementsOf(concat(IDS, BAD_LINES));
            for (int i = 0; i < positions.size(); i++) {
                try (JsonLinesSource fresh = JsonLinesSource.builder().file(COLLECTION, file).build()) {
                    List<String> rest = readAll(fresh, positions.get(i), 2);
                    assertThat(rest).as("resumed from %s of %s", positions.get(i), file.getFileName())
                            .doesNotHaveDuplicates()
                            .containsExactlyInAnyOrderElementsOf(all.subList(i + 1, all.size()));
                }
            }
        }
    }

    @Test
    void gzipIsRecognisedByItsMagicBytes() throws Exception {
        Path compressed = gzip(fixture(), dir.resolve("contacts.jsonl"));
        try (JsonLinesSource plain = JsonLinesSource.of(fixture());
             JsonLinesSource zipped = JsonLinesSource.builder().file(COLLECTION, compressed).build()) {
            RecordBatch expected = plain.read(COLLECTION, null, 100);
            RecordBatch actual = zipped.read(COLLECTION, null, 100);
            assertThat(actual.records()).usingRecursiveFieldByFieldElementComparator().isEqualTo(expected.records());
            assertThat(actual.unreadable()).isEqualTo(expected.unreadable());
            assertThat(zipped.estimatedCount(COLLECTION)).isEmpty();
            assertThat(plain.estimatedCount(COLLECTION).getAsLong()).isBetween(5L, 20L);
        }
    }

    @Test
    void positionsItDidNotWriteAndUnknownCollectionsAreRejected() throws Exception {
        try (JsonLinesSource source = JsonLinesSource.of(fixture())) {
            assertThatThrownBy(() -> source.read(COLLECTION, "nonsense", 1)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("position");
            assertThatThrownBy(() -> source.read(COLLECTION, "5:1", 1)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("line start");
            assertThatThrownBy(() -> source.read(COLLECTION, "999999:3", 1)).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> source.read("other", null, 1)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("collection");
            assertThatThrownBy(() -> source.read(COLLECTION, null, 0)).isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void aLineLongerThanTheLimitIsUnreadableAndTheNextLineIsRead() throws Exception {
        Path file = dir.resolve("long.jsonl");
        Files.writeString(file, "{\"_id\":\"a\",\"text\":\"" + "x".repeat(500) + "\"}\n{\"_id\":\"b\"}\n");
        try (JsonLinesSource source = JsonLinesSource.builder().file(file).maxLineBytes(100).build()) {
            RecordBatch batch = source.read("long", null, 10);
            assertThat(batch.unreadable()).singleElement().satisfies(record -> {
                assertThat(record.location()).isEqualTo("line 1");
                assertThat(record.reason()).contains("longer than 100 bytes");
            });
            assertThat(batch.records()).extracting(SourceRecord::legacyId).containsExactly("b");
        }
    }

    @Test
    void closingReleasesTheFile() throws Exception {
        Path file = dir.resolve("copy.jsonl");
        Files.copy(fixture(), file);
        JsonLinesSource source = JsonLinesSource.of(file);
        RecordBatch first = source.read("copy", null, 1);
        assertThat(source.openFiles()).isEqualTo(1);
        assertThat(OpenFiles.count(file)).isEqualTo(1);
        source.close();
        assertThat(source.openFiles()).isZero();
        assertThat(OpenFiles.count(file)).isZero();
        assertThatThrownBy(() -> source.read("copy", first.nextPosition(), 1)).isInstanceOf(StoreClosedException.class);
    }

    @Test
    void readingToTheEndClosesTheFile() throws Exception {
        Path file = dir.resolve("end.jsonl");
        Files.copy(fixture(), file);
        try (JsonLinesSource source = JsonLinesSource.of(file)) {
            assertThat(readAll(source, null, 3)).hasSize(IDS.size() + BAD_LINES.size());
            assertThat(OpenFiles.count(file)).isZero();
        }
    }

    static List<String> readAll(JsonLinesSource source, String from, int limit) {
        List<String> read = new ArrayList<>();
        String position = from;
        String collection = source.collections().get(0);
        do {
            RecordBatch batch = source.read(collection, position, limit);
            batch.records().forEach(record -> read.add(record.legacyId()));
            batch.unreadable().forEach(record -> read.add(record.location()));
            position = batch.nextPosition();
        } while (position != null);
        return read;
    }

    static Path gzip(Path from, Path to) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            Files.copy(from, out);
        }
        return to;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
