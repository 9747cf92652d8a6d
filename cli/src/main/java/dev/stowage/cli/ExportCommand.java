package dev.stowage.cli;

import dev.stowage.Stores;
import dev.stowage.migration.archive.ArchiveExport;
import dev.stowage.migration.archive.ArchiveSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code stowage export FILE}: a backup of every store of one backend as a gzip JSON Lines archive.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write every record of every store (contacts, credit accounts with their ledgers, credentials, "
                + "refresh-token families, the access-token denylist) of one backend to a backend-agnostic archive: "
                + "JSON Lines, gzip-compressed when FILE ends in .gz. The file appears only once complete.",
                "The archive holds credential secrets in clear: protect it like the database.",
                "Exit 0 when written, 2 on a usage error, 3 when the server does not answer, 130 when stopped (no file)."})
final class ExportCommand extends StowageCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The archive to write, e.g. backup.jsonl.gz.")
    Path file;

    @Option(names = "--from", paramLabel = "BACKEND", description = "The backend to export: memory, postgres or redis.")
    String from;

    @Option(names = "--from-config", paramLabel = "FILE", description = "Its own stowage.* properties file.")
    List<Path> fromConfig = new ArrayList<>();

    @Option(names = "--stores", split = ",", paramLabel = "STORE",
            description = "contacts, credits, tokens (comma-separated); default all.")
    List<String> stores = new ArrayList<>();

    @Option(names = "--tenant", split = ",", paramLabel = "TENANT",
            description = "Tenants to export; default every tenant the backend lists.")
    List<String> tenants = new ArrayList<>();

    @Override
    public Integer call() {
        SideConfig source = side("from", from, fromConfig);
        try (Resources resources = new Resources()) {
            Stores stores = resources.add(open(source));
            ArchiveExport export = ArchiveExport.from(stores);
            if (!this.stores.isEmpty()) {
                export.stores(storeKinds(this.stores));
            }
            if (!tenants.isEmpty()) {
                export.tenants(tenantIds(tenants));
            }
            ArchiveSummary summary;
            context.onStop(export::stop);
            try (ProgressDisplay display = display("export")) {
                summary = export.listener((records, done, fraction) -> display.update(done, -1, records.label()))
                        .to(file);
            } finally {
                context.onStop(null);
            }
            print(json ? summary.toJson() : summary.toTable());
            return summary.complete() ? OK : STOPPED;
        }
    }
}
