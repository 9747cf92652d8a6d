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
import dev.stowage.migration.source.RecordSource;
import dev.stowage.migration.verify.VerificationState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code stowage copy}: the migration engine from one side to the other, resumable through file
 * checkpoints; {@code --from jsonl}, {@code sqlite} or {@code redis-keys} reads a legacy source
 * ({@link LegacySourceOptions}) through a mapping file.
 */
@Command(name = "copy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copy every store from one backend to another (or a legacy source through a mapping file: "
                + "JSON Lines / mongoexport files, a SQLite file, Redis key prefixes), in batches, checkpointed: "
                + "rerun the same command to resume.",
                "Exit 0 when everything was copied, 1 when records were rejected, 2 on a usage error, "
                        + "3 when a server does not answer, 130 when stopped by Ctrl-C."})
class CopyCommand extends StowageCommand {

    @Option(names = "--from", paramLabel = "BACKEND",
            description = "Where to copy from: memory, postgres, redis, or a legacy source with --mapping: jsonl "
                    + "(--source-file), sqlite (--sqlite-file) or redis-keys (--redis-uri, --redis-pattern).")
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

    @Mixin
    LegacySourceOptions legacySource;

    @Override
    List<String> secrets() {
        List<String> secrets = new ArrayList<>(super.secrets());
        secrets.addAll(legacySource.secrets(context.environment));
        return secrets;
    }

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
        boolean legacy = LegacySourceOptions.isLegacy(from);
        legacySource.check(from, context.environment);
        if (legacy && (!fromConfig.isEmpty() || !BackendFlags.given(spec, "from").isEmpty())) {
            throw new CliUsageException("--from-config and the --from-<backend>-* flags configure a Stowage backend to"
                    + " copy from, but --from " + from + " reads a legacy source through its own options: remove them");
        }
        // Read before anything is opened, so a mistake in the file fails without a connection made.
        LegacyMapping mapping = legacy ? LegacyMapping.fromFile(legacySource.mapping) : null;
        SideConfig targetConfig = side("to", to, toConfig);
        SideConfig sourceConfig = legacy ? null : side("from", from, fromConfig);
        String run = runId != null ? runId : (dryRun() ? "dry-run-" : "copy-")
                + (legacy ? from : sourceConfig.backend()) + "-to-" + targetConfig.backend();
        try (Resources resources = new Resources()) {
            Stores target = resources.add(open(targetConfig));
            Migration.Builder builder;
            if (legacy) {
                RecordSource source = resources.add(legacySource.open(from, context.environment));
                builder = Migration.fromSource(source, mapping)
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
