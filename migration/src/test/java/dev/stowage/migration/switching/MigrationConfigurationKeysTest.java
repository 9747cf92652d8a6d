package dev.stowage.migration.switching;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.TestBackend;
import dev.stowage.testkit.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every key {@link SwitchingMigrationProvider} documents, given to {@code Stowage.open}: all of
 * them accepted together, and a bad value of each failing with a
 * {@link StoreConfigurationException} that names the key (and never shows a password).
 */
class MigrationConfigurationKeysTest {

    private static final String PREFIX = "stowage.contacts.migration.";

    private final String schema = Configured.space("sw_cfg_keys");

    @TempDir
    Path dir;

    @AfterEach
    void dropSchema() {
        TestBackend.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    /** The test server's URL without its query, whose user and password would override the keys'. */
    private static String urlWithoutLogin() {
        return TestServers.postgresUrl().replaceFirst("\\?.*$", "");
    }

    /** Memory to a named memory instance, the contacts moving under a shared flag with every key set. */
    private Map<String, String> everyKey() {
        Map<String, String> config = new TreeMap<>();
        config.put("stowage.backend", "memory");
        config.put("stowage.backends.next.type", "memory");
        config.put(PREFIX + "to", "next");
        config.put(PREFIX + "stage", "dual-write");
        config.put(PREFIX + "flag", "shared");
        config.put(PREFIX + "flag-key", "contacts-stage");
        config.put(PREFIX + "name", "keys-test");
        config.put(PREFIX + "control.url", urlWithoutLogin());
        config.put(PREFIX + "control.user", "postgres");
        config.put(PREFIX + "control.password", "not-checked-by-trust");
        config.put(PREFIX + "control.schema", schema);
        config.put(PREFIX + "poll-interval", "50ms");
        config.put(PREFIX + "lease", "1s");
        config.put(PREFIX + "max-pause", "2s");
        config.put(PREFIX + "repair-queue", "file");
        config.put(PREFIX + "repair-queue.path", dir.resolve("repairs.jsonl").toString());
        config.put(PREFIX + "shadow.ratio", "0.25");
        config.put(PREFIX + "shadow.timeout", "200ms");
        config.put(PREFIX + "reconcile-interval", "0s");
        return config;
    }

    @Test
    void every_documented_key_is_accepted() {
        TestBackend.sql("CREATE SCHEMA " + schema);
        Map<String, String> config = everyKey();
        Set<String> given = new TreeSet<>();
        config.keySet().stream().filter(key -> key.startsWith(PREFIX) && !key.equals(PREFIX + "to"))
                .forEach(key -> given.add(key.substring(PREFIX.length())));
        assertThat(given).as("the test sets every key the provider reads")
                .isEqualTo(new TreeSet<>(new SwitchingMigrationProvider().configKeys()));
        try (Stores stores = Stowage.open(config)) {
            SwitchingBackend contacts = Configured.switching(stores, StoreKind.CONTACTS);
            assertThat(contacts.stage(StoreKind.CONTACTS)).isEqualTo(Stage.DUAL_WRITE);
            assertThat(contacts.repairQueue()).isInstanceOf(FileRepairQueue.class);
            StageController controller = contacts.controller(StoreKind.CONTACTS);
            controller.verify();
            assertThat(controller.advance()).isEqualTo(Stage.SHADOW);
        }
    }

    @Test
    void an_openfeature_flag_without_a_provider_holds_its_fallback_stage() {
        try (Stores stores = Stowage.open(Map.of("stowage.backend", "memory", "stowage.backends.next.type", "memory",
                PREFIX + "to", "next", PREFIX + "flag", "openfeature", PREFIX + "flag-key", "contacts-stage",
                PREFIX + "stage", "shadow"))) {
            assertThat(Configured.switching(stores, StoreKind.CONTACTS).stage(StoreKind.CONTACTS)).isEqualTo(Stage.SHADOW);
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "stage|sideways",
        "flag|coin",
        "flag-key|'  '",
        "name|''",
        "control.url|mysql://127.0.0.1/control",
        "control.user|no_such_role_for_stowage",
        "control.schema|Not-An-Identifier",
        "control.schema|no_such_schema_for_stowage",
        "poll-interval|soon",
        "poll-interval|1ms",
        "lease|60ms",
        "max-pause|10m",
        "repair-queue|tape",
        "repair-queue.path|DIRECTORY",
        "shadow.ratio|2",
        "shadow.timeout|0s",
        "reconcile-interval|5ms",
        "to|nowhere",
    })
    void a_bad_value_fails_naming_its_key(String key, String value) {
        TestBackend.sql("CREATE SCHEMA " + schema);
        Map<String, String> config = everyKey();
        config.put(PREFIX + key, value.equals("DIRECTORY") ? dir.toString() : value);
        if (key.equals("flag-key")) {
            config.put(PREFIX + "flag", "openfeature");
        }
        config.put(PREFIX + "control.password", "hunter2");
        assertThatThrownBy(() -> Stowage.open(config)).isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining(PREFIX + key).hasMessageNotContaining("hunter2");
    }

    @Test
    void a_bad_login_names_both_the_user_and_the_password() {
        TestBackend.sql("CREATE SCHEMA " + schema);
        Map<String, String> config = everyKey();
        config.put(PREFIX + "control.user", "no_such_role_for_stowage");
        config.put(PREFIX + "control.password", "hunter2");
        assertThatThrownBy(() -> Stowage.open(config)).isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining(PREFIX + "control.user").hasMessageContaining(PREFIX + "control.password")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void a_key_the_provider_does_not_read_is_rejected_naming_it() {
        Map<String, String> config = everyKey();
        config.put(PREFIX + "stages", "off");
        assertThatThrownBy(() -> Stowage.open(config)).isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining(PREFIX + "stages");
    }
}
