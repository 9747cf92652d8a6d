package dev.stowage.migration.switching;

import dev.stowage.TenantId;
import dev.stowage.migration.StoreKind;
import dev.stowage.spi.StoreBackend;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One store's switch: its stage source, the two backends, and the rules every operation of the
 * store follows: the authoritative backend executes, the other receives the result (a failure
 * queues the key and never reaches the caller), sampled reads are compared. Thread-safe.
 */
final class StoreSwitch {

    private static final System.Logger LOG = System.getLogger(StoreSwitch.class.getName());

    final StoreKind store;
    final StageSource stages;
    final StoreBackend oldBackend;
    final StoreBackend newBackend;
    final RepairQueue repairs;
    private final ShadowReads shadow;
    private final SwitchingMetrics metrics;
    private volatile boolean retired;

    StoreSwitch(StoreKind store, StageSource stages, StoreBackend oldBackend, StoreBackend newBackend, RepairQueue repairs,
                ShadowReads shadow, SwitchingMetrics metrics) {
        this.store = store;
        this.stages = stages;
        this.oldBackend = oldBackend;
        this.newBackend = newBackend;
        this.repairs = repairs;
        this.shadow = shadow;
        this.metrics = metrics;
    }

    Stage stage() {
        return stages.stage();
    }

    StoreBackend authoritative(Stage stage) {
        return stage.newIsAuthoritative() ? newBackend : oldBackend;
    }

    StoreBackend other(Stage stage) {
        return stage.newIsAuthoritative() ? oldBackend : newBackend;
    }

    void retire() {
        retired = true;
    }

    boolean retired() {
        return retired;
    }

    /** Runs a write under a permit, so a fenced stage change waits for it and its replication. */
    <T> T write(Function<Stage, T> operation) {
        try (WritePermit permit = stages.beginWrite()) {
            return operation.apply(permit.stage());
        }
    }

    /**
     * Hands a write's result to the other store if the stage replicates; a failure queues the key.
     */
    void replicate(Stage stage, RepairKey key, Consumer<StoreBackend> replication) {
        if (!stage.replicates()) {
            return;
        }
        try {
            replication.accept(other(stage));
        } catch (RuntimeException e) {
            replicationFailed(key, e);
        }
    }

    /** Counts a failed replication and queues its key. */
    void replicationFailed(RepairKey key, RuntimeException cause) {
        metrics.replicationFailed(store);
        queue(key, cause);
    }

    /**
     * A replication whose key the store cannot name (a reused token's family, on a store that no
     * longer shows it): counted and logged; the next verification reports the difference.
     */
    void unqueueable(String what, RuntimeException cause) {
        metrics.replicationFailed(store);
        LOG.log(System.Logger.Level.WARNING, "could not replicate " + what + " and cannot queue it by key; run a"
                + " verification of " + store + ": " + cause.getMessage());
    }

    /** Queues a key; if even the queue fails, the key is logged, so it is never dropped silently. */
    void queue(RepairKey key) {
        queue(key, null);
    }

    private void queue(RepairKey key, RuntimeException cause) {
        try {
            repairs.add(key);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the repair queue refused " + key.kind() + " " + key.key() + " of tenant "
                    + key.tenant().value() + " (" + e.getMessage() + "); re-copy it or run a verification", e);
        }
        if (cause != null) {
            LOG.log(System.Logger.Level.DEBUG, "replication of " + key.kind() + " failed, queued for repair: " + cause);
        }
    }

    /** A read of the authoritative store, with a sampled shadow read of the other when the stage shadows. */
    <T> T read(TenantId tenant, RepairKey.Kind kind, String key, String detail, String operation,
               Function<StoreBackend, T> read) {
        Stage stage = stage();
        T answer = read.apply(authoritative(stage));
        if (stage.shadows()) {
            StoreBackend other = other(stage);
            Supplier<T> candidate = () -> read.apply(other);
            shadow.maybeCompare(store, new RepairKey(store, tenant, kind, key, detail), operation, answer, candidate,
                    this::queue);
        }
        return answer;
    }
}
