package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.migration.legacy.IdMappingStore;
import dev.stowage.migration.legacy.LegacyIds;
import dev.stowage.migration.legacy.LegacyMapping;
import dev.stowage.migration.legacy.LegacyValidationReport.CollectionValidation;
import dev.stowage.migration.legacy.MemoryIdMappingStore;
import dev.stowage.migration.source.RecordSource;
import dev.stowage.migration.source.jsonl.JsonLinesSource;
import dev.stowage.migration.source.kv.LeadGenKeyspace;
import dev.stowage.migration.source.sqlite.AnalyticsDatabase;
import dev.stowage.migration.source.sqlite.SqliteSource;
import dev.stowage.token.Credential;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each built-in legacy source imported through {@link Migration#fromSource} into memory,
 * PostgreSQL and Redis: exact values, UUIDv5 ids, bad records rejected with their raw value and
 * counted, a rerun that gives the same ids and changes nothing, opening ledgers for KV balances,
 * and the mapping declared in a file giving the very records the mapping in code gives.
 */
class LegacySourceEndToEndTest {

    @TempDir
    Path dir;

    /** One import: its report and what it rejected. */
    record Imported(MigrationReport report, List<RejectedRecord> rejects) {

        long count(Function<RecordCounts, Long> counter) {
            return report.tenants().stream().mapToLong(line -> counter.apply(line.counts())).sum();
        }

        CollectionValidation validation(String collection) {
            return report.validation().orElseThrow().collections().stream()
                    .filter(c -> c.collection().equals(collection)).findFirst().orElseThrow();
        }

        Map<String, RejectedRecord> rejectsByKey() {
            return rejects.stream().collect(Collectors.toMap(RejectedRecord::key, r -> r, (a, b) -> a));
        }
    }

    static Imported run(RecordSource source, LegacyMapping mapping, TestBackend target, IdMappingStore ids, String runId) {
        List<RejectedRecord> rejects = Collections.synchronizedList(new ArrayList<>());
        MigrationReport report = Migration.fromSource(source, mapping).to(target.backend()).ids(ids).runId(runId)
                .batchSize(3).onError(ErrorPolicy.SKIP_AND_RECORD).rejects(rejects::add).run();
        return new Imported(report, List.copyOf(rejects));
    }

    /** Imports, checks the rerun changes nothing, and returns the first import. */
    static Imported importTwice(RecordSource source, LegacyMapping mapping, TestBackend target) {
        IdMappingStore ids = new MemoryIdMappingStore();
        Imported first = run(source, mapping, target, ids, "legacy-e2e");
        Snapshot before = Snapshot.of(target.backend(), TenantId.DEFAULT);
        Imported again = run(source, mapping, target, ids, "legacy-e2e-rerun");
        assertThat(again.count(RecordCounts::written)).as("a rerun writes nothing").isZero();
        assertThat(again.count(RecordCounts::skipped)).isEqualTo(first.count(RecordCounts::written));
        assertThat(again.count(RecordCounts::rejected)).isEqualTo(first.count(RecordCounts::rejected));
        assertThat(Snapshot.of(target.backend(), TenantId.DEFAULT)).as("a rerun changes nothing").isEqualTo(before);
        assertThat(first.report().validation().orElseThrow().collections())
                .allSatisfy(c -> assertThat(c.missing()).isZero());
        return first;
    }

    @ParameterizedTest
    @EnumSource(value = TestBackend.Kind.class, names = {"MEMORY", "POSTGRES", "REDIS"})
    void aMongoexportFileImportsWithStableIdsAndRejectsItsBadRecords(TestBackend.Kind kind) {
        try (JsonLinesSource source = JsonLinesSource.of(LegacyMappings.resource("contacts.jsonl"));
             TestBackend target = TestBackend.open(kind, Clock.systemUTC(), "legacy-jsonl")) {
            Imported imported = importTwice(source, LegacyMappings.mongoexport(), target);
            assertThat(imported.count(RecordCounts::written)).isEqualTo(3);
            assertThat(imported.count(RecordCounts::rejected)).isEqualTo(7);
            UUID namespace = LegacyIds.namespace("crm-2019");
            Contact ada = target.backend().contacts(TenantId.DEFAULT)
                    .get(LegacyIds.id(namespace, "contacts", "5f1d7a3b2c4e6f8a9b0c1d2e")).orElseThrow();
            assertThat(ada.email()).isEqualTo("ada@example.com");
            assertThat(ada.tags()).containsExactlyInAnyOrder("vip", "founder");
            assertThat(ada.customFields()).containsEntry("city", "London");
            assertThat(ada.createdAt()).isEqualTo(Instant.parse("2020-07-26T12:34:56.789Z"));
            assertThat(target.backend().contacts(TenantId.DEFAULT)
                    .get(LegacyIds.id(namespace, "contacts", "legacy-string-id"))).isPresent();

            Map<String, RejectedRecord> rejects = imported.rejectsByKey();
            assertThat(rejects.keySet()).contains("line 4", "line 5", "line 6", "line 7");
            assertThat(rejects.get("line 5").record().get("raw")).asString().contains("Broken line");
            assertThat(rejects.get("line 4").reason()).contains("$date");
            CollectionValidation counts = imported.validation("contacts");
            assertThat(counts.sourceRecords()).isEqualTo(10);
            assertThat(counts.mapped()).isEqualTo(3);
            assertThat(counts.rejected()).isEqualTo(7);
            assertThat(counts.onTarget()).isEqualTo(3);
            assertThat(counts.idMappings()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestBackend.Kind.class, names = {"MEMORY", "POSTGRES", "REDIS"})
    void aLeadGenKeyspaceImportsBalancesWithOpeningLedgersAndTokens(TestBackend.Kind kind) {
        try (LeadGenKeyspace keyspace = new LeadGenKeyspace();
             TestBackend target = TestBackend.open(kind, Clock.systemUTC(), "legacy-kv")) {
            keyspace.credits(1, 6);
            keyspace.redis.hset(keyspace.credits() + "user-frac", Map.of("currentBalance", "12.5"));
            keyspace.redis.hset(keyspace.credits() + "user-off", Map.of("currentBalance", "10", "totalPurchased", "5",
                    "totalUsed", "0"));
            long expires = Instant.now().plusSeconds(86_400).toEpochMilli();
            keyspace.gmail("user-1", "{\"email\":\"one@example.com\",\"accessToken\":\"ya29.one\",\"refreshToken\":\"1//one\","
                    + "\"expiresAt\":" + expires + "}");
            keyspace.gmail("user-2", "{\"email\":\"two@example.com\",\"accessToken\":\"ya29.two\",\"expiresAt\":\"tomorrow\"}");
            keyspace.gmail("user-3", "{\"accessToken\":");
            String credits = keyspace.credits() + "*";
            String gmail = keyspace.gmail() + "*";
            try (var source = keyspace.source().build()) {
                Imported imported = importTwice(source, LegacyMappings.leadGen(credits, gmail), target);
                assertThat(imported.validation(credits).mapped()).isEqualTo(5);
                assertThat(imported.validation(credits).rejected()).isEqualTo(2);
                assertThat(imported.validation(gmail).mapped()).isEqualTo(1);
                assertThat(imported.validation(gmail).rejected()).isEqualTo(2);

                var store = target.backend().credits(TenantId.DEFAULT);
                for (int i = 1; i < 6; i++) {
                    assertThat(store.account("user-" + i).orElseThrow().balance()).isEqualTo(i);
                    List<LedgerEntry> entries = store.entries("user-" + i, 0, 100);
                    int balance = i;
                    assertThat(entries).as("the opening ledger of a KV balance").hasSize(2);
                    assertThat(entries.get(0).type().name()).isEqualTo("PURCHASE");
                    assertThat(Math.abs(entries.get(0).amount())).isEqualTo(2L * i);
                    assertThat(entries.get(1).type().name()).isEqualTo("DEDUCTION");
                    assertThat(Math.abs(entries.get(1).amount())).isEqualTo(i);
                    assertThat(entries.get(1).balanceAfter()).as("balance == Σ entries").isEqualTo(balance);
                }
                assertThat(store.account("user-frac")).isEmpty();
                assertThat(store.account("user-off")).isEmpty();
                Map<String, RejectedRecord> rejects = imported.rejectsByKey();
                assertThat(rejects.values()).anySatisfy(r -> assertThat(r.record().toString()).contains("12.5"));
                Credential token = target.backend().tokens(TenantId.DEFAULT).credential("user-1", "google").orElseThrow();
                assertThat(token.accessTokenExpiresAt()).isEqualTo(Instant.ofEpochMilli(expires));
                assertThat(token.accountEmail()).isEqualTo("one@example.com");
                assertThat(imported.rejects()).allSatisfy(r -> assertThat(r.record().toString())
                        .doesNotContain("ya29.two", "1//one"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestBackend.Kind.class, names = {"MEMORY", "POSTGRES", "REDIS"})
    void aSqliteFileImportsByStorageClassAndRejectsWhatItCannotConvert(TestBackend.Kind kind) throws Exception {
        Path file = AnalyticsDatabase.create(dir.resolve("analytics.db"), 3);
        try (SqliteSource source = SqliteSource.open(file, List.of("users"));
             TestBackend target = TestBackend.open(kind, Clock.systemUTC(), "legacy-sqlite")) {
            Imported imported = importTwice(source, LegacyMappings.sqlite(), target);
            assertThat(imported.count(RecordCounts::written)).isEqualTo(2);
            assertThat(imported.count(RecordCounts::rejected)).isEqualTo(2);
            UUID namespace = LegacyIds.namespace("analytics-bot");
            Contact ada = target.backend().contacts(TenantId.DEFAULT).get(LegacyIds.id(namespace, "users", "u-ada")).orElseThrow();
            assertThat(ada.createdAt()).isEqualTo(Instant.ofEpochMilli(AnalyticsDatabase.CREATED_ADA));
            assertThat(ada.customFields()).containsEntry("active", true);
            assertThat(new BigDecimal(ada.customFields().get("balance").toString())).isEqualByComparingTo("12.5");
            Contact cyd = target.backend().contacts(TenantId.DEFAULT).get(LegacyIds.id(namespace, "users", "u-cyd")).orElseThrow();
            assertThat(cyd.customFields()).containsEntry("active", false);
            Map<String, RejectedRecord> rejects = imported.rejectsByKey();
            assertThat(rejects.values()).anySatisfy(r -> assertThat(r.record().toString()).contains("2021-07-26"));
            assertThat(rejects).containsKey("rowid 3");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestBackend.Kind.class, names = {"MEMORY"})
    void aDeclaredMappingGivesTheRecordsTheMappingInCodeGives(TestBackend.Kind kind) throws Exception {
        Path file = AnalyticsDatabase.create(dir.resolve("declared.db"), 3);
        try (LeadGenKeyspace keyspace = new LeadGenKeyspace()) {
            keyspace.credits(1, 4);
            keyspace.gmail("user-1", "{\"email\":\"one@example.com\",\"accessToken\":\"ya29.one\",\"expiresAt\":"
                    + Instant.now().plusSeconds(86_400).toEpochMilli() + "}");
            String credits = keyspace.credits() + "*";
            String gmail = keyspace.gmail() + "*";
            List<Runnable> checks = List.of(
                    () -> sameRecords(() -> JsonLinesSource.of(LegacyMappings.resource("contacts.jsonl")),
                            LegacyMappings.mongoexport(), LegacyMappings.declared("mongoexport-mapping.json"), kind),
                    () -> sameRecords(() -> keyspace.source().build(), LegacyMappings.leadGen(credits, gmail),
                            LegacyMappings.declared("leadgen-mapping.json", "\"credits:*\"", "\"" + credits + "\"",
                                    "\"gmail:*\"", "\"" + gmail + "\""), kind),
                    () -> sameRecords(() -> SqliteSource.open(file, List.of("users")), LegacyMappings.sqlite(),
                            LegacyMappings.declared("sqlite-mapping.json"), kind));
            checks.forEach(Runnable::run);
        }
    }

    private static void sameRecords(java.util.function.Supplier<RecordSource> sources, LegacyMapping code,
                                    LegacyMapping declared, TestBackend.Kind kind) {
        try (RecordSource source = sources.get();
             TestBackend byCode = TestBackend.open(kind, Clock.systemUTC(), "code");
             TestBackend byFile = TestBackend.open(kind, Clock.systemUTC(), "file")) {
            IdMappingStore ids = new MemoryIdMappingStore();
            Imported a = run(source, code, byCode, ids, "by-code");
            Imported b = run(source, declared, byFile, ids, "by-file");
            assertThat(a.count(RecordCounts::written)).isPositive().isEqualTo(b.count(RecordCounts::written));
            assertThat(Snapshot.of(byFile.backend(), TenantId.DEFAULT)).isEqualTo(Snapshot.of(byCode.backend(), TenantId.DEFAULT));
        }
    }

    @org.junit.jupiter.api.Test
    void theReadmeShowsTheMappingFilesTheseTestsDeclare() throws Exception {
        String readme = java.nio.file.Files.readString(Path.of("README.md"));
        for (String file : List.of("mongoexport-mapping.json", "leadgen-mapping.json", "sqlite-mapping.json")) {
            assertThat(readme).as(file).contains("```json\n" + java.nio.file.Files.readString(LegacyMappings.resource(file)) + "```");
        }
    }
}
