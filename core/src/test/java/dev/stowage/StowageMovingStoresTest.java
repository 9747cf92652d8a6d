package dev.stowage;

import dev.stowage.FakeBackendProvider.FakeBackend;
import dev.stowage.RecordingMigrationProvider.MovingBackend;
import dev.stowage.encryption.EncryptingBackend;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.spi.StoreMigrationContext;
import dev.stowage.spi.StoreMigrationProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Moving stores: {@code stowage.<store>.migration.to} and the {@link StoreMigrationProvider} it hands the store to. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StowageMovingStoresTest {

    @TempDir
    Path services;

    @BeforeEach
    void resetRecorders() {
        FakeBackendProvider.opened.clear();
        RecordingMigrationProvider.opened.clear();
        RecordingDecoratorProvider.decorated.clear();
    }

    private ExtraServices migrationProvider() {
        return ExtraServices.register(services, StoreMigrationProvider.class, RecordingMigrationProvider.class);
    }

    @Test
    void without_a_migration_provider_a_migration_key_names_the_module_to_add() {
        assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backend", "fake", "stowage.contacts.migration.to", "other")))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("'stowage.contacts.migration.to' is for moving the contacts store")
                .hasMessageContaining("add the dependency dev.stowage:stowage-migration");
        assertThat(FakeBackendProvider.opened).isEmpty();
    }

    @Test
    void a_moving_store_is_served_by_the_providers_backend_over_both_backends() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        Stores stores;
        try (ExtraServices ignored = migrationProvider()) {
            stores = Stowage.open(StowageConfig.of(Map.of("stowage.backend", "fake",
                    "stowage.contacts.migration.to", "other", "stowage.contacts.migration.stage", "dual-write")), clock);
        }
        try (stores) {
            MovingBackend moving = (MovingBackend) stores.contactsBackend();
            StoreMigrationContext context = moving.context;
            assertThat(context.store()).isEqualTo("contacts");
            assertThat(context.from().name()).isEqualTo("fake");
            assertThat(context.to().name()).isEqualTo("other");
            assertThat(context.config().get("stowage.contacts.migration.stage")).contains("dual-write");
            assertThat(context.clock()).isSameAs(clock);
            assertThat(stores.creditsBackend()).isSameAs(context.from());
            assertThat(stores.tokensBackend()).isSameAs(context.from());
        }
        assertThat(RecordingMigrationProvider.opened).singleElement().satisfies(b -> assertThat(b.closeCount).isEqualTo(1));
        assertThat(FakeBackendProvider.opened).extracting(b -> b.name).containsExactly("fake", "other");
        assertThat(FakeBackendProvider.opened).allSatisfy(b -> assertThat(b.closeCount).isPositive());
    }

    @Test
    void a_store_moves_to_a_named_instance_which_is_opened_once_when_another_store_already_uses_it() throws Exception {
        Stores stores;
        try (ExtraServices ignored = migrationProvider()) {
            stores = Stowage.open(Map.of("stowage.backend", "fake",
                    "stowage.backends.next.type", "fake", "stowage.backends.next.pool.max-size", "9",
                    "stowage.tokens.backend", "next", "stowage.contacts.migration.to", "next"));
        }
        try (stores) {
            MovingBackend moving = (MovingBackend) stores.contactsBackend();
            assertThat(((FakeBackend) moving.context.to()).poolMaxSize).isEqualTo(9);
            assertThat(moving.context.to()).isSameAs(stores.tokensBackend());
        }
        assertThat(FakeBackendProvider.opened).hasSize(2);
    }

    @Test
    void an_unknown_target_fails_naming_the_key_that_asks_for_it() throws Exception {
        try (ExtraServices ignored = migrationProvider()) {
            assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backend", "fake",
                    "stowage.contacts.migration.to", "nowhere", "stowage.credits.migration.to", "nowhere")))
                    .isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining("stowage.contacts.migration.to, stowage.credits.migration.to names 'nowhere'")
                    .hasMessageContaining("unknown backend 'nowhere'");
        }
    }

    @Test
    void a_store_cannot_move_to_the_backend_it_is_on() throws Exception {
        try (ExtraServices ignored = migrationProvider()) {
            assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backend", "other",
                    "stowage.contacts.backend", "fake", "stowage.contacts.migration.to", "fake")))
                    .isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining("stowage.contacts.migration.to is 'fake', the backend the contacts store is"
                            + " already on");
            assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backends.old.type", "fake",
                    "stowage.backend", "old", "stowage.credits.migration.to", "old")))
                    .isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining("stowage.credits.migration.to is 'old'");
        }
        assertThat(FakeBackendProvider.opened).isEmpty();
    }

    @Test
    void migration_keys_are_checked_against_the_providers_keys_and_need_a_target() throws Exception {
        try (ExtraServices ignored = migrationProvider()) {
            assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backend", "fake",
                    "stowage.contacts.migration.to", "other", "stowage.contacts.migration.colour", "red")))
                    .isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining("unknown configuration key 'stowage.contacts.migration.colour' for moving the"
                            + " contacts store")
                    .hasMessageContaining("[stowage.contacts.migration.fail, stowage.contacts.migration.stage,"
                            + " stowage.contacts.migration.to]");
            assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backend", "fake",
                    "stowage.tokens.migration.stage", "live")))
                    .isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining("stowage.tokens.migration.stage is set but stowage.tokens.migration.to is not");
            assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backend", "fake", "stowage.tokens.migration.to", " ")))
                    .isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining("stowage.tokens.migration.to is empty");
            assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backend", "fake",
                    "stowage.tokens.migration.to", "cassandra")))
                    .isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining("unknown backend 'cassandra'");
        }
        assertThat(FakeBackendProvider.opened).hasSize(1).allSatisfy(b -> assertThat(b.closeCount).isEqualTo(1));
    }

    @Test
    void encryption_wraps_both_token_backends_before_they_are_handed_over() throws Exception {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        Stores stores;
        try (ExtraServices ignored = migrationProvider()) {
            stores = Stowage.open(Map.of("stowage.backend", "fake", "stowage.tokens.migration.to", "other",
                    "stowage.tokens.encryption.active-key", "k1", "stowage.tokens.encryption.keys.k1", key));
        }
        try (stores) {
            StoreMigrationContext context = ((MovingBackend) stores.tokensBackend()).context;
            assertThat(context.store()).isEqualTo("tokens");
            assertThat(context.from()).isInstanceOf(EncryptingBackend.class);
            assertThat(context.to()).isInstanceOf(EncryptingBackend.class);
            assertThat(context.from().name()).isEqualTo("fake");
            assertThat(context.to().name()).isEqualTo("other");
        }
    }

    @Test
    void a_failing_provider_closes_every_backend_opened() throws Exception {
        try (ExtraServices ignored = migrationProvider()) {
            assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backend", "fake",
                    "stowage.contacts.migration.to", "other", "stowage.contacts.migration.fail", "true")))
                    .isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining("stowage.contacts.migration.fail is true");
        }
        assertThat(FakeBackendProvider.opened).hasSize(2).allSatisfy(b -> assertThat(b.closeCount).isEqualTo(1));
    }

    @Test
    void a_failure_after_the_handover_closes_the_moving_backend_too() throws Exception {
        try (ExtraServices ignored = migrationProvider()) {
            assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backend", "fake",
                    "stowage.credits.migration.to", "other",
                    "stowage.recorder.enabled", "true", "stowage.recorder.fail", "true")))
                    .isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining("the recorder was told to fail");
        }
        assertThat(RecordingMigrationProvider.opened).singleElement().satisfies(b -> assertThat(b.closeCount).isEqualTo(1));
        assertThat(FakeBackendProvider.opened).hasSize(2).allSatisfy(b -> assertThat(b.closeCount).isPositive());
    }

    @Test
    void two_migration_providers_on_the_class_path_are_refused() throws Exception {
        try (ExtraServices ignored = ExtraServices.register(services, StoreMigrationProvider.class,
                RecordingMigrationProvider.class, RecordingMigrationProvider.Second.class)) {
            assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backend", "fake")))
                    .isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining("two store migration providers are on the class path")
                    .hasMessageContaining(RecordingMigrationProvider.class.getName())
                    .hasMessageContaining(RecordingMigrationProvider.Second.class.getName())
                    .hasMessageContaining("remove one of the jars");
        }
        assertThat(FakeBackendProvider.opened).isEmpty();
    }
}
