package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.migration.checkpoint.CheckpointStore;
import dev.stowage.migration.checkpoint.LeaseLostException;
import dev.stowage.migration.checkpoint.MemoryCheckpointStore;
import dev.stowage.migration.checkpoint.PartitionSpec;
import dev.stowage.migration.checkpoint.PartitionState;
import dev.stowage.migration.checkpoint.RunFingerprint;
import dev.stowage.migration.checkpoint.RunState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One attempt of a run: opens (or creates) the run in the checkpoint store, refuses a changed
 * configuration unless forced, lets the workers claim and copy partitions until every partition
 * is done, and builds the report from the checkpoint store, so that partitions finished by
 * earlier attempts or by other processes are counted too.
 */
final class CopyRun {

    /** The copiers of a backend-to-backend run. */
    static final List<Copier<?>> COPIERS = List.of(new ContactCopier(), new CreditAccountCopier(),
            new CredentialCopier());
    private static final long IDLE_POLL_MILLIS = 500;

    private final MigrationSettings settings;
    private final List<Copier<?>> available;
    private final CheckpointStore checkpoints;
    private final String process = "p" + ProcessHandle.current().pid() + "-"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private volatile boolean stopping;

    /**
     * @param settings  the run's settings
     * @param available the copiers that may serve the run ({@link #COPIERS}, or a legacy source's,
     *                  one per collection); those of the stores not copied are left out
     */
    CopyRun(MigrationSettings settings, List<Copier<?>> available) {
        this.settings = settings;
        this.available = available;
        this.checkpoints = settings.dryRun() || settings.checkpoints() == null ? new MemoryCheckpointStore()
                : settings.checkpoints();
    }

    MigrationReport run() {
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        String runId = settings.runId();
        RunFingerprint fingerprint = RunFingerprint.of(settings.describe());
        RunState state;
        Progress progress;
        try {
            state = checkpoints.open(runId, fingerprint, this::plan);
            if (!state.fingerprint().matches(fingerprint)) {
                if (!settings.force()) {
                    throw new RunConfigurationChangedException(runId, state.fingerprint().description(),
                            fingerprint.description());
                }
                state = checkpoints.reconfigure(runId, fingerprint, plan());
            }
            progress = new Progress(settings.listener(), estimates(state), state.partitions());
        } catch (MigrationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MigrationException("could not start the migration run '" + runId + "' (planning its partitions "
                    + "from the source and opening it in " + checkpoints + "): " + e.getMessage(), null, null, null, e);
        }
        MigrationMetrics metrics = MigrationMetrics.create(settings.metrics(), settings.meterRegistry());
        RejectHandler rejects = new RejectHandler(settings.errorPolicy(), settings.rejects());
        ExecutorService readers = Executors.newFixedThreadPool(settings.workers(), threads("reader"));
        ExecutorService workers = Executors.newFixedThreadPool(settings.workers(), threads("worker"));
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(threads("lease"));
        List<String> workerIds = new ArrayList<>();
        for (int i = 0; i < settings.workers(); i++) {
            workerIds.add(process + "/w" + i);
        }
        long renewMillis = Math.max(100, checkpoints.renewInterval().toMillis());
        heartbeat.scheduleAtFixedRate(() -> renew(runId, workerIds), renewMillis, renewMillis, TimeUnit.MILLISECONDS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (String worker : workerIds) {
                running.add(workers.submit(() -> work(worker, progress, metrics, rejects, readers)));
            }
            for (Future<?> future : running) {
                await(future);
            }
        } finally {
            stopping = true;
            heartbeat.shutdownNow();
            workers.shutdownNow();
            readers.shutdownNow();
        }
        RuntimeException failed = failure.get();
        if (failed != null) {
            throw failed;
        }
        RunState end = checkpoints.run(runId).orElseThrow(() -> new MigrationException("run '" + runId
                + "' vanished from the checkpoint store during the copy"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return report(end, startedAt, took);
    }

    private void work(String worker, Progress progress, MigrationMetrics metrics, RejectHandler rejects,
                      ExecutorService readers) {
        while (!stopping) {
            Optional<PartitionState> claimed;
            try {
                claimed = Retry.call(() -> checkpoints.claim(settings.runId(), worker), () -> stopping);
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            if (claimed.isEmpty()) {
                if (!checkpoints.shared() || runDone()) {
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(IDLE_POLL_MILLIS));
                continue;
            }
            PartitionState partition = claimed.get();
            try {
                copy(copier(partition.spec()), partition, worker, progress, metrics, rejects, readers);
            } catch (LeaseLostException lost) {
                // Another worker took the partition over after our lease ran out; it is theirs now.
            } catch (RuntimeException e) {
                fail(e);
            } finally {
                try {
                    checkpoints.release(settings.runId(), partition.spec().id(), worker);
                } catch (RuntimeException ignored) {
                    // The lease runs out on its own.
                }
            }
        }
    }

    private <T> void copy(Copier<T> copier, PartitionState partition, String worker, Progress progress,
                          MigrationMetrics metrics, RejectHandler rejects, ExecutorService readers) {
        StoreKind store = copier.kind().store();
        PartitionCopy.Context context = new PartitionCopy.Context(settings, checkpoints,
                settings.source().backend(store), settings.target().backend(store), readers, progress, metrics,
                rejects, () -> stopping);
        new PartitionCopy<>(copier, partition, worker, context).run();
    }

    private boolean runDone() {
        return checkpoints.run(settings.runId()).map(RunState::isDone).orElse(true);
    }

    private void renew(String runId, List<String> workers) {
        try {
            checkpoints.renew(runId, workers);
        } catch (RuntimeException ignored) {
            // A missed renewal is retried at the next tick; a lost lease shows at the next commit.
        }
    }

    private void fail(RuntimeException e) {
        RuntimeException error = e instanceof MigrationException ? e
                : new MigrationException("the migration run '" + settings.runId() + "' failed: " + e.getMessage()
                        + "; rerun to resume", null, null, null, e);
        failure.compareAndSet(null, error);
        stopping = true;
    }

    /**
     * The tenants of a new run when none were chosen. The SPI cannot list a backend's tenants yet,
     * so this is the default tenant alone; once it can, this asks the source (and the fingerprint
     * text of an unchosen tenant list says so).
     */
    private List<TenantId> discoverTenants() {
        return List.of(TenantId.DEFAULT);
    }

    private List<PartitionSpec> plan() {
        List<TenantId> tenants = settings.tenants() != null ? settings.tenants() : discoverTenants();
        List<PartitionSpec> plan = new ArrayList<>();
        for (Copier<?> copier : copiers()) {
            for (TenantId tenant : tenants) {
                plan.addAll(copier.plan(settings.source().backend(copier.kind().store()), tenant, settings.ranges(),
                        settings.batchSize()));
            }
        }
        return plan;
    }

    /** Estimated records per store, over the (kind, tenant) groups the run holds. */
    private Map<StoreKind, Long> estimates(RunState state) {
        Map<StoreKind, Long> estimates = new EnumMap<>(StoreKind.class);
        Map<String, PartitionSpec> groups = new LinkedHashMap<>();
        state.partitions().forEach(p -> groups.putIfAbsent(reportGroup(p.spec()), p.spec()));
        for (PartitionSpec group : groups.values()) {
            StoreKind store = group.records().store();
            long estimate = copier(group).estimate(settings.source().backend(store), group.tenant());
            estimates.merge(store, estimate, (a, b) -> a < 0 || b < 0 ? -1 : a + b);
        }
        return estimates;
    }

    private List<Copier<?>> copiers() {
        List<RecordKind> kinds = settings.records();
        return available.stream().filter(copier -> kinds.contains(copier.kind())).toList();
    }

    private Copier<?> copier(PartitionSpec partition) {
        return available.stream().filter(copier -> copier.owns(partition)).findFirst()
                .orElseThrow(() -> new MigrationException("no copier for partition " + partition.id()));
    }

    /** A line of the report: a kind of record and a tenant, and the source collection for a legacy source. */
    private String reportGroup(PartitionSpec partition) {
        String collection = copier(partition).collection();
        return collection == null ? partition.group() : partition.group() + "/" + collection;
    }

    private MigrationReport report(RunState state, Instant startedAt, Duration took) {
        Map<String, List<PartitionState>> groups = new LinkedHashMap<>();
        for (PartitionState partition : state.partitions()) {
            groups.computeIfAbsent(reportGroup(partition.spec()), g -> new ArrayList<>()).add(partition);
        }
        List<TenantReport> lines = new ArrayList<>();
        for (List<PartitionState> group : groups.values()) {
            PartitionSpec first = group.get(0).spec();
            RecordCounts counts = RecordCounts.ZERO;
            Duration spent = Duration.ZERO;
            boolean complete = true;
            for (PartitionState partition : group) {
                counts = counts.plus(partition.counts());
                spent = spent.plus(partition.elapsed());
                complete &= partition.done();
            }
            lines.add(new TenantReport(first.records(), first.tenant(), counts, spent, group.size(), complete,
                    copier(first).collection()));
        }
        Optional<Duration> estimate = Optional.empty();
        if (settings.dryRun()) {
            RecordCounts totals = lines.stream().map(TenantReport::counts).reduce(RecordCounts.ZERO, RecordCounts::plus);
            double writeShare = totals.read() == 0 ? 0 : (double) totals.written() / totals.read();
            estimate = Optional.of(Duration.ofNanos((long) (took.toNanos() * (1 + writeShare))));
        }
        return new MigrationReport(settings.runId(), settings.dryRun(), settings.source().name(),
                settings.target().name(), startedAt, took, lines, estimate);
    }

    private static void await(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException("interrupted while waiting for the migration's workers");
        } catch (ExecutionException e) {
            throw new MigrationException("a migration worker failed unexpectedly: " + e.getCause(), null, null, null,
                    e.getCause());
        }
    }

    private static ThreadFactory threads(String role) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "stowage-migration-" + role + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
