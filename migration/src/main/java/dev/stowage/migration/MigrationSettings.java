package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.migration.checkpoint.CheckpointStore;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A migration's configuration, validated and immutable.
 *
 * @param source        the source
 * @param target        the target
 * @param stores        the stores to copy
 * @param tenants       the tenants chosen, or {@code null} if none were: then they are discovered
 * @param batchSize     records per read and per import
 * @param workers       partitions worked on at once by this process
 * @param ranges        id ranges a tenant's contacts are split into
 * @param runId         the run's id in the checkpoint store
 * @param checkpoints   where progress is recorded, or {@code null} for a fresh memory store per run
 * @param errorPolicy   what a bad record does
 * @param rejects       where rejected records go, or {@code null} under {@link ErrorPolicy#STOP}
 * @param dryRun        whether to write nothing
 * @param listener      who is told about progress
 * @param force         whether to resume under a changed configuration
 * @param metrics       whether to publish Micrometer meters (when Micrometer is present)
 * @param meterRegistry a Micrometer {@code MeterRegistry}, or {@code null} for the global one
 * @param legacy        the legacy source and its mapping, or {@code null} when the source is a backend
 * @param liveSource    whether the application writes to the source (and the target) during the copy
 */
record MigrationSettings(Endpoint source, Endpoint target, Set<StoreKind> stores, List<TenantId> tenants,
                         int batchSize, int workers, int ranges, String runId, CheckpointStore checkpoints,
                         ErrorPolicy errorPolicy, RejectSink rejects, boolean dryRun, ProgressListener listener,
                         boolean force, boolean metrics, Object meterRegistry, LegacyInput legacy,
                         boolean liveSource) {

    /**
     * @return the kinds of record to copy, in store order
     */
    List<RecordKind> records() {
        return java.util.Arrays.stream(RecordKind.values()).filter(kind -> stores.contains(kind.store())).toList();
    }

    /**
     * @return the configuration as the canonical text the run's fingerprint is made of: what is
     *     copied from where to where; not how fast (batch size, workers) nor how errors are handled
     */
    String describe() {
        return "source=" + source.name() + "; target=" + target.name()
                + "; stores=" + stores.stream().sorted().map(Enum::name).collect(Collectors.joining(","))
                + "; records=" + records().stream().map(Enum::name).collect(Collectors.joining(","))
                + "; tenants=" + (tenants == null ? "not chosen (every tenant of the source)"
                        : tenants.stream().map(TenantId::value).sorted().collect(Collectors.joining(",")))
                + (legacy == null ? "" : "; namespace=" + legacy.namespaceName(runId) + "; mapping="
                        + legacy.mapping().description());
    }
}
