package dev.stowage.migration.switching;

import dev.stowage.support.Check;

/**
 * Where a {@link SwitchingBackend} learns the {@link Stage} of one store. Implementations are
 * thread-safe and never throw from {@link #stage()}: when the flag system fails, the last stage
 * they knew holds.
 * <p>
 * Built-in sources: {@link #fixed} (static), {@link ProgrammaticStageSource} (switched in code),
 * {@link SharedStageSource} (a PostgreSQL control record every instance follows, with the fenced
 * flip) and {@link OpenFeatureStageSource} (any OpenFeature provider: LaunchDarkly, Unleash, ...).
 */
public interface StageSource extends AutoCloseable {

    /**
     * @return the current stage; never {@code null}, never throws
     */
    Stage stage();

    /**
     * Admits one write. The switching backend holds the permit while the authoritative store
     * executes the write and the other store receives its result, so a source that fences stage
     * changes ({@link ProgrammaticStageSource}, {@link SharedStageSource}) can wait for writes in
     * flight before the authority flips. The default admits at once at {@link #stage()}.
     *
     * @return the permit, whose {@link WritePermit#stage()} the write follows
     * @throws dev.stowage.exception.StoreUnavailableException if a fenced stage change did not end
     *     within the source's bounded write pause
     */
    default WritePermit beginWrite() {
        return WritePermit.unfenced(stage());
    }

    /**
     * @return whether the source knows the current stage now; {@code false} while the flag system
     *     cannot be read and {@link #stage()} is the last stage known (health checks report it)
     */
    default boolean confirmed() {
        return true;
    }

    /** Releases the source's threads and connections, if any. Idempotent. */
    @Override
    default void close() {
    }

    /**
     * @param stage the stage, forever
     * @return a static source
     * @throws dev.stowage.exception.ValidationException {@code stage} if it is {@code null}
     */
    static StageSource fixed(Stage stage) {
        Check.required(stage, "stage");
        return new StageSource() {
            @Override
            public Stage stage() {
                return stage;
            }

            @Override
            public String toString() {
                return "StageSource.fixed(" + stage + ")";
            }
        };
    }
}
