package dev.stowage.cli;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code stowage copy --from jsonl}: a mongoexport file into PostgreSQL through a mapping file. */
class LegacyCopyTest {

    private final String schema = "cli_legacy_" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        Servers.dropSchema(schema);
    }

    private List<String> copy(Path users, Path mapping, String... extra) {
        List<String> args = new ArrayList<>(List.of("copy", "--from", "jsonl", "--source-file", users.toString(),
                "--mapping", mapping.toString(), "--state-dir", dir.resolve("state").toString()));
        args.addAll(Servers.postgres("to", schema));
        args.addAll(List.of(extra));
        return args;
    }

    private Path mapping() throws Exception {
        return Files.writeString(dir.resolve("mapping.json"), """
                {"format":"stowage-legacy-mapping","version":1,"namespace":"cli-test",
                 "collections":[{"collection":"users","target":"contacts","fields":{
                   "email":{"from":"email","required":true},"firstName":{"from":"name"},
                   "source":{"value":"mongo"},"sourceId":{"from":"$legacyId"},
                   "createdAt":{"from":"createdAt","convert":"iso-instant","required":true}}}]}
                """);
    }

    @Test
    void importsAMongoexportFileWithUuid5IdsAndTheFourLayers() throws Exception {
        Path users = Files.writeString(dir.resolve("users.jsonl"), """
                {"_id":{"$oid":"5f1d7a3b2c4e6f8a9b0c1d2e"},"name":"Ada","email":"ada@example.com","createdAt":{"$date":"2020-07-26T12:34:56.789Z"}}
                {"_id":{"$oid":"5f1d7a3b2c4e6f8a9b0c1d2f"},"name":"Grace","email":"grace@example.com","createdAt":{"$date":"2021-01-01T00:00:00Z"}}
                """);

        Cli.Result copied = Cli.run(copy(users, mapping()));

        assertThat(copied.exitCode()).as(copied.toString()).isZero();
        assertThat(copied.out()).containsPattern("contacts\\s+contacts\\s+default\\s+users\\s+2\\s+2")
                .contains("VALIDATED");
        try (Stores postgres = Servers.openPostgres(schema)) {
            // Python: uuid5(uuid5(uuid5(ROOT, "cli-test"), "users"), "5f1d7a3b2c4e6f8a9b0c1d2e")
            assertThat(postgres.forTenant(TenantId.DEFAULT).contacts().findByEmail("ada@example.com").get(0).id())
                    .hasToString("3d4ba733-f100-5cde-9ab3-0e896a2d091f");
        }
    }

    @Test
    void aRejectedRecordMakesTheExitCodeOneAndLandsInTheRejectsFile() throws Exception {
        Path users = Files.writeString(dir.resolve("users.jsonl"), """
                {"_id":"good","name":"Ada","email":"ada@example.com","createdAt":{"$date":"2020-07-26T12:34:56.789Z"}}
                {"_id":"bad-date","name":"Bad","email":"bad@example.com","createdAt":"yesterday"}
                """);

        Cli.Result copied = Cli.run(copy(users, mapping(), "--on-error", "skip"));

        assertThat(copied.exitCode()).as(copied.toString()).isEqualTo(1);
        assertThat(copied.out()).containsPattern("users\\s+2\\s+1\\s+0\\s+1");
        Path rejects = dir.resolve("state").resolve("rejects").resolve("copy-jsonl-to-postgres.jsonl");
        assertThat(Files.readString(rejects)).contains("bad-date").contains("iso-instant");
    }
}
