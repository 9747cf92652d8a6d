package dev.stowage.readme;

import dev.stowage.TenantId;
import dev.stowage.contact.ContactDraft;
import dev.stowage.credit.Posting;
import dev.stowage.migration.ErrorPolicy;
import dev.stowage.migration.JsonLinesRejectSink;
import dev.stowage.migration.Migration;
import dev.stowage.migration.MigrationReport;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.checkpoint.FileCheckpointStore;
import dev.stowage.postgres.PostgresStores;
import dev.stowage.redis.RedisStores;
import dev.stowage.spi.StoreBackend;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java snippet of migration/README.md, as written: a copy from the private Redis to the
 * private PostgreSQL. It writes {@code checkpoints/} and {@code rejects.jsonl} in the working
 * directory, as the README shows; the test removes them.
 */
class MigrationReadmeTest {

    @Test
    void the_copy_from_redis_to_postgres_runs_as_written() throws Exception {
        try (StoreBackend redisBackend = RedisStores.builder(ReadmeServers.redisUri()).prefix("migration")
                .buildBackend();
             StoreBackend postgresBackend = PostgresStores.builder(ReadmeServers.jdbcUrl()).user("app")
                     .password(ReadmeServers.APP_PASSWORD).schema("migrated").buildBackend()) {
            redisBackend.contacts(TenantId.of("acme")).create(ContactDraft.builder("ada@example.com").build());
            redisBackend.credits(TenantId.of("globex")).post(Posting.purchase("user-42", 100));
            // README migration/README.md
            try (FileCheckpointStore checkpoints = FileCheckpointStore.in(Path.of("checkpoints"));
                 JsonLinesRejectSink rejects = JsonLinesRejectSink.open(Path.of("rejects.jsonl"))) {
                MigrationReport report = Migration.from(redisBackend).to(postgresBackend)
                        .stores(StoreKind.CONTACTS, StoreKind.CREDITS, StoreKind.TOKENS)
                        .tenants(TenantId.of("acme"), TenantId.of("globex"))
                        .runId("redis-to-postgres")
                        .checkpoints(checkpoints)
                        .batchSize(1_000).workers(4)
                        .onError(ErrorPolicy.SKIP_AND_RECORD).rejects(rejects)
                        .listener(event -> System.out.printf("%s %.0f%% %.0f/s%n", event.store(),
                                event.percent().orElse(0), event.ratePerSecond()))
                        .run();
                System.out.println(report.toTable());
                assertThat(report.isComplete()).isTrue(); // not in the README
            }
            // END README
            assertThat(postgresBackend.contacts(TenantId.of("acme")).findByEmail("ada@example.com")).hasSize(1);
            assertThat(postgresBackend.credits(TenantId.of("globex")).account("user-42")).isPresent();
        } finally {
            delete(Path.of("checkpoints"));
            Files.deleteIfExists(Path.of("rejects.jsonl"));
        }
    }

    private static void delete(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
