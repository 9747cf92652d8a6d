package dev.stowage.migration.switching;

import dev.stowage.migration.Migration;
import dev.stowage.migration.MigrationReport;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.verify.RecordsResult;
import dev.stowage.migration.verify.Verification;
import dev.stowage.migration.verify.VerificationReport;
import dev.stowage.migration.verify.VerificationState;
import dev.stowage.support.Check;
import dev.stowage.support.Timestamps;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Changes one store's stage through its gates (obtained from {@link SwitchingBackend#controller}):
 * <ul>
 *   <li>{@link #advance()} goes one stage forward, refused while the repair queue holds keys of the
 *       store, or (from {@link Stage#DUAL_WRITE} on) unless the last verification, taken since the
 *       current stage began, is VALIDATED for the store;</li>
 *   <li>{@link #back()} goes one stage back, allowed at any stage before {@link Stage#COMPLETE};
 *       a step back across the authority flip (LIVE to SHADOW) first drains the repair queue, and
 *       is refused while keys remain, because those keys are owed to the store that is
 *       authoritative now;</li>
 *   <li>a change that flips the authority (SHADOW to LIVE, LIVE to SHADOW) repairs, while every
 *       write is paused, the keys queued since the gate looked (they are owed to the store that
 *       was authoritative), and is refused if any stays;</li>
 *   <li>{@link #retire()} after COMPLETE stops every use of the old backend for the store, gated by
 *       a VALIDATED verification taken since COMPLETE began.</li>
 * </ul>
 * Meant for one operator (a CLI, an admin endpoint) at a time; its methods are synchronized.
 */
public final class StageController {

    private final StoreSwitch sw;
    private final MutableStageSource source;
    private final Reconciler reconciler;
    private final Clock clock;
    private Instant stageSince;
    private VerificationReport lastVerification;

    StageController(StoreSwitch sw, MutableStageSource source, Reconciler reconciler, Clock clock) {
        this.sw = sw;
        this.source = source;
        this.reconciler = reconciler;
        this.clock = clock;
        this.stageSince = Timestamps.now(clock);
    }

    /**
     * @return the store's current stage
     */
    public Stage stage() {
        return source.stage();
    }

    /**
     * Copies the store from the authoritative backend to the other with the migration engine
     * (live writes win: a backfilled record never overwrites a newer one, and one deleted while it
     * was copied is deleted from the other backend too, see {@link Migration.Builder#liveSource}),
     * as DUAL_WRITE needs before its verification.
     *
     * @return the copy's report
     */
    public synchronized MigrationReport backfill() {
        Stage stage = stage();
        return Migration.from(sw.authoritative(stage)).to(sw.other(stage)).stores(sw.store).metrics(false)
                .liveSource(true).run();
    }

    /**
     * Drains the repair queue, then verifies the store (old against new) and records the report
     * for the gates. While the stage replicates, each key the report lists as different is queued
     * for repair, so that the reconciler brings the other backend to the authoritative one's state
     * for it: a difference that a race left behind (an application's delete and a replication of
     * the same key from two instances crossing) does not stay, and the next verification, after a
     * drain, can be VALIDATED. The report still shows what was found.
     *
     * @return the report
     */
    public synchronized VerificationReport verify() {
        reconciler.drain(sw.store);
        Stage stage = stage();
        VerificationReport report = Verification.of(sw.authoritative(stage), sw.other(stage)).stores(sw.store)
                .clock(clock).run();
        lastVerification = report;
        if (stage.replicates()) {
            for (RecordsResult result : report.results()) {
                result.mismatches().forEach(mismatch -> sw.queue(RepairKey.of(result.tenant(), result.records(), mismatch)));
            }
        }
        return report;
    }

    /**
     * Records a verification run elsewhere (the CLI's {@code verify}) for the gates.
     *
     * @param report the report
     */
    public synchronized void record(VerificationReport report) {
        lastVerification = Check.required(report, "report");
    }

    /**
     * @return the last verification recorded, if any
     */
    public synchronized Optional<VerificationReport> lastVerification() {
        return Optional.ofNullable(lastVerification);
    }

    /**
     * Goes one stage forward.
     *
     * @return the new stage
     * @throws StageChangeRefusedException saying why, if a gate refuses
     */
    public synchronized Stage advance() {
        Stage current = stage();
        if (current == Stage.COMPLETE) {
            throw new StageChangeRefusedException(sw.store + " is COMPLETE, the last stage; retire() the old backend"
                    + " once a fresh verification is VALIDATED");
        }
        if (sw.retired()) {
            throw new StageChangeRefusedException(sw.store + " is retired");
        }
        requireEmptyRepairQueue(current, "advancing");
        if (current != Stage.OFF) {
            requireFreshValidation(current, "advancing from " + current);
        }
        return change(current, Stage.values()[current.ordinal() + 1]);
    }

    /**
     * Goes one stage back.
     *
     * @return the new stage
     * @throws StageChangeRefusedException at OFF, at COMPLETE, or when stepping back across the
     *     authority flip while repair keys remain after a drain
     */
    public synchronized Stage back() {
        Stage current = stage();
        if (current == Stage.OFF) {
            throw new StageChangeRefusedException(sw.store + " is OFF: there is no stage before it");
        }
        if (current == Stage.COMPLETE) {
            throw new StageChangeRefusedException(sw.store + " is COMPLETE: the old backend no longer receives writes,"
                    + " so going back would lose them; migrate back with a new migration (new -> old) instead");
        }
        Stage previous = Stage.values()[current.ordinal() - 1];
        if (current.flipsAuthority(previous)) {
            reconciler.drain(sw.store);
            requireEmptyRepairQueue(current, "stepping back to " + previous);
        }
        return change(current, previous);
    }

    /**
     * Stops using the old backend for the store: after this, its tenants and erasures no longer
     * involve it. Irreversible.
     *
     * @throws StageChangeRefusedException unless COMPLETE with a VALIDATED verification since
     */
    public synchronized void retire() {
        if (stage() != Stage.COMPLETE) {
            throw new StageChangeRefusedException(sw.store + " is " + stage() + ": retire only after COMPLETE");
        }
        requireFreshValidation(Stage.COMPLETE, "retiring the old backend");
        sw.retire();
    }

    /**
     * @return whether the old backend was retired for the store
     */
    public boolean retired() {
        return sw.retired();
    }

    private Stage change(Stage current, Stage next) {
        source.set(next, current.flipsAuthority(next) ? () -> repairBeforeFlip(current, next) : () -> { });
        stageSince = Timestamps.now(clock);
        return next;
    }

    /**
     * Runs while every write is paused for a change that flips the authority. A key queued after
     * the gate's look at the queue (a write between the gate and the pause whose replication
     * failed) is owed to the store that is authoritative until the flip; after it the reconciler
     * would copy it the other way, from the store that missed the write, and the application
     * would already read and write that stale store. So the queue is repaired in the old
     * direction here, and the flip refused if any key stays.
     */
    private void repairBeforeFlip(Stage current, Stage next) {
        reconciler.drainWhilePaused(sw.store, current);
        long left = sw.repairs.size(sw.store);
        if (left > 0) {
            throw new StageChangeRefusedException("changing " + sw.store + " from " + current + " to " + next
                    + " is refused: " + left + " keys queued for repair could not be copied to the store that becomes"
                    + " authoritative while writes were paused; drain the queue (backend.reconciler().drain("
                    + sw.store + ")) and try again. The stage stays " + current);
        }
    }

    private void requireEmptyRepairQueue(Stage current, String what) {
        long queued = sw.repairs.size(sw.store);
        if (queued > 0) {
            VerificationState verified = lastVerification == null || lastVerification.startedAt().isBefore(stageSince)
                    ? null : lastVerification.state(sw.store);
            String found = verified == null || verified == VerificationState.VALIDATED ? ""
                    : ", among them the differences of the last verification, which is " + verified;
            throw new StageChangeRefusedException(what + " " + sw.store + " is refused: the repair queue holds " + queued
                    + " keys" + found + "; drain it (backend.reconciler().drain(" + sw.store + ")) and verify again."
                    + " The stage stays " + current);
        }
    }

    private void requireFreshValidation(Stage current, String what) {
        if (lastVerification == null || lastVerification.startedAt().isBefore(stageSince)) {
            throw new StageChangeRefusedException(what + " " + sw.store + " is refused: no verification since " + current
                    + " began; run verify() (after a backfill in DUAL_WRITE). The stage stays " + current);
        }
        VerificationState state = lastVerification.state(sw.store);
        if (state != VerificationState.VALIDATED) {
            throw new StageChangeRefusedException(what + " " + sw.store + " is refused: the last verification is " + state
                    + ", not VALIDATED; repair the differences it lists and verify again. The stage stays " + current);
        }
    }

    /**
     * @return the store this controller changes
     */
    public StoreKind store() {
        return sw.store;
    }
}
