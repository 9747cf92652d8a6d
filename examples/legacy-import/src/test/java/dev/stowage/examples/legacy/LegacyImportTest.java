package dev.stowage.examples.legacy;

import dev.stowage.StowageConfig;
import dev.stowage.migration.MigrationReport;
import dev.stowage.migration.verify.VerificationState;
import dev.stowage.testkit.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the legacy-import example against PostgreSQL and checks its report and ids. */
class LegacyImportTest {

    private final String schema = "legacy_example_" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection connection = DriverManager.getConnection(TestServers.postgresUrl());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void importsTheMongoexportFilesWithUuid5IdsAndAValidatedReport() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        MigrationReport report = LegacyImport.run(Path.of("data"), StowageConfig.of(Map.of(
                        "stowage.backend", "postgres", "stowage.postgres.url", TestServers.postgresUrl(),
                        "stowage.postgres.schema", schema)),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(report.validation().orElseThrow().state()).isEqualTo(VerificationState.VALIDATED);
        assertThat(printed).containsPattern("contacts\\s+contacts\\s+default\\s+users\\s+3\\s+3")
                .containsPattern("credits\\s+credit-accounts\\s+default\\s+credits\\s+2\\s+2")
                .contains("VALIDATED");
        // Python: uuid5(uuid5(uuid5(uuid5(NAMESPACE_URL, "https://stowage.dev/migration/legacy"), "example-crm"),
        //               "users"), "5f1d7a3b2c4e6f8a9b0c1d2e")
        assertThat(printed).contains("ada's id (UUIDv5 of example-crm/users/5f1d7a3b2c4e6f8a9b0c1d2e): "
                + "85915ca3-d361-5c6e-9154-568575606031");
    }
}
