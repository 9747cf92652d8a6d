package dev.stowage.migration;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Retries calls that failed transiently ({@link Rejects#isTransient}): a lost connection, a
 * timeout, a write that lost a race. Backs off from 100 ms, doubling, for {@value #ATTEMPTS}
 * attempts (about 6 seconds); then the last failure is thrown.
 */
final class Retry {

    static final int ATTEMPTS = 7;
    private static final long FIRST_PAUSE_NANOS = 100_000_000L;

    private Retry() {
    }

    /**
     * @param call     the call
     * @param stopping whether the run is stopping (then a failure is thrown at once)
     * @param <T>      its result type
     * @return its result
     */
    static <T> T call(Supplier<T> call, BooleanSupplier stopping) {
        long pause = FIRST_PAUSE_NANOS;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!Rejects.isTransient(e) || attempt >= ATTEMPTS || stopping.getAsBoolean()) {
                    throw e;
                }
                LockSupport.parkNanos(pause);
                pause *= 2;
            }
        }
    }

    /**
     * @param call     the call
     * @param stopping whether the run is stopping
     */
    static void run(Runnable call, BooleanSupplier stopping) {
        call(() -> {
            call.run();
            return null;
        }, stopping);
    }
}
