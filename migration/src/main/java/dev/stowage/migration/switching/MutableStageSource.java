package dev.stowage.migration.switching;

/**
 * A {@link StageSource} whose stage can be changed from code, which is what a
 * {@link StageController} drives. Every change is fenced: writes are paused, the writes in flight
 * finish (with their replication), the stage changes, and writes resume.
 */
public interface MutableStageSource extends StageSource {

    /**
     * Changes the stage, fenced. Gates are the {@link StageController}'s; this only switches.
     *
     * @param next the new stage
     * @throws dev.stowage.exception.ValidationException {@code next} if it is {@code null}
     * @throws dev.stowage.exception.StoreUnavailableException if the writes in flight did not end
     *     within the bounded pause (the stage is then unchanged)
     */
    default void set(Stage next) {
        set(next, () -> { });
    }

    /**
     * Changes the stage, fenced, and runs {@code whilePaused} at the one moment no write runs
     * anywhere: after the writes in flight (of every instance the source fences) have ended and
     * before any write starts under {@code next}. The {@link StageController} repairs the keys
     * still queued there when the authority flips, since those keys are owed to the store that was
     * authoritative until then. If {@code whilePaused} throws, the change is abandoned (the stage
     * stays, writes resume) and the exception propagates. {@code whilePaused} must not write
     * through the switching backend: its writes wait for this very pause.
     *
     * @param next        the new stage
     * @param whilePaused runs while every write is paused, at most once (a source may skip a
     *                    change to the stage it is at, and with it {@code whilePaused})
     * @throws dev.stowage.exception.ValidationException {@code next} if it is {@code null}
     * @throws dev.stowage.exception.StoreUnavailableException if the writes in flight did not end
     *     within the bounded pause (the stage is then unchanged)
     */
    void set(Stage next, Runnable whilePaused);

    /**
     * @return the longest write pause a change by this source has taken so far, for reports
     */
    java.time.Duration longestPause();
}
