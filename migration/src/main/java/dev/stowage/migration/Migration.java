package dev.stowage.migration;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.checkpoint.CheckpointStore;
import dev.stowage.migration.checkpoint.MemoryCheckpointStore;
import dev.stowage.migration.legacy.FieldComparison;
import dev.stowage.migration.legacy.IdMappingStore;
import dev.stowage.migration.legacy.LegacyMapping;
import dev.stowage.migration.legacy.MemoryIdMappingStore;
import dev.stowage.migration.source.RecordSource;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;

import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Copies stores from one backend to another through the public SPI, so any backend that passes
 * the contract suites works on either side:
 * <pre>{@code
 * MigrationReport report = Migration.from(redis).to(postgres)
 *         .stores(StoreKind.CONTACTS, StoreKind.CREDITS)
 *         .tenants(TenantId.of("acme"), TenantId.of("globex"))
 *         .checkpoints(FileCheckpointStore.in(Path.of("checkpoints")))
 *         .runId("redis-to-postgres")
 *         .onError(ErrorPolicy.SKIP_AND_RECORD).rejects(JsonLinesRejectSink.open(Path.of("rejects.jsonl")))
 *         .run();
 * System.out.println(report.toTable());
 * }</pre>
 * Guarantees (see the module README): memory bounded by workers × batch size, whatever the data;
 * after a crash, a rerun with the same run id and checkpoint store resumes, redoing at most one
 * batch per worker, harmlessly (imports never overwrite a newer version, so live writes to the
 * target win); a bad record is either copied whole or rejected and counted, never dropped
 * silently. The source and target are not closed by the migration.
 * <p>
 * A reverse migration (a rollback) is the same call with source and target swapped, under
 * another run id.
 */
public final class Migration {

    private final MigrationSettings settings;

    private Migration(MigrationSettings settings) {
        this.settings = settings;
    }

    /**
     * @param source the backend to copy from (every store)
     * @return a builder
     */
    public static Builder from(StoreBackend source) {
        return new Builder(Endpoint.of(Check.required(source, "source")));
    }

    /**
     * @param source the stores to copy from, each from its own backend
     * @return a builder
     */
    public static Builder from(Stores source) {
        return new Builder(Endpoint.of(Check.required(source, "source")));
    }

    /**
     * A migration from a system that is not a Stowage backend (a mongoexport file, a KV key
     * pattern, a SQLite database): each mapped collection is read through the source's positions,
     * mapped to contacts, accounts with opening ledgers, or credentials with deterministic UUIDv5
     * ids, and copied by the same engine (batches, checkpoints, rejects, progress, dry run, metrics).
     * After the copy the report gains the four validation layers ({@link MigrationReport#validation()}).
     * <pre>{@code
     * MigrationReport report = Migration.fromSource(source, LegacyMapping.fromFile(Path.of("mapping.json")))
     *         .to(postgres).ids(PostgresIdMappingStore.builder(dataSource).build())
     *         .runId("crm-import").checkpoints(FileCheckpointStore.in(Path.of("checkpoints")))
     *         .onError(ErrorPolicy.SKIP_AND_RECORD).rejects(JsonLinesRejectSink.open(Path.of("rejects.jsonl")))
     *         .compare(FieldComparison.sampled(0.1, 42))
     *         .run();
     * }</pre>
     * The stores copied are those the mapping's collections map to; {@link Builder#stores} narrows them.
     * The source is not closed by the migration.
     *
     * @param source  the legacy source
     * @param mapping how its collections map to target records
     * @return a builder
     */
    public static Builder fromSource(RecordSource source, LegacyMapping mapping) {
        Check.required(source, "source");
        Check.required(mapping, "mapping");
        Builder builder = new Builder(new Endpoint(null, null, null, source.name()));
        builder.legacySource = source;
        builder.mapping = mapping;
        builder.stores = EnumSet.noneOf(StoreKind.class);
        mapping.collections().forEach(c -> builder.stores.add(c.records().store()));
        return builder;
    }

    /**
     * Runs (or resumes) the migration and waits until every partition of the run is done. With a
     * checkpoint store shared by several processes, this includes partitions other processes work on.
     *
     * @return the report over the whole run
     * @throws MigrationException if a record could not be copied under {@link ErrorPolicy#STOP}, or a
     *     source, target or checkpoint failure persisted through the retries; what was committed
     *     before stays committed and checkpointed
     * @throws RunConfigurationChangedException if the run exists with another configuration and
     *     {@code force} is off
     */
    public MigrationReport run() {
        return settings.legacy() == null ? new CopyRun(settings, CopyRun.COPIERS).run() : LegacyRun.run(settings);
    }

    /**
     * Configures a {@link Migration}. Not thread-safe; each setter validates its argument.
     */
    public static final class Builder {

        private final Endpoint source;
        private Endpoint target;
        private String sourceName;
        private String targetName;
        private Set<StoreKind> stores = EnumSet.allOf(StoreKind.class);
        private List<TenantId> tenants;
        private int batchSize = 1_000;
        private int workers = 4;
        private int ranges = -1;
        private String runId = "migration";
        private CheckpointStore checkpoints;
        private ErrorPolicy errorPolicy = ErrorPolicy.STOP;
        private RejectSink rejects;
        private boolean dryRun;
        private ProgressListener listener = ProgressListener.NONE;
        private boolean force;
        private boolean metrics = true;
        private Object meterRegistry;
        private RecordSource legacySource;
        private LegacyMapping mapping;
        private IdMappingStore ids;
        private FieldComparison comparison = FieldComparison.full();
        private boolean validate = true;
        private Clock clock = Clock.systemUTC();
        private boolean liveSource;

        private Builder(Endpoint source) {
            this.source = source;
        }

        /**
         * @param value the backend to copy to (every store)
         * @return this builder
         */
        public Builder to(StoreBackend value) {
            this.target = Endpoint.of(Check.required(value, "target"));
            return this;
        }

        /**
         * @param value the stores to copy to, each into its own backend
         * @return this builder
         */
        public Builder to(Stores value) {
            this.target = Endpoint.of(Check.required(value, "target"));
            return this;
        }

        /**
         * @param value the source's name in the run's fingerprint; default the backend's
         *              {@code name()}. Name it when two backends of one type are involved
         *              ({@code "crm-db-2019"}), so that a resume against another database is refused
         * @return this builder
         */
        public Builder sourceName(String value) {
            this.sourceName = Check.requiredText(value, "sourceName", 200);
            return this;
        }

        /**
         * @param value the target's name in the run's fingerprint; default the backend's {@code name()}
         * @return this builder
         */
        public Builder targetName(String value) {
            this.targetName = Check.requiredText(value, "targetName", 200);
            return this;
        }

        /**
         * @param values the stores to copy; default all three
         * @return this builder
         */
        public Builder stores(StoreKind... values) {
            Check.required(values, "stores");
            if (values.length == 0) {
                throw new ValidationException("stores", "not-empty", "must name at least one store");
            }
            Set<StoreKind> chosen = EnumSet.noneOf(StoreKind.class);
            for (int i = 0; i < values.length; i++) {
                chosen.add(Check.required(values[i], "stores[" + i + "]"));
            }
            this.stores = chosen;
            return this;
        }

        /**
         * @param values the tenants to copy, each once. When not called: every tenant the source
         *               holds data for, as its backends list them ({@code StoreBackend.tenants()}),
         *               decided when the run is created; if a source backend cannot list its
         *               tenants, {@link TenantId#DEFAULT} alone, and the report's notes say so
         * @return this
         */
        public Builder tenants(TenantId... values) {
            Check.required(values, "tenants");
            return tenants(Arrays.asList(values));
        }

        /**
         * @param values the tenants to copy, each once; see {@link #tenants(TenantId...)}
         * @return this builder
         */
        public Builder tenants(List<TenantId> values) {
            Check.required(values, "tenants");
            if (values.isEmpty()) {
                throw new ValidationException("tenants", "not-empty", "must name at least one tenant");
            }
            Set<TenantId> distinct = new LinkedHashSet<>();
            for (int i = 0; i < values.size(); i++) {
                distinct.add(Check.required(values.get(i), "tenants[" + i + "]"));
            }
            this.tenants = List.copyOf(distinct);
            return this;
        }

        /**
         * @param value records per read and per import, 1..10 000 (credit accounts: at most 1 000
         *              per import, as the SPI allows); default 1 000. Memory use is about
         *              workers × 4 × batch size records
         * @return this builder
         */
        public Builder batchSize(int value) {
            this.batchSize = Check.range(value, "batchSize", 1, Check.MAX_BATCH_LIMIT);
            return this;
        }

        /**
         * @param value partitions this process works on at once, 1..64; default 4. Each worker has
         *              a reader thread that reads ahead while it writes
         * @return this builder
         */
        public Builder workers(int value) {
            this.workers = Check.range(value, "workers", 1, 64);
            return this;
        }

        /**
         * @param value how many id ranges a large tenant's contacts are split into when a run is
         *              created, 1..1 000; default 4 × workers. Fixed for the run's life: a resumed
         *              run keeps its ranges
         * @return this builder
         */
        public Builder ranges(int value) {
            this.ranges = Check.range(value, "ranges", 1, 1_000);
            return this;
        }

        /**
         * @param value the run's id in the checkpoint store; default {@code "migration"}. A rerun
         *              with the same id resumes; a finished run does nothing more when rerun
         * @return this builder
         */
        public Builder runId(String value) {
            this.runId = CheckpointStore.checkRunId(value);
            return this;
        }

        /**
         * @param value where progress is recorded; default a new {@link MemoryCheckpointStore}
         *              per run, so nothing is resumed. Not closed by the migration
         * @return this builder
         */
        public Builder checkpoints(CheckpointStore value) {
            this.checkpoints = Check.required(value, "checkpoints");
            return this;
        }

        /**
         * @param value what a bad record does; default {@link ErrorPolicy#STOP}
         * @return this builder
         */
        public Builder onError(ErrorPolicy value) {
            this.errorPolicy = Check.required(value, "onError");
            return this;
        }

        /**
         * @param value where rejected records go; required with {@link ErrorPolicy#SKIP_AND_RECORD}.
         *              Not closed by the migration
         * @return this builder
         */
        public Builder rejects(RejectSink value) {
            this.rejects = Check.required(value, "rejects");
            return this;
        }

        /**
         * @param value whether to read and check everything and write nothing (not even
         *              checkpoints: a dry run always uses a fresh memory checkpoint store), reporting
         *              what a copy would write, skip and reject, and an estimated duration
         * @return this builder
         */
        public Builder dryRun(boolean value) {
            this.dryRun = value;
            return this;
        }

        /**
         * @param value who is told about progress after each batch
         * @return this builder
         */
        public Builder listener(ProgressListener value) {
            this.listener = Check.required(value, "listener");
            return this;
        }

        /**
         * @param value whether to resume a run whose stored configuration differs; the progress of
         *              stores and tenants still configured is kept, new ones start fresh, others are
         *              dropped from the run
         * @return this builder
         */
        public Builder force(boolean value) {
            this.force = value;
            return this;
        }

        /**
         * @param value whether to publish Micrometer meters when Micrometer is on the class path;
         *              default true (its global registry unless {@link #meterRegistry} is set)
         * @return this builder
         */
        public Builder metrics(boolean value) {
            this.metrics = value;
            return this;
        }

        /**
         * @param value the Micrometer registry for the migration's meters (only call this with
         *              Micrometer on the class path)
         * @return this builder
         */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry value) {
            this.meterRegistry = Check.required(value, "meterRegistry");
            return this;
        }

        /**
         * @param value where a legacy import keeps its legacy → new id mapping; default a new
         *              {@link MemoryIdMappingStore} per run (references still resolve within the run,
         *              but nothing is kept). Only for {@link Migration#fromSource}. Not closed by the migration
         * @return this builder
         */
        public Builder ids(IdMappingStore value) {
            this.ids = Check.required(value, "ids");
            return this;
        }

        /**
         * @param value which records a legacy import's validation compares field by field with the
         *              target; default {@link FieldComparison#full()}. Only for {@link Migration#fromSource}
         * @return this builder
         */
        public Builder compare(FieldComparison value) {
            this.comparison = Check.required(value, "compare");
            return this;
        }

        /**
         * @param value whether a legacy import validates the target after the copy (the four
         *              layers of {@link MigrationReport#validation()}); default true. A dry run never does
         * @return this builder
         */
        public Builder validate(boolean value) {
            this.validate = value;
            return this;
        }

        /**
         * @param value the clock of a legacy import's namespace import time (the timestamp of
         *              records that declare none, fixed at the namespace's first run); default UTC
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Check.required(value, "clock");
            return this;
        }

        /**
         * @param value whether the application keeps writing to the source, and replicating its
         *              writes to the target, while the copy runs (a backfill under dual writes, as
         *              {@code StageController.backfill()} runs it); default false. Then each batch's key
         *              range is read from the source again after the batch was imported, and a
         *              record the source deleted meanwhile is deleted from the target too (its
         *              delete found nothing to delete there yet). Costs one more source read per
         *              batch. Not needed offline: a source nobody writes to has nothing to delete
         * @return this builder
         */
        public Builder liveSource(boolean value) {
            this.liveSource = value;
            return this;
        }

        /**
         * @return the migration, ready to {@link Migration#run()} (and to run again to resume, given
         *     a checkpoint store)
         * @throws ValidationException {@code field "target"} if no target was given,
         *     {@code field "rejects"} if {@link ErrorPolicy#SKIP_AND_RECORD} has no sink
         */
        public Migration build() {
            Check.required(target, "target");
            if (errorPolicy == ErrorPolicy.SKIP_AND_RECORD && rejects == null) {
                throw new ValidationException("rejects", "required",
                        "is required with SKIP_AND_RECORD, so that no rejected record is dropped silently");
            }
            LegacyInput legacy = null;
            List<TenantId> chosen = tenants;
            if (legacySource != null) {
                if (tenants != null && tenants.size() > 1) {
                    throw new ValidationException("tenants", "one", "a legacy import goes into one tenant");
                }
                legacy = new LegacyInput(legacySource, mapping, ids == null ? new MemoryIdMappingStore() : ids,
                        comparison, validate, clock);
                // A legacy source has no tenants to discover: its records go into the tenant named, or the default one.
                if (chosen == null) {
                    chosen = List.of(TenantId.DEFAULT);
                }
            } else if (ids != null) {
                throw new ValidationException("ids", "legacy-only", "is only for a migration from a legacy source");
            }
            Endpoint from = sourceName == null ? source : source.named(sourceName);
            Endpoint to = targetName == null ? target : target.named(targetName);
            int rangeCount = ranges > 0 ? ranges : Math.min(1_000, 4 * workers);
            return new Migration(new MigrationSettings(from, to, EnumSet.copyOf(stores), chosen,
                    batchSize, workers, rangeCount, runId, checkpoints, errorPolicy, rejects, dryRun, listener, force,
                    metrics, meterRegistry, legacy, liveSource));
        }

        /**
         * Shorthand for {@code build().run()}.
         *
         * @return the report
         * @see Migration#run()
         */
        public MigrationReport run() {
            return build().run();
        }
    }
}
