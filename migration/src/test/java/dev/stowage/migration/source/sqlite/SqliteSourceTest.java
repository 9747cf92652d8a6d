package dev.stowage.migration.source.sqlite;

import dev.stowage.exception.StoreClosedException;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.source.OpenFiles;
import dev.stowage.migration.source.RecordBatch;
import dev.stowage.migration.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteSourceTest {

    @TempDir
    Path dir;

    @Test
    void valuesKeepTheirStorageClassWhateverTheDeclaredType() throws Exception {
        Path file = AnalyticsDatabase.create(dir.resolve("analytics.db"), 10);
        try (SqliteSource source = SqliteSource.open(file)) {
            assertThat(source.collections()).containsExactly("events", "users");
            RecordBatch users = source.read("users", null, 100);
            assertThat(users.isLast()).isTrue();
            Map<String, SourceRecord> byId = users.records().stream().collect(Collectors.toMap(SourceRecord::legacyId, r -> r));
            assertThat(byId.keySet()).containsExactlyInAnyOrder("u-ada", "u-bob", "u-cyd");

            Map<String, Object> ada = byId.get("u-ada").fields();
            assertThat(ada.keySet()).containsExactly("user_id", "email", "created_at", "is_active", "balance", "avatar", "joined", "note");
            assertThat(ada.get("created_at")).isEqualTo(AnalyticsDatabase.CREATED_ADA);
            assertThat(ada.get("is_active")).isEqualTo(1L);
            assertThat(ada.get("balance")).isEqualTo(new BigDecimal("12.5"));
            assertThat((byte[]) ada.get("avatar")).containsExactly(1, 2, 3);
            assertThat(ada).containsEntry("note", null);
            assertThat((String) ada.get("joined")).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
            LocalDateTime joined = LocalDateTime.parse((String) ada.get("joined"), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
            assertThat(joined).isAfter(LocalDateTime.now(java.time.ZoneOffset.UTC).minusHours(1));
            assertThat(byId.get("u-ada").raw()).contains("\"avatar\":{\"$base64\":\"AQID\"}", "\"created_at\":" + AnalyticsDatabase.CREATED_ADA);

            Map<String, Object> bob = byId.get("u-bob").fields();
            assertThat(bob.get("is_active")).as("'false' in an INTEGER column stays text").isEqualTo("false");
            assertThat(bob.get("created_at")).as("a text date in an INTEGER column stays text").isEqualTo("2021-07-26");
            assertThat(bob.get("balance")).isEqualTo(new BigDecimal("0.1"));

            Map<String, Object> cyd = byId.get("u-cyd").fields();
            assertThat(cyd.get("is_active")).as("'0' converts to INTEGER by affinity").isEqualTo(0L);
            assertThat(cyd.get("balance")).as("'3.10' converts to REAL by affinity").isEqualTo(new BigDecimal("3.1"));
            assertThat(cyd.get("created_at")).isNull();

            assertThat(users.unreadable()).singleElement().satisfies(bad -> {
                assertThat(bad.location()).isEqualTo("rowid 3");
                assertThat(bad.reason()).contains("balance", "infinity");
                assertThat(bad.raw()).contains("inf@example.com");
            });

            SourceRecord event = source.read("events", null, 1).records().get(0);
            assertThat(event.legacyId()).as("no primary key: the rowid").isEqualTo("1");
            assertThat(event.fields()).containsExactly(Map.entry("user_id", "u-0"), Map.entry("kind", "open"),
                    Map.entry("at", AnalyticsDatabase.CREATED_ADA), Map.entry("amount", new BigDecimal("0.5")));
        }
    }

    @Test
    void resumingFromAnyPositionMidTableReadsEveryRowOnce() throws Exception {
        Path file = AnalyticsDatabase.create(dir.resolve("events.db"), 2_000);
        List<String> all = new ArrayList<>();
        List<String> positions = new ArrayList<>();
        try (SqliteSource source = SqliteSource.open(file, List.of("events"))) {
            assertThat(source.estimatedCount("events")).hasValue(1_800);
            String position = null;
            do {
                RecordBatch batch = source.read("events", position, 97);
                batch.records().forEach(record -> all.add(record.legacyId()));
                position = batch.nextPosition();
                positions.add(position);
            } while (position != null);
        }
        assertThat(all).hasSize(1_800).doesNotHaveDuplicates().doesNotContain("3", "13", "1993");
        try (SqliteSource fresh = SqliteSource.open(file, List.of("events"))) {
            for (int i = 0; i < positions.size() - 1; i += 3) {
                List<String> rest = readAll(fresh, positions.get(i), 50);
                assertThat(rest).containsExactlyElementsOf(all.subList((i + 1) * 97, all.size()));
            }
        }
    }

    @Test
    void closingReleasesTheFileAndTheSourceNeverWrites() throws Exception {
        Path file = AnalyticsDatabase.create(dir.resolve("close.db"), 5);
        byte[] before = Files.readAllBytes(file);
        SqliteSource source = SqliteSource.open(file);
        source.read("users", null, 1);
        assertThat(OpenFiles.count(file)).isPositive();
        source.close();
        assertThat(source.isOpen()).isFalse();
        assertThat(OpenFiles.count(file)).isZero();
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThatThrownBy(() -> source.read("users", null, 1)).isInstanceOf(StoreClosedException.class);
    }

    @Test
    void unsupportedTablesUnknownNamesAndForeignPositionsAreRejected() throws Exception {
        Path file = AnalyticsDatabase.create(dir.resolve("bad.db"), 5);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement ddl = db.createStatement()) {
            ddl.executeUpdate("CREATE TABLE pairs (a TEXT, b TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID");
        }
        assertThatThrownBy(() -> SqliteSource.open(file)).isInstanceOf(ValidationException.class).hasMessageContaining("WITHOUT ROWID");
        assertThatThrownBy(() -> SqliteSource.open(file, List.of("nope"))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> SqliteSource.open(dir.resolve("missing.db"))).isInstanceOf(ValidationException.class);
        assertThat(Files.exists(dir.resolve("missing.db"))).isFalse();
        try (SqliteSource source = SqliteSource.open(file, List.of("users"))) {
            assertThatThrownBy(() -> source.read("users", "rowid:3", 1)).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> source.read("events", null, 1)).isInstanceOf(ValidationException.class);
        }
    }

    private static List<String> readAll(SqliteSource source, String from, int limit) {
        List<String> read = new ArrayList<>();
        String position = from;
        do {
            RecordBatch batch = source.read("events", position, limit);
            batch.records().forEach(record -> read.add(record.legacyId()));
            position = batch.nextPosition();
        } while (position != null);
        return read;
    }
}
