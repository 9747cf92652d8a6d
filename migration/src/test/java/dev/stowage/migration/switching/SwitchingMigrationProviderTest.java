package dev.stowage.migration.switching;

import dev.stowage.StowageConfig;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.TestBackend;
import dev.stowage.spi.StoreBackend;
import dev.stowage.spi.StoreMigrationContext;
import dev.stowage.spi.StoreMigrationProvider;
import dev.stowage.testkit.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The provider Stowage.open calls for a moving store, called directly with a StoreMigrationContext. */
class SwitchingMigrationProviderTest {

    @TempDir
    Path dir;

    private static SwitchingBackend open(String store, Map<String, Object> keys) {
        StoreMigrationContext context = new StoreMigrationContext(store, InMemoryStores.backend(Clock.systemUTC()),
                InMemoryStores.backend(Clock.systemUTC()), StowageConfig.of(keys), Clock.systemUTC());
        return (SwitchingBackend) new SwitchingMigrationProvider().open(context);
    }

    @Test
    void it_is_found_by_the_service_loader_and_lists_its_keys() {
        assertThat(ServiceLoader.load(StoreMigrationProvider.class).stream().map(ServiceLoader.Provider::type))
                .containsExactly(SwitchingMigrationProvider.class);
        assertThat(new SwitchingMigrationProvider().configKeys()).contains("stage", "flag", "shadow.ratio",
                "repair-queue", "control.url").doesNotContain("to");
    }

    @Test
    void a_static_stage_serves_only_the_moving_store_from_it() {
        try (SwitchingBackend backend = open("credits", Map.of("stowage.credits.migration.stage", "live",
                "stowage.credits.migration.repair-queue", "file",
                "stowage.credits.migration.repair-queue.path", dir.resolve("repairs.jsonl").toString()))) {
            assertThat(backend.stage(StoreKind.CREDITS)).isEqualTo(Stage.LIVE);
            assertThat(backend.stage(StoreKind.CONTACTS)).isEqualTo(Stage.OFF);
            assertThat(backend.repairQueue()).isInstanceOf(FileRepairQueue.class);
            assertThatThrownBy(() -> backend.controller(StoreKind.CREDITS)).hasMessageContaining("not changed from code");
        }
    }

    @Test
    void a_programmatic_stage_is_driven_through_the_controller() {
        try (SwitchingBackend backend = open("contacts", Map.of("stowage.contacts.migration.flag", "programmatic",
                "stowage.contacts.migration.reconcile-interval", "0s"))) {
            assertThat(backend.controller(StoreKind.CONTACTS).advance()).isEqualTo(Stage.DUAL_WRITE);
            assertThat(backend.repairQueue()).isInstanceOf(MemoryRepairQueue.class);
        }
    }

    @Test
    void a_shared_stage_and_a_postgres_queue_live_in_the_control_database() {
        String schema = "sw_provider_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        TestBackend.sql("CREATE SCHEMA " + schema);
        Map<String, Object> keys = new HashMap<>();
        keys.put("stowage.tokens.migration.flag", "shared");
        keys.put("stowage.tokens.migration.stage", "dual-write");
        keys.put("stowage.tokens.migration.name", "provider-test");
        keys.put("stowage.tokens.migration.control.url", TestServers.postgresUrl());
        keys.put("stowage.tokens.migration.control.schema", schema);
        keys.put("stowage.tokens.migration.shadow.ratio", "0.5");
        try (SwitchingBackend first = open("tokens", keys); SwitchingBackend second = open("tokens", keys)) {
            assertThat(first.repairQueue()).isInstanceOf(PostgresRepairQueue.class);
            assertThat(first.stage(StoreKind.TOKENS)).isEqualTo(Stage.DUAL_WRITE);
            first.controller(StoreKind.TOKENS).back();
            Steps.eventually(() -> second.stage(StoreKind.TOKENS) == Stage.OFF, java.time.Duration.ofSeconds(10));
        } finally {
            TestBackend.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void a_bad_value_fails_naming_the_key_and_never_shows_the_control_url() {
        assertThatThrownBy(() -> open("contacts", Map.of("stowage.contacts.migration.stage", "sideways")))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("stowage.contacts.migration.stage");
        assertThatThrownBy(() -> open("contacts", Map.of("stowage.contacts.migration.flag", "coin")))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("stowage.contacts.migration.flag");
        assertThatThrownBy(() -> open("contacts", Map.of("stowage.contacts.migration.shadow.ratio", "2")))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("shadow.ratio");
        assertThatThrownBy(() -> open("contacts", Map.of("stowage.contacts.migration.flag", "shared")))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("control.url");
        assertThatThrownBy(() -> open("contacts", Map.of("stowage.contacts.migration.repair-queue", "file")))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("repair-queue.path");
        assertThatThrownBy(() -> open("contacts", Map.of("stowage.contacts.migration.flag", "shared",
                "stowage.contacts.migration.control.url", "jdbc:postgresql://127.0.0.1:1/x?password=hunter2")))
                .hasMessageNotContaining("hunter2");
    }
}
