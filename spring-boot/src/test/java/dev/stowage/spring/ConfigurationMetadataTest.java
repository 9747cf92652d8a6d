package dev.stowage.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.Stowage;
import dev.stowage.cache.Caching;
import dev.stowage.encryption.Keyring;
import dev.stowage.micrometer.MetricsDecoratorProvider;
import dev.stowage.migration.switching.SwitchingMigrationProvider;
import dev.stowage.postgres.PostgresBackendProvider;
import dev.stowage.redis.RedisBackendProvider;
import dev.stowage.spi.BackendOption;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written configuration metadata (IDE completion of {@code stowage.*}) lists exactly the
 * keys the library accepts: those of core, the cache, the meters, every backend's option table, the
 * named backend instances and each store's migration keys.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConfigurationMetadataTest {

    @Test
    void the_metadata_lists_every_key_stowage_open_accepts_and_no_other() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = new ObjectMapper().readTree(in);
        }
        Set<String> listed = new TreeSet<>();
        for (JsonNode property : metadata.get("properties")) {
            listed.add(property.get("name").asText());
            assertThat(property.get("description").asText()).as(property.toString()).isNotBlank();
        }

        Set<String> accepted = new TreeSet<>(Stowage.CORE_KEYS);
        accepted.add(Keyring.KEYS_PREFIX.substring(0, Keyring.KEYS_PREFIX.length() - 1));
        accepted.addAll(Caching.configKeys());
        accepted.add(MetricsDecoratorProvider.ENABLED);
        BackendOption.keys(PostgresBackendProvider.OPTIONS).forEach(key -> accepted.add("stowage.postgres." + key));
        BackendOption.keys(RedisBackendProvider.OPTIONS).forEach(key -> accepted.add("stowage.redis." + key));
        accepted.add("stowage.backends");
        for (String store : List.of("contacts", "credits", "tokens")) {
            accepted.add("stowage." + store + ".migration.to");
            new SwitchingMigrationProvider().configKeys().forEach(key -> accepted.add("stowage." + store + ".migration." + key));
        }

        assertThat(listed).isEqualTo(accepted);
    }
}
