package dev.stowage.readme;

import dev.stowage.TenantId;
import dev.stowage.contact.ContactDraft;
import dev.stowage.migration.ErrorPolicy;
import dev.stowage.migration.JsonLinesRejectSink;
import dev.stowage.migration.Migration;
import dev.stowage.migration.MigrationReport;
import dev.stowage.migration.legacy.Converters;
import dev.stowage.migration.legacy.FileIdMappingStore;
import dev.stowage.migration.legacy.LegacyAccount;
import dev.stowage.migration.legacy.LegacyContact;
import dev.stowage.migration.legacy.LegacyCredential;
import dev.stowage.migration.legacy.LegacyMapping;
import dev.stowage.migration.legacy.TotalsRule;
import dev.stowage.migration.source.jsonl.JsonLinesSource;
import dev.stowage.migration.source.kv.KeyPattern;
import dev.stowage.migration.source.kv.KeyPatternSource;
import dev.stowage.migration.source.sqlite.SqliteSource;
import dev.stowage.postgres.PostgresStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.CredentialDraft;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The legacy-source snippets of migration/README.md, as written: a mongoexport file, a Redis
 * keyspace and a SQLite file, each imported into the private PostgreSQL. They write
 * {@code contacts.json.gz}, {@code analytics.db}, {@code id-mapping/} and {@code rejects.jsonl}
 * in the working directory and {@code credits:*} / {@code gmail:*} keys in the private Redis;
 * the test removes them.
 */
class LegacySourcesReadmeTest {

    private StoreBackend postgresBackend;

    @BeforeEach
    void openTarget() {
        postgresBackend = PostgresStores.builder(ReadmeServers.jdbcUrl()).user("app")
                .password(ReadmeServers.APP_PASSWORD).schema("legacy_" + UUID.randomUUID().toString().substring(0, 8))
                .buildBackend();
    }

    @AfterEach
    void removeFiles() throws IOException {
        postgresBackend.close();
        delete(Path.of("id-mapping"));
        Files.deleteIfExists(Path.of("rejects.jsonl"));
        Files.deleteIfExists(Path.of("contacts.json.gz"));
        Files.deleteIfExists(Path.of("analytics.db"));
    }

    @Test
    void the_mongoexport_import_runs_as_written() throws Exception {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(Path.of("contacts.json.gz")))) {
            out.write(("{\"_id\":{\"$oid\":\"5f1d7a3b2c4e6f8a9b0c1d2e\"},\"name\":\"Ada\",\"email\":\"ada@example.com\","
                    + "\"createdAt\":{\"$date\":\"2020-07-26T12:34:56.789Z\"},\"tags\":[\"vip\"],\"address\":{\"city\":\"London\"}}\n"
                    + "{\"_id\":{\"$oid\":\"5f1d7a3b2c4e6f8a9b0c1d2f\"},\"name\":\"broken\"\n").getBytes(StandardCharsets.UTF_8));
        }
        // README migration/README.md
        LegacyMapping mapping = LegacyMapping.builder()
                .namespace("crm-2019")
                .contacts("contacts", f -> new LegacyContact(
                        ContactDraft.builder(f.required("email", Converters.text()))
                                .firstName(f.text("name"))
                                .tags(f.tags("tags"))
                                .customFields(f.object("address"))
                                .source("mongo", f.legacyId())
                                .build(),
                        f.isoInstant("createdAt"), null))
                .build();
        try (JsonLinesSource source = JsonLinesSource.of(Path.of("contacts.json.gz"));
             FileIdMappingStore ids = FileIdMappingStore.in(Path.of("id-mapping"));
             JsonLinesRejectSink rejects = JsonLinesRejectSink.open(Path.of("rejects.jsonl"))) {
            MigrationReport report = Migration.fromSource(source, mapping).to(postgresBackend)
                    .ids(ids).runId("crm-import")
                    .onError(ErrorPolicy.SKIP_AND_RECORD).rejects(rejects)
                    .run();
            System.out.println(report.validation().orElseThrow().toTable());
        }
        // END README
        assertThat(postgresBackend.contacts(TenantId.DEFAULT).findByEmail("ada@example.com")).hasSize(1);
        assertThat(Files.readString(Path.of("rejects.jsonl"))).contains("line 2");
    }

    @Test
    void the_keyspace_import_runs_as_written() throws Exception {
        String redisUri = ReadmeServers.redisUri();
        RedisClient client = RedisClient.create(redisUri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            var redis = connection.sync();
            redis.hset("credits:user-42", Map.of("currentBalance", "70", "totalPurchased", "100", "totalUsed", "30"));
            redis.set("gmail:user-42", "{\"email\":\"ada@example.com\",\"accessToken\":\"ya29.a\",\"expiresAt\":"
                    + Instant.now().plusSeconds(3_600).toEpochMilli() + "}");
            try {
                // README migration/README.md
                LegacyMapping mapping = LegacyMapping.builder()
                        .namespace("lead-gen")
                        .accounts("credits:*", f -> new LegacyAccount(f.legacyId(),
                                f.required("currentBalance", Converters.integer()),
                                f.integer("totalPurchased"), f.integer("totalUsed"), null, TotalsRule.REJECT))
                        .credentials("gmail:*", f -> LegacyCredential.of(
                                CredentialDraft.builder(f.legacyId(), "google", f.required("accessToken", Converters.text()))
                                        .refreshToken(f.text("refreshToken"))
                                        .accessTokenExpiresAt(f.epochMillis("expiresAt"))
                                        .accountEmail(f.text("email"))
                                        .build()), "accessToken", "refreshToken")
                        .build();
                try (KeyPatternSource source = KeyPatternSource.builder(redisUri)
                             .pattern(KeyPattern.hash("credits:"))
                             .pattern(KeyPattern.json("gmail:"))
                             .scanCount(1_000)
                             .build();
                     FileIdMappingStore ids = FileIdMappingStore.in(Path.of("id-mapping"));
                     JsonLinesRejectSink rejects = JsonLinesRejectSink.open(Path.of("rejects.jsonl"))) {
                    MigrationReport report = Migration.fromSource(source, mapping).to(postgresBackend)
                            .ids(ids).runId("lead-gen-import")
                            .onError(ErrorPolicy.SKIP_AND_RECORD).rejects(rejects)
                            .run();
                    System.out.println(report.validation().orElseThrow().toTable());
                }
                // END README
                assertThat(postgresBackend.credits(TenantId.DEFAULT).account("user-42").orElseThrow().balance()).isEqualTo(70);
                assertThat(postgresBackend.tokens(TenantId.DEFAULT).credential("user-42", "google")).isPresent();
            } finally {
                redis.del("credits:user-42", "gmail:user-42");
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void the_sqlite_import_runs_as_written() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:analytics.db"); Statement sql = db.createStatement()) {
            sql.executeUpdate("CREATE TABLE users (user_id TEXT PRIMARY KEY, email TEXT, created_at INTEGER, "
                    + "is_active INTEGER, balance REAL, joined TEXT DEFAULT (datetime('now')))");
            sql.executeUpdate("INSERT INTO users (user_id, email, created_at, is_active, balance) VALUES "
                    + "('u-1', 'ada@example.com', 1627303906122, 'false', 12.5), ('u-2', 'bob@example.com', '2021-07-26', 1, 0)");
        }
        // README migration/README.md
        LegacyMapping mapping = LegacyMapping.builder()
                .namespace("analytics-bot")
                .contacts("users", f -> {
                    Instant joined = f.optional("joined", Converters.isoLocalDateTime(ZoneOffset.UTC));
                    Map<String, Object> custom = new LinkedHashMap<>();
                    custom.put("active", f.bool("is_active"));
                    custom.put("balance", f.decimal("balance", 2));
                    custom.put("joined", joined == null ? null : joined.toString());
                    custom.values().removeIf(Objects::isNull);
                    return new LegacyContact(ContactDraft.builder(f.required("email", Converters.text()))
                            .source("analytics", f.legacyId())
                            .customFields(custom)
                            .build(), f.epochMillis("created_at"), null);
                })
                .build();
        try (SqliteSource source = SqliteSource.open(Path.of("analytics.db"), List.of("users"));
             FileIdMappingStore ids = FileIdMappingStore.in(Path.of("id-mapping"));
             JsonLinesRejectSink rejects = JsonLinesRejectSink.open(Path.of("rejects.jsonl"))) {
            MigrationReport report = Migration.fromSource(source, mapping).to(postgresBackend)
                    .ids(ids).runId("analytics-import")
                    .onError(ErrorPolicy.SKIP_AND_RECORD).rejects(rejects)
                    .run();
            System.out.println(report.validation().orElseThrow().toTable());
        }
        // END README
        assertThat(postgresBackend.contacts(TenantId.DEFAULT).findByEmail("ada@example.com")).singleElement()
                .satisfies(ada -> assertThat(ada.customFields()).containsEntry("active", false));
        assertThat(postgresBackend.contacts(TenantId.DEFAULT).findByEmail("bob@example.com")).isEmpty();
    }

    private static void delete(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
