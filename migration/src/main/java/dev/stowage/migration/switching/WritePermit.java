package dev.stowage.migration.switching;

/**
 * One admitted write and the stage it follows; closing it tells a fencing {@link StageSource}
 * that the write (with its replication) is over. Not thread-safe: one write, one thread.
 */
public final class WritePermit implements AutoCloseable {

    private final Stage stage;
    private final Runnable release;
    private boolean closed;

    private WritePermit(Stage stage, Runnable release) {
        this.stage = stage;
        this.release = release;
    }

    /**
     * @param stage the stage the write follows
     * @return a permit that needs no release
     */
    public static WritePermit unfenced(Stage stage) {
        return new WritePermit(stage, () -> { });
    }

    static WritePermit fenced(Stage stage, Runnable release) {
        return new WritePermit(stage, release);
    }

    /**
     * @return the stage the write follows
     */
    public Stage stage() {
        return stage;
    }

    /** Ends the write. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release.run();
        }
    }
}
