package dev.stowage;

import dev.stowage.FakeBackendProvider.FakeBackend;
import dev.stowage.exception.StoreConfigurationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Named backend instances: {@code stowage.backends.<name>.type} and the instance's own keys. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StowageBackendInstancesTest {

    @BeforeEach
    void resetFakeBackends() {
        FakeBackendProvider.opened.clear();
    }

    @Test
    void a_named_instance_sees_its_own_keys_as_its_types_keys_and_no_other_instances_keys() {
        try (Stores stores = Stowage.open(Map.of(
                "stowage.backend", "fake",
                "stowage.fake.pool.max-size", "3",
                "stowage.backends.archive.type", "fake",
                "stowage.backends.archive.pool.max-size", "7",
                "stowage.tokens.backend", "archive",
                "stowage.tenant", "acme"))) {
            FakeBackend single = (FakeBackend) stores.contactsBackend();
            FakeBackend archive = (FakeBackend) stores.tokensBackend();
            assertThat(stores.creditsBackend()).isSameAs(single);
            assertThat(single.poolMaxSize).isEqualTo(3);
            assertThat(archive.poolMaxSize).isEqualTo(7);
            assertThat(archive.config.keys()).containsExactlyInAnyOrder("stowage.backend", "stowage.tokens.backend",
                    "stowage.tenant", "stowage.fake.pool.max.size");
            assertThat(single.config.keys()).containsExactlyInAnyOrder("stowage.backend", "stowage.tokens.backend",
                    "stowage.tenant", "stowage.fake.pool.max-size");
        }
        assertThat(FakeBackendProvider.opened).hasSize(2).allSatisfy(b -> assertThat(b.closeCount).isEqualTo(1));
    }

    @Test
    void two_instances_of_one_backend_are_each_opened_once_however_many_stores_use_them() {
        try (Stores stores = Stowage.open(Map.of(
                "stowage.backends.old-db.type", "fake",
                "stowage.backends.old-db.pool.max-size", "4",
                "stowage.backends.new-db.type", "fake",
                "stowage.backends.new-db.pool.max-size", "8",
                "stowage.backend", "old-db",
                "stowage.tokens.backend", "new-db"))) {
            assertThat(stores.backends()).hasSize(2);
            assertThat(((FakeBackend) stores.contactsBackend()).poolMaxSize).isEqualTo(4);
            assertThat(stores.creditsBackend()).isSameAs(stores.contactsBackend());
            assertThat(((FakeBackend) stores.tokensBackend()).poolMaxSize).isEqualTo(8);
        }
        assertThat(FakeBackendProvider.opened).hasSize(2).allSatisfy(b -> assertThat(b.closeCount).isEqualTo(1));
    }

    @Test
    void instances_are_declared_from_the_environment_with_relaxed_keys() {
        try (Stores stores = Stowage.open(StowageConfig.fromEnvironment(Map.of(
                "STOWAGE_BACKENDS_OLD_DB_TYPE", "fake",
                "STOWAGE_BACKENDS_OLD_DB_POOL_MAX_SIZE", "5",
                "STOWAGE_BACKEND", "old-db")))) {
            assertThat(((FakeBackend) stores.contactsBackend()).poolMaxSize).isEqualTo(5);
        }
    }

    @Test
    void an_instance_named_after_a_backend_must_be_of_that_backend_and_not_also_use_its_single_instance_keys() {
        try (Stores stores = Stowage.open(Map.of("stowage.backends.other.type", "other",
                "stowage.backends.other.pool.max-size", "6", "stowage.backend", "other"))) {
            assertThat(((FakeBackend) stores.contactsBackend()).poolMaxSize).isEqualTo(6);
        }
        assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backends.fake.type", "other", "stowage.backend", "fake")))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("backend instance 'fake'").hasMessageContaining("must be of type 'fake'");
        assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backends.postgres.type", "fake",
                "stowage.backend", "postgres")))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("must be of type 'postgres'");
        assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backends.other.type", "other",
                "stowage.other.pool.max-size", "2", "stowage.backend", "other")))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("configured twice").hasMessageContaining("stowage.other.pool.max-size");
        assertThat(FakeBackendProvider.opened).hasSize(1);
    }

    @Test
    void a_malformed_instance_name_is_refused_saying_what_names_may_hold() {
        assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backends.old db.type", "fake", "stowage.backend", "fake")))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("stowage.backends.old db.type")
                .hasMessageContaining("lower-case letters, digits and '-'");
    }

    @Test
    void an_unknown_key_of_an_instance_is_named_with_the_instances_valid_keys() {
        assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backends.archive.type", "fake",
                "stowage.backends.archive.colour", "red", "stowage.backend", "archive")))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("'stowage.backends.archive.colour'")
                .hasMessageContaining("backend instance 'archive' (type fake)")
                .hasMessageContaining("stowage.backends.archive.pool.max-size")
                .hasMessageContaining("stowage.backends.archive.type");
        assertThat(FakeBackendProvider.opened).isEmpty();
    }

    @Test
    void an_instance_without_a_type_says_which_key_to_add() {
        assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backends.archive.pool.max-size", "3",
                "stowage.backend", "archive")))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("'stowage.backends.archive.pool.max-size' belongs to no declared backend instance")
                .hasMessageContaining("stowage.backends.archive.type").hasMessageContaining("fake, other");
        assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backends.archive.type", "", "stowage.backend", "archive")))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("backend instance 'archive' has no type")
                .hasMessageContaining("stowage.backends.archive.type");
    }

    @Test
    void an_instance_of_a_missing_or_unknown_backend_names_the_dependency_or_the_available_backends() {
        assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backends.archive.type", "postgres",
                "stowage.backends.archive.url", "jdbc:postgresql://db/archive", "stowage.backend", "archive")))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("backend instance 'archive' is of type 'postgres'")
                .hasMessageContaining("add the dependency dev.stowage:stowage-postgres");
        assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backends.archive.type", "cassandra",
                "stowage.backend", "archive")))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("unknown backend type 'cassandra'").hasMessageContaining("fake, other");
    }

    @Test
    void an_undeclared_instance_is_an_unknown_backend_listing_the_declared_ones() {
        assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backends.archive.type", "fake",
                "stowage.backend", "archiv")))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("unknown backend 'archiv'; available: fake, other")
                .hasMessageContaining("declared backend instances: archive");
    }

    @Test
    void an_instance_that_fails_to_open_names_its_own_keys_and_closes_the_ones_already_opened() {
        assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backend", "fake",
                "stowage.backends.archive.type", "fake", "stowage.backends.archive.fail", "true",
                "stowage.tokens.backend", "archive")))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageStartingWith("backend instance 'archive': stowage.backends.archive.fail is true")
                .hasCauseInstanceOf(StoreConfigurationException.class);
        assertThat(FakeBackendProvider.opened).singleElement().satisfies(b -> assertThat(b.closeCount).isEqualTo(1));
    }

    @Test
    void a_declared_instance_no_store_uses_is_checked_but_not_opened() {
        try (Stores stores = Stowage.open(Map.of("stowage.backend", "fake",
                "stowage.backends.spare.type", "other"))) {
            assertThat(stores.backends()).hasSize(1);
        }
        assertThat(FakeBackendProvider.opened).hasSize(1);
    }
}
