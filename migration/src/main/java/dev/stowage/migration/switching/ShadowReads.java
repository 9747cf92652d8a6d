package dev.stowage.migration.switching;

import dev.stowage.migration.StoreKind;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Scientist's rules for shadow reads, without Scientist4J's traps: the caller's answer is already
 * computed when a sampled read of the other store is handed to one bounded executor shared by all
 * stores of the backend; a full executor drops the read rather than wait; a read slower than the
 * timeout is reported as such and its answer ignored; nothing the shadow read does reaches the
 * caller. Thread-safe.
 */
final class ShadowReads implements AutoCloseable {

    private final double ratio;
    private final Duration timeout;
    private final ShadowListener listener;
    private final SwitchingMetrics metrics;
    private final ThreadPoolExecutor executor;

    ShadowReads(double ratio, Duration timeout, int threads, int queue, ShadowListener listener, SwitchingMetrics metrics) {
        this.ratio = ratio;
        this.timeout = timeout;
        this.listener = listener;
        this.metrics = metrics;
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                task -> {
                    Thread thread = new Thread(task, "stowage-shadow-read-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, (task, pool) -> metrics.shadowDropped(currentStore(task)));
        this.executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Maybe (by the ratio) compares the caller's answer with the other store's, later.
     *
     * @param store     the store
     * @param key       the key read, queued for repair on a mismatch
     * @param operation the read's name
     * @param primary   what the caller got
     * @param shadow    the same read on the other store
     * @param repair    queues the key on a mismatch
     */
    <T> void maybeCompare(StoreKind store, RepairKey key, String operation, T primary, Supplier<T> shadow,
                          Consumer<RepairKey> repair) {
        if (ratio <= 0 || (ratio < 1 && ThreadLocalRandom.current().nextDouble() >= ratio)) {
            return;
        }
        executor.execute(new Comparison(store, () -> compare(store, key, operation, primary, shadow, repair)));
    }

    /** A shadow read, naming its store so that a full executor can count the drop by store. */
    private record Comparison(StoreKind store, Runnable work) implements Runnable {
        @Override
        public void run() {
            work.run();
        }
    }

    private static StoreKind currentStore(Runnable task) {
        return task instanceof Comparison comparison ? comparison.store() : null;
    }

    private <T> void compare(StoreKind store, RepairKey key, String operation, T primary, Supplier<T> shadow,
                             Consumer<RepairKey> repair) {
        long started = System.nanoTime();
        ShadowResult.Outcome outcome;
        try {
            T candidate = shadow.get();
            if (System.nanoTime() - started > timeout.toNanos()) {
                outcome = ShadowResult.Outcome.TIMEOUT;
            } else if (Objects.equals(primary, candidate)) {
                outcome = ShadowResult.Outcome.MATCH;
            } else {
                outcome = ShadowResult.Outcome.MISMATCH;
                repair.accept(key);
            }
        } catch (RuntimeException e) {
            outcome = ShadowResult.Outcome.ERROR;
        }
        publish(new ShadowResult(store, key.tenant(), operation, key.key(), outcome,
                Duration.ofNanos(System.nanoTime() - started)));
    }

    private void publish(ShadowResult result) {
        metrics.shadow(result);
        try {
            listener.onResult(result);
        } catch (RuntimeException ignored) {
            // a listener's failure must not reach the caller nor stop other results (documented on ShadowListener)
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
