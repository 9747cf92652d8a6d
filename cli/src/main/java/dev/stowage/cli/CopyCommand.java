package dev.stowage.cli;

import dev.stowage.Stores;
import dev.stowage.migration.ErrorPolicy;
import dev.stowage.migration.JsonLinesRejectSink;
import dev.stowage.migration.Migration;
import dev.stowage.migration.MigrationReport;
import dev.stowage.migration.ProgressEvent;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.checkpoint.FileCheckpointStore;
import dev.stowage.migration.checkpoint.MemoryCheckpointStore;
import dev.stowage.migration.legacy.FileIdMappingStore;
import dev.stowage.migration.legacy.MemoryIdMappingStore;
import dev.stowage.migration.legacy.LegacyMapping;
import dev.stowage.migration.source.jsonl.JsonLinesSource;
import dev.stowage.migration.verify.VerificationState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code stowage copy}: the migration engine from one side to the other, resumable through file
 * checkpoints; {@code --from jsonl} reads mongoexport / JSON Lines files through a mapping file.
 */
@Command(name = "copy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copy every store from one backend to another (or a legacy JSON Lines export through a "
                + "mapping file), in batches, checkpointed: rerun the same command to resume.",
                "Exit 0 when everything was copied, 1 when records were rejected, 2 on a usage error, "
                        + "3 when a server does not answer, 130 when stopped by Ctrl-C."})
class CopyCommand extends StowageCommand {

    /** The {@code --from} value of a legacy JSON Lines / mongoexport source. */
    static final String JSONL = "jsonl";

    @Option(names = "--from", paramLabel = "BACKEND",
            description = "Where to copy from: memory, postgres, redis, or jsonl (legacy files, with --mapping).")
    String from;

    @Option(names = "--to", paramLabel = "BACKEND", description = "Where to copy to: memory, postgres or redis.")
    String to;

    @Option(names = "--from-config", paramLabel = "FILE", description = "The source's own stowage.* properties file.")
    List<Path> fromConfig = new ArrayList<>();

    @Option(names = "--to-config", paramLabel = "FILE", description = "The target's own stowage.* properties file.")
    List<Path> toConfig = new ArrayList<>();

    @Option(names = "--stores", split = ",", paramLabel = "STORE",
            description = "contacts, credits, tokens (comma-separated); default all.")
    List<String> stores = new ArrayList<>();

    @Option(names = "--tenant", split = ",", paramLabel = "TENANT",
            description = "Tenants to copy (comma-separated); default every tenant the source lists.")
    List<String> tenants = new ArrayList<>();

    @Option(names = "--batch-size", defaultValue = "1000", description = "Records per batch; default ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--workers", defaultValue = "4", description = "Partitions copied at once; default ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--run-id", paramLabel = "ID",
            description = "The run's name in the checkpoints; default copy-<from>-to-<to>. The same id resumes.")
    String runId;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".stowage",
            description = "Where checkpoints (DIR/checkpoints/<run-id>.json), rejects (DIR/rejects/<run-id>.jsonl) "
                    + "and legacy id mappings (DIR/ids) live; default ${DEFAULT-VALUE} in the working directory.")
    Path stateDir;

    @Option(names = "--on-error", defaultValue = "stop", paramLabel = "POLICY",
            description = "stop (the first bad record fails the run) or skip (reject it to the rejects file and go on); "
                    + "default ${DEFAULT-VALUE}.")
    String onError;

    @Option(names = "--rejects", paramLabel = "FILE", description = "The rejects file; default under --state-dir.")
    Path rejects;

    @Option(names = "--force", description = "Resume a run whose stores, tenants or sides changed.")
    boolean force;

    @Option(names = "--mapping", paramLabel = "FILE", description = "With --from jsonl: the legacy mapping JSON file.")
    Path mapping;

    @Option(names = "--source-file", paramLabel = "[COLLECTION=]FILE",
            description = "With --from jsonl: a mongoexport / JSON Lines file (plain or gzip), its collection named "
                    + "after the file unless given; repeatable.")
    List<String> sourceFiles = new ArrayList<>();

    @Option(names = "--id-field", defaultValue = "_id",
            description = "With --from jsonl: the field of each record's legacy id; default ${DEFAULT-VALUE}.")
    String idField;

    /** @return whether this is {@code dry-run} */
    boolean dryRun() {
        return false;
    }

    @Override
    public Integer call() {
        ErrorPolicy policy = switch (onError) {
            case "stop" -> ErrorPolicy.STOP;
            case "skip" -> ErrorPolicy.SKIP_AND_RECORD;
            default -> throw new CliUsageException("--on-error takes stop or skip, not '" + onError + "'");
        };
        boolean legacy = JSONL.equals(from);
        if (legacy && (mapping == null || sourceFiles.isEmpty())) {
            throw new CliUsageException("--from jsonl needs --mapping FILE and at least one --source-file FILE");
        }
        if (!legacy && (mapping != null || !sourceFiles.isEmpty())) {
            throw new CliUsageException("--mapping and --source-file are for --from jsonl");
        }
        SideConfig targetConfig = side("to", to, toConfig);
        SideConfig sourceConfig = legacy ? null : side("from", from, fromConfig);
        String run = runId != null ? runId : (dryRun() ? "dry-run-" : "copy-")
                + (legacy ? JSONL : sourceConfig.backend()) + "-to-" + targetConfig.backend();
        try (Resources resources = new Resources()) {
            Stores target = resources.add(open(targetConfig));
            Migration.Builder builder;
            if (legacy) {
                JsonLinesSource source = resources.add(jsonlSource());
                builder = Migration.fromSource(source, LegacyMapping.fromFile(mapping))
                        .ids(resources.add(dryRun() ? new MemoryIdMappingStore() : FileIdMappingStore.in(directory("ids"))));
            } else {
                builder = Migration.from(resources.add(open(sourceConfig)));
            }
            builder.to(target).runId(run).batchSize(batchSize).workers(workers).force(force).dryRun(dryRun())
                    .onError(policy).metrics(false);
            if (!stores.isEmpty()) {
                builder.stores(storeKinds(stores));
            }
            if (!tenants.isEmpty()) {
                builder.tenants(tenantIds(tenants));
            }
            if (policy == ErrorPolicy.SKIP_AND_RECORD) {
                Path file = rejects != null ? rejects : directory("rejects").resolve(run + ".jsonl");
                builder.rejects(resources.add(JsonLinesRejectSink.open(file)));
            }
            // A dry run writes nothing, not even checkpoints or state directories.
            StoppableCheckpoints checkpoints = new StoppableCheckpoints(dryRun() ? new MemoryCheckpointStore()
                    : resources.add(FileCheckpointStore.in(directory("checkpoints"))));
            builder.checkpoints(checkpoints);
            context.onStop(checkpoints::stop);
            MigrationReport report;
            try (ProgressDisplay display = display(dryRun() ? "dry-run" : "copy")) {
                builder.listener(new Listener(display));
                report = builder.run();
            } finally {
                context.onStop(null);
            }
            print(json ? report.toJson() : report.toTable());
            boolean clean = report.totals().rejected() == 0 && report.isComplete()
                    && report.validation().map(v -> v.state() == VerificationState.VALIDATED).orElse(true);
            return clean ? OK : FAILED;
        }
    }

    private JsonLinesSource jsonlSource() {
        JsonLinesSource.Builder source = JsonLinesSource.builder().idField(idField);
        for (String file : sourceFiles) {
            int equals = file.indexOf('=');
            if (equals > 0) {
                source.file(file.substring(0, equals), Path.of(file.substring(equals + 1)));
            } else {
                source.file(Path.of(file));
            }
        }
        return source.build();
    }

    private Path directory(String name) {
        Path directory = stateDir.resolve(name);
        try {
            Files.createDirectories(directory);
        } catch (java.io.IOException e) {
            throw new CliUsageException("cannot create " + directory + " (see --state-dir): " + e.getMessage());
        }
        return directory;
    }

    /** Sums the stores' progress into one bar: records processed against the estimates known. */
    private static final class Listener implements dev.stowage.migration.ProgressListener {
        private final ProgressDisplay display;
        private final Map<StoreKind, ProgressEvent> latest = new EnumMap<>(StoreKind.class);

        Listener(ProgressDisplay display) {
            this.display = display;
        }

        @Override
        public synchronized void progress(ProgressEvent event) {
            latest.put(event.store(), event);
            long done = 0;
            long max = 0;
            for (ProgressEvent each : latest.values()) {
                done += each.counts().processed();
                max += Math.max(each.counts().processed(), each.total().orElse(each.counts().processed()));
            }
            display.update(done, max, event.store().name().toLowerCase(java.util.Locale.ROOT));
        }
    }
}
