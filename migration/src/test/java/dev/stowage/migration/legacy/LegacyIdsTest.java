package dev.stowage.migration.legacy;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** UUIDv5 as RFC 4122 defines it, and the namespace rule. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LegacyIdsTest {

    @Test
    void uuid5_matches_the_reference_implementations() {
        // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        assertThat(LegacyIds.uuid5(dns, "python.org")).isEqualTo(UUID.fromString("886313e1-3b8a-5372-9b90-0c9aee199e5d"));
        assertThat(LegacyIds.uuid5(dns, "python.org").version()).isEqualTo(5);
        assertThat(LegacyIds.uuid5(dns, "python.org").variant()).isEqualTo(2);
    }

    @Test
    void ids_are_nested_namespaces_the_same_on_every_call_and_distinct_per_collection_and_namespace() {
        // Python: uuid.uuid5(uuid.NAMESPACE_URL, "https://stowage.dev/migration/legacy"), then uuid5(ROOT, "lead-gen-2019")
        assertThat(LegacyIds.ROOT).isEqualTo(UUID.fromString("42e23256-2576-5692-a8f9-3ebcb9e4cf11"));
        assertThat(LegacyIds.namespace("lead-gen-2019")).isEqualTo(UUID.fromString("2315e85b-4e8e-520c-84a0-9248a3e9c46b"));
        assertThat(LegacyIds.id(LegacyIds.namespace("lead-gen-2019"), "users", "u3"))
                .isEqualTo(UUID.fromString("89feea1b-7d99-5400-8812-5b26ec2eecfc"));
        UUID namespace = LegacyIds.namespace("crm-2019");
        assertThat(namespace).isEqualTo(LegacyIds.uuid5(LegacyIds.ROOT, "crm-2019"));
        assertThat(LegacyIds.ROOT).isEqualTo(LegacyIds.uuid5(LegacyIds.NAMESPACE_URL, "https://stowage.dev/migration/legacy"));
        UUID id = LegacyIds.id(namespace, "users", "42");
        assertThat(id).isEqualTo(LegacyIds.uuid5(LegacyIds.uuid5(namespace, "users"), "42"))
                .isEqualTo(LegacyIds.id(LegacyIds.namespace("crm-2019"), "users", "42"))
                .isNotEqualTo(LegacyIds.id(namespace, "user", "s42"))
                .isNotEqualTo(LegacyIds.id(LegacyIds.namespace("crm-2020"), "users", "42"));
    }
}
