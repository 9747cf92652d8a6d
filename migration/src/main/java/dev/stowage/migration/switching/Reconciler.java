package dev.stowage.migration.switching;

import dev.stowage.migration.KeyCopy;
import dev.stowage.migration.StoreKind;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.RevokedAccessToken;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Drains a {@link SwitchingBackend}'s repair queue: each queued key is re-copied from the store
 * that is authoritative now to the other (or removed there if it is gone), under a write permit so
 * a stage change waits for it, and leaves the queue only once copied. A key whose copy fails stays
 * queued for the next drain. Thread-safe; obtained from {@link SwitchingBackend#reconciler()}.
 */
public final class Reconciler implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Reconciler.class.getName());

    /** The shortest interval of background drains. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(10);

    private static final int BATCH = 500;

    private final Map<StoreKind, StoreSwitch> switches;
    private ScheduledExecutorService schedule;

    Reconciler(Map<StoreKind, StoreSwitch> switches) {
        this.switches = switches;
    }

    /**
     * What one drain did.
     *
     * @param repaired keys re-copied and removed from the queue
     * @param failed   keys whose copy failed; they stay queued
     */
    public record Drain(long repaired, long failed) {
    }

    /**
     * Re-copies the queued keys of one store once.
     *
     * @param store the store
     * @return how many keys were repaired and how many failed (and stay queued)
     */
    public Drain drain(StoreKind store) {
        StoreSwitch sw = switches.get(dev.stowage.support.Check.required(store, "store"));
        return drain(sw, false, key -> sw.write(stage -> {
            repair(key, sw.authoritative(stage), sw.other(stage));
            return null;
        }));
    }

    /**
     * Re-copies one batch of a store's queued keys in the direction of {@code stage}, without a
     * write permit: for a stage change that has paused every write (a permit would wait for that
     * very pause), see {@link MutableStageSource#set(Stage, Runnable)}.
     *
     * @param store the store
     * @param stage the stage whose authoritative store the keys are copied from
     * @return how many keys were repaired and how many failed (and stay queued)
     */
    Drain drainWhilePaused(StoreKind store, Stage stage) {
        StoreSwitch sw = switches.get(store);
        return drain(sw, true, key -> repair(key, sw.authoritative(stage), sw.other(stage)));
    }

    private static Drain drain(StoreSwitch sw, boolean oneBatch, Consumer<RepairKey> repairOne) {
        long repaired = 0;
        long failed = 0;
        while (true) {
            List<RepairKey> keys = sw.repairs.peek(sw.store, BATCH);
            int failedHere = 0;
            for (RepairKey key : keys) {
                if (repairedAndRemoved(sw, key, repairOne)) {
                    repaired++;
                } else {
                    failed++;
                    failedHere++;
                }
            }
            if (oneBatch || keys.size() < BATCH || failedHere == keys.size()) {
                return new Drain(repaired, failed);
            }
        }
    }

    /**
     * Copies the key, removes it from the queue, and copies it once more. A write of the key whose
     * replication failed after the first copy had read it found the key still queued, so it queued
     * nothing of its own, and the removal took that too: the second copy, which reads after the
     * removal, carries the write (a write after the removal queues the key again). A second copy
     * that fails puts the key back.
     */
    private static boolean repairedAndRemoved(StoreSwitch sw, RepairKey key, Consumer<RepairKey> repairOne) {
        try {
            repairOne.accept(key);
            sw.repairs.remove(key);
        } catch (RuntimeException e) {
            repairFailed(key, e);
            return false;
        }
        try {
            repairOne.accept(key);
            return true;
        } catch (RuntimeException e) {
            repairFailed(key, e);
            sw.queue(key);
            return false;
        }
    }

    private static void repairFailed(RepairKey key, RuntimeException cause) {
        LOG.log(System.Logger.Level.DEBUG, () -> "repair of " + key.kind() + " failed, the key stays queued: " + cause);
    }

    /**
     * Drains every store once.
     *
     * @return the totals
     */
    public Drain drainAll() {
        long repaired = 0;
        long failed = 0;
        for (StoreKind store : switches.keySet()) {
            Drain drain = drain(store);
            repaired += drain.repaired();
            failed += drain.failed();
        }
        return new Drain(repaired, failed);
    }

    /**
     * Drains every store in the background, every {@code interval}, until {@link #close()}.
     * Idempotent.
     *
     * @param interval time between drains, at least 10 ms
     */
    public synchronized void start(Duration interval) {
        if (interval == null || interval.compareTo(MIN_INTERVAL) < 0) {
            throw new dev.stowage.exception.ValidationException("interval", "range", "must be at least 10 ms");
        }
        if (schedule != null) {
            return;
        }
        schedule = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "stowage-reconciler");
            thread.setDaemon(true);
            return thread;
        });
        schedule.scheduleWithFixedDelay(() -> {
            try {
                drainAll();
            } catch (RuntimeException ignored) {
                // a queue that cannot be read now is read at the next drain
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the background drains, if started. Idempotent; queued keys stay queued. */
    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.shutdownNow();
            schedule = null;
        }
    }

    private static void repair(RepairKey key, StoreBackend from, StoreBackend to) {
        switch (key.kind()) {
            case CONTACT -> KeyCopy.contact(from, to, key.tenant(), UUID.fromString(key.key()));
            case CREDIT_ACCOUNT -> KeyCopy.account(from, to, key.tenant(), key.key());
            case CREDENTIAL -> KeyCopy.credential(from, to, key.tenant(), key.key(), key.detail());
            case REFRESH_FAMILY -> KeyCopy.refreshFamily(from, to, key.tenant(), UUID.fromString(key.key()));
            case REVOKED_ACCESS_TOKEN -> {
                if (!key.detail().isEmpty()) {
                    KeyCopy.revokedAccessToken(to, key.tenant(), new RevokedAccessToken(key.key(), Instant.parse(key.detail())));
                } else if (from.tokens(key.tenant()).isAccessTokenRevoked(key.key())
                        && !to.tokens(key.tenant()).isAccessTokenRevoked(key.key())) {
                    throw new dev.stowage.exception.StoreException("a shadow read found jti " + key.key()
                            + " denied only on the authoritative store, whose expiry the SPI does not read by jti;"
                            + " run a copy of the tokens store", null);
                }
            }
            case SUBJECT_REVOCATION -> to.tokens(key.tenant()).revokeRefreshTokens(key.key());
            case SUBJECT_ERASURE -> to.tokens(key.tenant()).eraseSubject(key.key());
            case TENANT_ERASURE -> to.eraseTenant(key.tenant());
        }
    }
}
