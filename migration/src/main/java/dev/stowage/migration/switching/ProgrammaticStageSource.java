package dev.stowage.migration.switching;

import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.support.Check;

import java.time.Duration;

/**
 * A stage held in this process and switched from code, for one application instance (tests,
 * single-node deployments, or a flag system that calls {@link #set}). Several instances need a
 * {@link SharedStageSource} instead, so that all of them follow one record. Thread-safe.
 * <pre>{@code
 * ProgrammaticStageSource contacts = ProgrammaticStageSource.startingAt(Stage.OFF);
 * contacts.set(Stage.DUAL_WRITE);   // pauses writes until those in flight have replicated
 * }</pre>
 */
public final class ProgrammaticStageSource implements MutableStageSource {

    /** How long a change waits for the writes in flight, and new writes wait for a change. */
    public static final Duration DEFAULT_MAX_PAUSE = Duration.ofSeconds(5);

    private final WriteFence fence;
    private final Duration maxPause;
    private volatile Stage stage;
    private volatile Duration longestPause = Duration.ZERO;

    private ProgrammaticStageSource(Stage stage, Duration maxPause) {
        this.stage = stage;
        this.maxPause = maxPause;
        this.fence = new WriteFence(maxPause);
    }

    /**
     * @param stage the first stage
     * @return a source at that stage, with the {@linkplain #DEFAULT_MAX_PAUSE default pause bound}
     * @throws dev.stowage.exception.ValidationException {@code stage} if it is {@code null}
     */
    public static ProgrammaticStageSource startingAt(Stage stage) {
        return startingAt(stage, DEFAULT_MAX_PAUSE);
    }

    /**
     * @param stage    the first stage
     * @param maxPause how long a change waits for writes in flight, and writes wait for a change
     * @return a source at that stage
     * @throws dev.stowage.exception.ValidationException {@code stage} or {@code maxPause} if missing or not positive
     */
    public static ProgrammaticStageSource startingAt(Stage stage, Duration maxPause) {
        Check.required(stage, "stage");
        Check.required(maxPause, "maxPause");
        if (maxPause.isNegative() || maxPause.isZero()) {
            throw new dev.stowage.exception.ValidationException("maxPause", "positive", "must be positive");
        }
        return new ProgrammaticStageSource(stage, maxPause);
    }

    @Override
    public Stage stage() {
        return stage;
    }

    @Override
    public WritePermit beginWrite() {
        return fence.enter(this::stage);
    }

    @Override
    public synchronized void set(Stage next, Runnable whilePaused) {
        Check.required(next, "next");
        Check.required(whilePaused, "whilePaused");
        if (next == stage) {
            return;
        }
        long started = System.nanoTime();
        fence.pause();
        try {
            if (!fence.drain(maxPause)) {
                throw new StoreUnavailableException("the stage stays " + stage + ": writes in flight did not end within "
                        + maxPause.toMillis() + " ms", null);
            }
            whilePaused.run();
            stage = next;
        } finally {
            fence.resume();
            Duration pause = Duration.ofNanos(System.nanoTime() - started);
            if (pause.compareTo(longestPause) > 0) {
                longestPause = pause;
            }
        }
    }

    @Override
    public Duration longestPause() {
        return longestPause;
    }

    @Override
    public String toString() {
        return "ProgrammaticStageSource[" + stage + "]";
    }
}
