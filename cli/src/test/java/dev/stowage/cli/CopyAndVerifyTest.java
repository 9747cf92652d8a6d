package dev.stowage.cli;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stowage copy} Redis → PostgreSQL, then {@code verify}, clean and with a corrupted target.
 * The Redis source is seeded once and only read; each test copies into its own schema.
 */
class CopyAndVerifyTest {

    private static final String SOURCE = "cli_copy_" + UUID.randomUUID().toString().substring(0, 8);
    private static Stores redis;

    private final String name = "cli_copy_" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path state;

    @BeforeAll
    static void seed() {
        redis = Servers.openRedis(SOURCE);
        Servers.seed(redis, TenantId.of("acme"), 1_500);
        Servers.seed(redis, TenantId.of("globex"), 20);
    }

    @AfterAll
    static void eraseSource() {
        Servers.eraseAll(redis);
        redis.close();
    }

    @AfterEach
    void dropTarget() throws Exception {
        Servers.dropSchema(name);
    }

    private List<String> copy(String... extra) {
        List<String> args = new ArrayList<>(List.of("copy"));
        args.addAll(Servers.redis("from", SOURCE));
        args.addAll(Servers.postgres("to", name));
        args.addAll(List.of("--state-dir", state.toString(), "--batch-size", "500"));
        args.addAll(List.of(extra));
        return args;
    }

    private List<String> verify() {
        List<String> args = new ArrayList<>(List.of("verify"));
        args.addAll(Servers.redis("from", SOURCE));
        args.addAll(Servers.postgres("to", name));
        return args;
    }

    @Test
    void copiesEveryStoreAndVerifiesClean() {
        Cli.Result copied = Cli.run(copy());

        assertThat(copied.exitCode()).as(copied.toString()).isZero();
        assertThat(copied.out()).contains("Run copy-redis-to-postgres: redis -> postgres")
                .containsPattern("contacts\\s+contacts\\s+acme\\s+1500\\s+1500")
                .containsPattern("credits\\s+credit-accounts\\s+globex\\s+3\\s+3")
                .containsPattern("tokens\\s+refresh-families\\s+acme\\s+1\\s+1")
                .containsPattern("total\\s+1534\\s+1534");
        assertThat(state.resolve("checkpoints").resolve("copy-redis-to-postgres.json")).exists();
        try (Stores postgres = Servers.openPostgres(name)) {
            assertThat(postgres.forTenant(TenantId.of("acme")).credits().account("acct-2").orElseThrow().balance())
                    .isEqualTo(92);
        }

        Cli.Result verified = Cli.run(verify());
        assertThat(verified.exitCode()).as(verified.toString()).isZero();
        assertThat(verified.out()).contains("VALIDATED").doesNotContain("MISMATCHED");
    }

    @Test
    void aCorruptedTargetFailsVerificationNamingTheKeys() {
        assertThat(Cli.run(copy()).exitCode()).isZero();
        UUID changed;
        try (Stores postgres = Servers.openPostgres(name)) {
            Stores acme = postgres.forTenant(TenantId.of("acme"));
            Contact contact = acme.contacts().scan(null, 1).get(0);
            acme.contacts().update(contact.id(), contact.version(),
                    contact.toDraft().toBuilder().lastName("Tampered").build());
            changed = contact.id();
            acme.tokens().deleteCredential("user-2", "github");
        }

        Cli.Result verified = Cli.run(verify());

        assertThat(verified.exitCode()).as(verified.toString()).isEqualTo(1);
        assertThat(verified.out()).contains("MISMATCHED").contains(changed.toString()).contains("user-2")
                .contains("github");
    }

    @Test
    void theJsonReportIsOneObjectAndARerunOfAFinishedRunCopiesNothingMore() {
        assertThat(Cli.run(copy()).exitCode()).isZero();

        Cli.Result again = Cli.run(copy("--json"));

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out().trim()).startsWith("{").endsWith("}")
                .containsPattern("\"format\"\\s*:\\s*\"stowage-migration-report\"")
                .containsPattern("\"runId\"\\s*:\\s*\"copy-redis-to-postgres\"")
                .containsPattern("\"complete\"\\s*:\\s*true");
        assertThat(again.err()).doesNotContain("copy contacts:");
    }

    @Test
    void aDryRunWritesNothing() throws Exception {
        Cli.Result dry = Cli.run(List.of("dry-run", "--from", "redis", "--from-redis-uri",
                dev.stowage.testkit.TestServers.redisUri(), "--from-redis-prefix", SOURCE, "--to", "memory",
                "--state-dir", state.toString()));

        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("Dry run dry-run-redis-to-memory: redis -> memory").containsPattern("contacts\\s+contacts\\s+acme\\s+1500\\s+1500");
        assertThat(Files.exists(state.resolve("checkpoints").resolve("dry-run-redis-to-memory.json"))).isFalse();
    }
}
