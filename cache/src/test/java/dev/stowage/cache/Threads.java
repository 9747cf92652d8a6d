package dev.stowage.cache;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for a condition in tests, never for a fixed time. */
final class Threads {

    private Threads() {
    }

    /**
     * @param condition what to wait for
     * @param timeout   when to give up (a failure, not a timing assertion)
     */
    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what + " after " + timeout);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /**
     * @return whether the thread is parked or waiting for a monitor (it reached a blocking point)
     */
    static boolean isBlocked(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.BLOCKED || state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }
}
