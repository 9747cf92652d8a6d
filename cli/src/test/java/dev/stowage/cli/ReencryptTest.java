package dev.stowage.cli;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.TenantId;
import dev.stowage.testkit.TestServers;
import dev.stowage.token.CredentialDraft;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stowage reencrypt} on PostgreSQL: after a new active key, every secret moves to it, so the
 * old key can be removed from the configuration; a rerun finds nothing left; without encryption
 * configured it is a usage error.
 */
class ReencryptTest {

    private final String schema = "cli_reenc_" + UUID.randomUUID().toString().substring(0, 8);
    private final String oldKey = randomKey();
    private final String newKey = randomKey();

    @TempDir
    Path dir;

    @AfterEach
    void dropSchema() throws Exception {
        Servers.dropSchema(schema);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private Map<String, String> config(String active, Map<String, String> keys) {
        Map<String, String> config = new TreeMap<>(Map.of("stowage.backend", "postgres", "stowage.postgres.url",
                TestServers.postgresUrl(), "stowage.postgres.schema", schema, "stowage.tokens.encryption.active-key", active));
        keys.forEach((id, key) -> config.put("stowage.tokens.encryption.keys." + id, key));
        return config;
    }

    private List<String> reencrypt(Path keys) {
        List<String> args = new ArrayList<>(List.of("reencrypt", "--json"));
        args.addAll(Servers.postgres("on", schema));
        if (keys != null) {
            args.addAll(List.of("--on-config", keys.toString()));
        }
        return args;
    }

    @Test
    void movesEverySecretToTheActiveKeySoTheOldOneCanGo() throws Exception {
        try (Stores stores = Stowage.open(config("k1", Map.of("k1", oldKey)))) {
            stores.forTenant(TenantId.of("acme")).tokens().putCredential(
                    CredentialDraft.builder("ann", "google", "ann-access").refreshToken("ann-refresh").build());
            stores.forTenant(TenantId.of("acme")).tokens().putCredential(CredentialDraft.builder("bob", "github", "bob-access").build());
            stores.forTenant(TenantId.of("globex")).tokens().putCredential(CredentialDraft.builder("cy", "google", "cy-access").build());
        }
        Path keys = Files.writeString(dir.resolve("keys.properties"), "stowage.tokens.encryption.active-key=k2\n"
                + "stowage.tokens.encryption.keys.k1=" + oldKey + "\nstowage.tokens.encryption.keys.k2=" + newKey + "\n");

        Cli.Result moved = Cli.run(reencrypt(keys));

        assertThat(moved.exitCode()).as(moved.toString()).isZero();
        assertThat(moved.out()).contains("\"acme\":{\"read\":2,\"reencrypted\":2,\"overtaken\":0}")
                .contains("\"globex\":{\"read\":1,\"reencrypted\":1,\"overtaken\":0}");
        assertThat(moved.out() + moved.err()).doesNotContain(oldKey).doesNotContain(newKey);
        assertThat(storedSecrets()).hasSize(4).allSatisfy(value -> assertThat(value).startsWith("stowage-enc:v1:k2:"));
        try (Stores newKeyOnly = Stowage.open(config("k2", Map.of("k2", newKey)))) {
            assertThat(newKeyOnly.forTenant(TenantId.of("acme")).tokens().credential("ann", "google").orElseThrow()
                    .refreshToken()).isEqualTo("ann-refresh");
            assertThat(newKeyOnly.forTenant(TenantId.of("globex")).tokens().credential("cy", "google").orElseThrow()
                    .accessToken()).isEqualTo("cy-access");
        }

        Cli.Result again = Cli.run(reencrypt(keys));
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("\"acme\":{\"read\":2,\"reencrypted\":0,");
    }

    @Test
    void withoutEncryptionConfiguredItIsAUsageError() {
        Cli.Result refused = Cli.run(reencrypt(null));

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("no encryption configured").contains("stowage.tokens.encryption.active-key");
    }

    private List<String> storedSecrets() throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(TestServers.postgresUrl());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT access_token, refresh_token FROM " + schema + ".credential")) {
            while (rows.next()) {
                values.add(rows.getString(1));
                if (rows.getString(2) != null) {
                    values.add(rows.getString(2));
                }
            }
        }
        return values;
    }
}
