package dev.stowage.cli;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.switching.RepairKey;
import dev.stowage.migration.switching.Stage;
import dev.stowage.migration.switching.SwitchingBackend;
import dev.stowage.testkit.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code stage} and {@code repair} against Redis (old) and PostgreSQL (new) with the stage in a
 * shared PostgreSQL control record: a running application instance follows every change the CLI
 * makes, the gates refuse with their reason (exit 1) and the stage stays, a repair re-copies a
 * queued key, and a bad stage is a usage error (exit 2).
 */
class StageAndRepairTest {

    private final String space = "cli_stage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    @TempDir
    Path dir;

    private Path appConfig() throws Exception {
        try (Connection connection = DriverManager.getConnection(TestServers.postgresUrl());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + space + "_control");
        }
        Path file = dir.resolve("app.properties");
        Files.writeString(file, String.join("\n",
                "stowage.backend=redis",
                "stowage.redis.uri=" + TestServers.redisUri(),
                "stowage.redis.prefix=" + space,
                "stowage.backends.next.type=postgres",
                "stowage.backends.next.url=" + TestServers.postgresUrl(),
                "stowage.backends.next.schema=" + space,
                "stowage.contacts.migration.to=next",
                "stowage.contacts.migration.flag=shared",
                "stowage.contacts.migration.name=cli-test",
                "stowage.contacts.migration.control.url=" + TestServers.postgresUrl(),
                "stowage.contacts.migration.control.schema=" + space + "_control",
                "stowage.contacts.migration.poll-interval=50ms",
                "stowage.contacts.migration.reconcile-interval=0s", ""));
        return file;
    }

    private static Map<String, String> properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        Map<String, String> map = new java.util.TreeMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }

    private Cli.Result stage(Path config, String... args) {
        List<String> line = new ArrayList<>(List.of("stage"));
        line.addAll(List.of(args));
        line.addAll(List.of("--on-config", config.toString(), "--state-dir", dir.resolve("state").toString(),
                "--progress", "none"));
        return Cli.run(line);
    }

    private static void eventually(SwitchingBackend app, Stage stage) {
        await("the application follows to " + stage).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> app.stage(StoreKind.CONTACTS) == stage);
    }

    @AfterEach
    void dropEverything() throws Exception {
        try (Stores redis = Servers.openRedis(space)) {
            Servers.eraseAll(redis);
        }
        Servers.dropSchema(space);
        Servers.dropSchema(space + "_control");
    }

    @Test
    void theOperatorMovesARunningApplicationThroughTheGatesAndRepairs() throws Exception {
        Path config = appConfig();
        try (Stores app = Stowage.open(properties(config))) {
            SwitchingBackend switching = (SwitchingBackend) app.contactsBackend();
            List<Contact> before = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                before.add(app.contacts().create(ContactDraft.builder("before-" + i + "@example.com").build()));
            }

            Cli.Result shown = stage(config, "show");
            assertThat(shown.exitCode()).as(shown.toString()).isZero();
            assertThat(shown.out()).containsPattern("CONTACTS +OFF +redis +postgres +0 +none");

            Cli.Result advanced = stage(config, "advance");
            assertThat(advanced.exitCode()).as(advanced.toString()).isZero();
            assertThat(advanced.out()).contains("CONTACTS: OFF -> DUAL_WRITE");
            eventually(switching, Stage.DUAL_WRITE);

            Cli.Result refused = stage(config, "advance");          // the five contacts are not in PostgreSQL yet
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.out()).contains("MISMATCHED").contains("MISSING_ON_TARGET");
            assertThat(refused.err()).contains("refused").contains("MISMATCHED").contains("The stage stays DUAL_WRITE");
            assertThat(switching.stage(StoreKind.CONTACTS)).isEqualTo(Stage.DUAL_WRITE);
            assertThat(stage(config, "show").out()).containsPattern("CONTACTS +DUAL_WRITE .* MISMATCHED at ");

            Cli.Result backfilled = stage(config, "backfill");
            assertThat(backfilled.exitCode()).as(backfilled.toString()).isZero();

            Contact moved = before.get(0);                           // the old store moves on behind the switch's back
            try (Stores redis = Servers.openRedis(space)) {
                redis.contacts().update(moved.id(), moved.version(), moved.toDraft().toBuilder().company("Moved").build());
            }
            switching.repairQueue().add(RepairKey.of(StoreKind.CONTACTS, TenantId.DEFAULT, RepairKey.Kind.CONTACT,
                    moved.id().toString()));
            Cli.Result blocked = stage(config, "advance", "--no-verify");
            assertThat(blocked.exitCode()).as(blocked.toString()).isEqualTo(1);
            // The refused verification queued its five differences; the moved contact is one of them.
            assertThat(blocked.err()).contains("the repair queue holds 5 keys");

            Cli.Result repaired = Cli.run(List.of("repair", "--on-config", config.toString(), "--progress", "none"));
            assertThat(repaired.exitCode()).as(repaired.toString()).isZero();
            assertThat(repaired.out()).containsPattern("CONTACTS +DUAL_WRITE +5 +5 +0 +0");
            try (Stores postgres = Servers.openPostgres(space)) {
                assertThat(postgres.contacts().get(moved.id()).orElseThrow().company()).contains("Moved");
            }

            Cli.Result set = stage(config, "set", "shadow");
            assertThat(set.exitCode()).as(set.toString()).isZero();
            assertThat(set.out()).contains("VALIDATED").contains("CONTACTS: DUAL_WRITE -> SHADOW");
            eventually(switching, Stage.SHADOW);
            assertThat(stage(config, "show").out()).containsPattern("CONTACTS +SHADOW +redis +postgres +0 +VALIDATED at ");

            Cli.Result back = stage(config, "back");
            assertThat(back.exitCode()).as(back.toString()).isZero();
            assertThat(back.out()).contains("CONTACTS: SHADOW -> DUAL_WRITE");
            eventually(switching, Stage.DUAL_WRITE);
        }
    }

    @Test
    void usageErrorsExit2WithTheReason() throws Exception {
        Path config = appConfig();
        Cli.Result bogus = stage(config, "set", "sideways");
        assertThat(bogus.exitCode()).as(bogus.toString()).isEqualTo(2);
        assertThat(bogus.err()).contains("off, dual-write, shadow, live, ramp-down or complete");

        Cli.Result unknown = stage(config, "jump");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("show, advance, back, set STAGE or backfill");

        Cli.Result notMigrating = Cli.run(List.of("repair", "--on", "memory", "--progress", "none"));
        assertThat(notMigrating.exitCode()).as(notMigrating.toString()).isEqualTo(2);
        assertThat(notMigrating.err()).contains("no store is migrating").contains("stowage.<store>.migration.to");
    }
}
