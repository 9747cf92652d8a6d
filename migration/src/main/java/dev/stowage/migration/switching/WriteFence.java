package dev.stowage.migration.switching;

import dev.stowage.exception.StoreUnavailableException;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The writes of one instance: counts those in flight, and during a pause holds new ones back (for
 * at most the bounded pause) until the stage change is over. The pause is what makes a flip of the
 * authoritative store safe: no write started under the old authority is still running, and none
 * starts under it afterwards. Thread-safe (one monitor; the critical sections are counters).
 */
final class WriteFence {

    private final Duration maxPause;
    private int inFlight;
    private boolean paused;
    private long pauses;
    private long pausedNanos;
    private long pauseStartedAt;

    WriteFence(Duration maxPause) {
        this.maxPause = maxPause;
    }

    /**
     * Waits while a pause lasts (at most the bounded pause), then admits a write at the stage
     * {@code stage} gives at that moment.
     */
    synchronized WritePermit enter(Supplier<Stage> stage) {
        long deadline = System.nanoTime() + maxPause.toNanos();
        while (paused) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new StoreUnavailableException("writes are paused for a stage change that has not ended within "
                        + maxPause.toMillis() + " ms; retry", null);
            }
            waitNanos(left);
        }
        inFlight++;
        return WritePermit.fenced(stage.get(), this::leave);
    }

    private synchronized void leave() {
        inFlight--;
        notifyAll();
    }

    /** Holds new writes back from now on. */
    synchronized void pause() {
        if (!paused) {
            paused = true;
            pauseStartedAt = System.nanoTime();
        }
    }

    /**
     * Waits until no write is in flight.
     *
     * @param timeout at most this long
     * @return whether the writes drained
     */
    synchronized boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            waitNanos(left);
        }
        return true;
    }

    /** Lets writes in again. */
    synchronized void resume() {
        if (paused) {
            paused = false;
            pauses++;
            pausedNanos += System.nanoTime() - pauseStartedAt;
            notifyAll();
        }
    }

    synchronized boolean paused() {
        return paused;
    }

    /** @return how many pauses ended, and their total length in nanoseconds */
    synchronized long[] pauseTotals() {
        return new long[] {pauses, pausedNanos};
    }

    private void waitNanos(long nanos) {
        try {
            wait(Math.max(1, nanos / 1_000_000), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while writes were paused for a stage change", e);
        }
    }
}
