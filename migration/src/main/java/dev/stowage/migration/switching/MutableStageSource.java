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
    void set(Stage next);

    /**
     * @return the longest write pause a change by this source has taken so far, for reports
     */
    java.time.Duration longestPause();
}
