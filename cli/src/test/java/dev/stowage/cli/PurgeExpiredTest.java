package dev.stowage.cli;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.TenantId;
import dev.stowage.testkit.TestServers;
import dev.stowage.token.CredentialDraft;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code stowage purge-expired} on PostgreSQL: what has expired is removed, the rest stays. */
class PurgeExpiredTest {

    private final String schema = "cli_purge_" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void dropSchema() throws Exception {
        Servers.dropSchema(schema);
    }

    @Test
    void removesExpiredCredentialsOfEveryTenant() {
        Instant now = Instant.now();
        // Written by stores whose clock is a day behind, so that an expiry an hour ago was still ahead then.
        Map<String, String> config = Map.of("stowage.backend", "postgres", "stowage.postgres.url",
                TestServers.postgresUrl(), "stowage.postgres.schema", schema);
        try (Stores past = Stowage.open(dev.stowage.StowageConfig.of(config),
                Clock.fixed(now.minus(Duration.ofDays(1)), ZoneOffset.UTC))) {
            for (String tenant : List.of("acme", "globex")) {
                Stores view = past.forTenant(TenantId.of(tenant));
                view.tokens().putCredential(CredentialDraft.builder("old", "google", "a")
                        .expiresAt(now.minus(Duration.ofHours(1))).build());
                view.tokens().putCredential(CredentialDraft.builder("new", "google", "b")
                        .expiresAt(now.plus(Duration.ofDays(30))).build());
            }
        }
        List<String> args = new ArrayList<>(List.of("purge-expired", "--json"));
        args.addAll(Servers.postgres("on", schema));

        Cli.Result purged = Cli.run(args);

        assertThat(purged.exitCode()).as(purged.toString()).isZero();
        assertThat(purged.out()).contains("\"removed\":{\"acme\":1,\"globex\":1}");
        try (Stores postgres = Servers.openPostgres(schema)) {
            assertThat(postgres.forTenant(TenantId.of("acme")).tokens().credential("new", "google")).isPresent();
        }
    }
}
