package dev.stowage.cli;

import dev.stowage.Stores;
import dev.stowage.migration.archive.ArchiveImport;
import dev.stowage.migration.archive.ArchiveSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code stowage import FILE}: restores an archive into any backend.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Restore an archive written by export into any backend, with the stores' bulk imports: records "
                + "the target already holds at the same or a newer version are skipped, so an interrupted import "
                + "is simply run again.",
                "Exit 0 when imported, 1 when the archive is truncated or invalid, 2 on a usage error, "
                        + "3 when the server does not answer, 130 when stopped."})
final class ImportCommand extends StowageCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The archive to read (plain or gzip).")
    Path file;

    @Option(names = "--to", paramLabel = "BACKEND", description = "The backend to restore into: memory, postgres or redis.")
    String to;

    @Option(names = "--to-config", paramLabel = "FILE", description = "Its own stowage.* properties file.")
    List<Path> toConfig = new ArrayList<>();

    @Option(names = "--batch-size", defaultValue = "1000", description = "Records per import call, 1..1000; "
            + "default ${DEFAULT-VALUE}.")
    int batchSize;

    @Override
    public Integer call() {
        if (!java.nio.file.Files.isReadable(file)) {
            throw new CliUsageException("cannot read the archive " + file + ": no such file, or not readable");
        }
        SideConfig target = side("to", to, toConfig);
        try (Resources resources = new Resources()) {
            Stores stores = resources.add(open(target));
            ArchiveImport restore = ArchiveImport.from(file).into(stores).batchSize(batchSize);
            ArchiveSummary summary;
            context.onStop(restore::stop);
            try (ProgressDisplay display = display("import")) {
                // The total is estimated from the share of the file read so far (it moves evenly).
                summary = restore.listener((records, done, fraction) -> display.update(done,
                        fraction > 0 ? Math.round(done / fraction) : -1, records.label())).run();
            } finally {
                context.onStop(null);
            }
            print(json ? summary.toJson() : summary.toTable());
            return summary.complete() ? OK : STOPPED;
        }
    }
}
