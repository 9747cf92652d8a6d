package dev.stowage.cli;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactQuery;
import dev.stowage.testkit.TestServers;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stowage copy --from sqlite} and {@code --from redis-keys}: a SQLite file and Redis key
 * prefixes into PostgreSQL through a mapping file, resumed by a rerun.
 */
class LegacySqliteAndRedisCopyTest {

    private static final String CONTACTS_MAPPING = """
            {"collection":"%s","target":"contacts","fields":{
               "email":{"from":"email","required":true},"firstName":{"from":"%s"},
               "source":{"value":"%s"},"sourceId":{"from":"$legacyId"},
               "createdAt":{"from":"created","convert":"epoch-millis","required":true}}}""";

    private final String random = UUID.randomUUID().toString().substring(0, 8);
    private final String schema = "cli_legacy_" + random;
    private final String redisPrefix = "cli_legacy_" + random + ":";
    private final RedisClient redisClient = RedisClient.create(TestServers.redisUri());
    private StatefulRedisConnection<String, String> redisConnection;

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        try {
            Servers.dropSchema(schema);
        } finally {
            if (redisConnection != null) {
                deleteKeysUnder(redisConnection.sync(), redisPrefix);
                redisConnection.close();
            }
            redisClient.shutdown();
        }
    }

    private static void deleteKeysUnder(RedisCommands<String, String> redis, String prefix) {
        ScanCursor cursor = ScanCursor.INITIAL;
        ScanArgs mine = ScanArgs.Builder.matches(prefix + "*").limit(1000);
        do {
            KeyScanCursor<String> page = redis.scan(cursor, mine);
            if (!page.getKeys().isEmpty()) {
                redis.unlink(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    private Path mapping(String... collections) throws IOException {
        return Files.writeString(dir.resolve("mapping.json"), """
                {"format":"stowage-legacy-mapping","version":1,"namespace":"cli-legacy-test","collections":[%s]}
                """.formatted(String.join(",", collections)));
    }

    private List<String> toPostgres(List<String> args) {
        List<String> line = new ArrayList<>(args);
        line.addAll(List.of("--state-dir", dir.resolve("state").toString()));
        line.addAll(Servers.postgres("to", schema));
        return line;
    }

    private List<Contact> targetContacts() {
        try (Stores postgres = Servers.openPostgres(schema)) {
            return postgres.forTenant(TenantId.DEFAULT).contacts().search(ContactQuery.all()).items();
        }
    }

    @Test
    void copiesTheRowsOfASqliteFileAndARerunCopiesNothingMore() throws Exception {
        Path database = dir.resolve("crm.db");
        long created = Instant.parse("2021-03-04T05:06:07.890Z").toEpochMilli();
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement ddl = sqlite.createStatement()) {
            ddl.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT NOT NULL, first_name TEXT, created INTEGER)");
            ddl.execute("CREATE TABLE audit_log (id INTEGER PRIMARY KEY, line TEXT)");
            try (PreparedStatement insert = sqlite.prepareStatement("INSERT INTO contacts VALUES (?, ?, ?, ?)")) {
                for (int i = 1; i <= 3; i++) {
                    insert.setInt(1, 100 + i);
                    insert.setString(2, "person" + i + "@example.com");
                    insert.setString(3, "Person" + i);
                    insert.setLong(4, created + i);
                    insert.executeUpdate();
                }
            }
        }
        Path mapping = mapping(CONTACTS_MAPPING.formatted("contacts", "first_name", "sqlite"));
        List<String> options = List.of("--from", "sqlite", "--sqlite-file", database.toString(),
                "--sqlite-table", "contacts", "--mapping", mapping.toString());

        Cli.Result dry = Cli.run(toPostgres(concat("dry-run", options)));

        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("Dry run dry-run-sqlite-to-postgres: sqlite:crm.db")
                .containsPattern("contacts\\s+contacts\\s+default\\s+contacts\\s+3\\s+3");
        assertThat(targetContacts()).isEmpty();

        Cli.Result copied = Cli.run(toPostgres(concat("copy", options)));

        assertThat(copied.exitCode()).as(copied.toString()).isZero();
        assertThat(copied.err()).contains("copy contacts: 3/3");
        assertThat(copied.out()).contains("sqlite:crm.db").contains("VALIDATED")
                .containsPattern("contacts\\s+contacts\\s+default\\s+contacts\\s+3\\s+3");
        List<Contact> contacts = targetContacts();
        assertThat(contacts).extracting(Contact::email)
                .containsExactlyInAnyOrder("person1@example.com", "person2@example.com", "person3@example.com");
        Contact second = contacts.stream().filter(c -> c.email().equals("person2@example.com")).findFirst().orElseThrow();
        assertThat(second.firstName()).isEqualTo("Person2");
        assertThat(second.sourceId()).isEqualTo("102");
        assertThat(second.createdAt()).isEqualTo(Instant.ofEpochMilli(created + 2));
        assertThat(Files.exists(dir.resolve("state").resolve("checkpoints").resolve("copy-sqlite-to-postgres.json"))).isTrue();

        Cli.Result again = Cli.run(toPostgres(concat("copy", options)));

        // The finished run's checkpoints say every table is done: nothing is read or written again.
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("VALIDATED").containsPattern("contacts\\s+contacts\\s+default\\s+contacts\\s+3\\s+3\\s+0\\s+0\\s+0");
        assertThat(again.err()).doesNotContain("copy contacts:");
        assertThat(targetContacts()).containsExactlyInAnyOrderElementsOf(contacts);
    }

    @Test
    void copiesJsonStringsAndHashesUnderRedisKeyPrefixes() throws Exception {
        redisConnection = redisClient.connect();
        RedisCommands<String, String> redis = redisConnection.sync();
        String jsonPrefix = redisPrefix + "contact:";
        String hashPrefix = redisPrefix + "lead:";
        long created = Instant.parse("2022-01-02T03:04:05Z").toEpochMilli();
        for (int i = 1; i <= 3; i++) {
            redis.set(jsonPrefix + "c" + i, "{\"email\":\"json" + i + "@example.com\",\"name\":\"Json" + i
                    + "\",\"created\":" + (created + i) + "}");
        }
        for (int i = 1; i <= 2; i++) {
            redis.hset(hashPrefix + "l" + i, Map.of("email", "hash" + i + "@example.com", "name", "Hash" + i,
                    "created", Long.toString(created + i)));
        }
        Path mapping = mapping(CONTACTS_MAPPING.formatted(jsonPrefix + "*", "name", "redis-json"),
                CONTACTS_MAPPING.formatted(hashPrefix + "*", "name", "redis-hash"));
        List<String> options = List.of("--from", "redis-keys", "--redis-uri", TestServers.redisUri(),
                "--redis-pattern", "json:" + jsonPrefix, "--redis-pattern", "hash:" + hashPrefix + "*",
                "--redis-scan-count", "2", "--mapping", mapping.toString());

        Cli.Result copied = Cli.run(toPostgres(concat("copy", options)));

        assertThat(copied.exitCode()).as(copied.toString()).isZero();
        assertThat(copied.err()).contains("copy contacts:");
        assertThat(copied.out()).contains("VALIDATED").containsPattern("copy-redis-keys-to-postgres: redis:[^ ]+:\\d+/\\d+ ")
                .containsPattern("contacts\\s+contacts\\s+default\\s+" + jsonPrefix + "\\*\\s+3\\s+3")
                .containsPattern("contacts\\s+contacts\\s+default\\s+" + hashPrefix + "\\*\\s+2\\s+2");
        List<Contact> contacts = targetContacts();
        assertThat(contacts).hasSize(5);
        Contact hashed = contacts.stream().filter(c -> c.email().equals("hash2@example.com")).findFirst().orElseThrow();
        assertThat(hashed.firstName()).isEqualTo("Hash2");
        assertThat(hashed.sourceId()).isEqualTo("l2");
        assertThat(hashed.source()).isEqualTo("redis-hash");
        assertThat(hashed.createdAt()).isEqualTo(Instant.ofEpochMilli(created + 2));
        assertThat(contacts.stream().filter(c -> "redis-json".equals(c.source())).count()).isEqualTo(3);

        // The same run, the Redis URI now from the environment: it resumes the finished run.
        List<String> fromEnvironment = new ArrayList<>(options);
        fromEnvironment.subList(2, 4).clear();
        Cli.Result again = Cli.run(Map.of(LegacySourceOptions.REDIS_URI_VARIABLE, TestServers.redisUri()),
                toPostgres(concat("copy", fromEnvironment)));

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).containsPattern("contacts\\s+contacts\\s+default\\s+" + hashPrefix + "\\*\\s+2\\s+2\\s+0\\s+0\\s+0");
        assertThat(again.err()).doesNotContain("copy contacts:");
        assertThat(targetContacts()).containsExactlyInAnyOrderElementsOf(contacts);
    }

    @Test
    void aRedisThatDoesNotAnswerExitsThreeWithoutPrintingThePassword() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();   // closed again: nothing listens there
        }
        Path mapping = mapping(CONTACTS_MAPPING.formatted("contacts:*", "name", "redis"));

        String uri = "redis://app:hunter2-pw@127.0.0.1:" + port + "/0";
        List<String> options = List.of("copy", "--from", "redis-keys", "--redis-pattern", "contacts:",
                "--redis-timeout", "2s", "--mapping", mapping.toString());

        Cli.Result flag = Cli.run(toPostgres(concat(options, "--redis-uri", uri)));
        Cli.Result variable = Cli.run(Map.of(LegacySourceOptions.REDIS_URI_VARIABLE, uri), toPostgres(options));

        for (Cli.Result result : List.of(flag, variable)) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
            assertThat(result.err()).contains("redis:127.0.0.1:" + port + "/0");
            assertThat(result.out() + result.err()).doesNotContain("hunter2-pw");
        }
    }

    private static List<String> concat(String command, List<String> options) {
        List<String> line = new ArrayList<>();
        line.add(command);
        line.addAll(options);
        return line;
    }

    private static List<String> concat(List<String> options, String... more) {
        List<String> line = new ArrayList<>(options);
        line.addAll(List.of(more));
        return line;
    }
}
