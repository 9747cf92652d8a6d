package dev.stowage.examples.legacy;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.StowageConfig;
import dev.stowage.migration.Migration;
import dev.stowage.migration.MigrationReport;
import dev.stowage.migration.legacy.LegacyMapping;
import dev.stowage.migration.source.jsonl.JsonLinesSource;
import dev.stowage.migration.verify.VerificationState;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * A legacy import: two mongoexport files (users and credit balances) mapped by a JSON mapping
 * file into PostgreSQL, every record getting a deterministic UUIDv5 id, and the four-layer
 * validation report (counts, field compare, referential integrity, type conversions).
 * PostgreSQL comes from {@code STOWAGE_POSTGRES_URL} (default the local test database) and the
 * tables go to {@code STOWAGE_POSTGRES_SCHEMA} (default {@code legacy_import_example}).
 */
public final class LegacyImport {

    private LegacyImport() {
    }

    /**
     * @param args the directory holding users.jsonl, credits.jsonl and mapping.json
     */
    public static void main(String[] args) {
        Path data = Path.of(args.length > 0 ? args[0] : "examples/legacy-import/data");
        StowageConfig config = StowageConfig.of(Map.of(
                        "stowage.backend", "postgres",
                        "stowage.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test",
                        "stowage.postgres.user", "postgres",
                        "stowage.postgres.schema", "legacy_import_example"))
                .overriddenBy(StowageConfig.fromEnvironment());
        MigrationReport report = run(data, config, System.out);
        if (report.validation().map(v -> v.state() != VerificationState.VALIDATED).orElse(true)) {
            throw new IllegalStateException("the import did not validate: see the report above");
        }
    }

    /**
     * @param data   the directory of the files
     * @param config the target's configuration
     * @param out    where the report is printed
     * @return the report
     */
    public static MigrationReport run(Path data, StowageConfig config, PrintStream out) {
        try (Stores postgres = Stowage.open(config);
             JsonLinesSource source = JsonLinesSource.of(data.resolve("users.jsonl"), data.resolve("credits.jsonl"))) {
            MigrationReport report = Migration.fromSource(source, LegacyMapping.fromFile(data.resolve("mapping.json")))
                    .to(postgres)
                    .runId("legacy-import-example")
                    .metrics(false)
                    .run();
            out.print(report.toTable());
            postgres.contacts().findByEmail("ada@example.com").forEach(ada ->
                    out.println("ada's id (UUIDv5 of example-crm/users/5f1d7a3b2c4e6f8a9b0c1d2e): " + ada.id()));
            return report;
        }
    }
}
