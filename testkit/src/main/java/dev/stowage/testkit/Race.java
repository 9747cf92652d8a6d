package dev.stowage.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs a task on several real threads that start together behind a gate, so that their store
 * calls overlap as much as the machine allows. No sleeps: the threads wait on a latch, and the
 * caller waits for their results with a generous timeout that only guards against a hang.
 */
final class Race {

    /** How many threads the concurrency tests use. */
    static final int THREADS = 8;

    /** Upper bound for one race; reached only if a store deadlocks. */
    private static final long TIMEOUT_SECONDS = 120;

    private Race() {
    }

    /**
     * What one thread's task returned or threw.
     *
     * @param value the result, or {@code null} if the task threw
     * @param error what the task threw, or {@code null}
     * @param <T>   the result type
     */
    record Outcome<T>(T value, Throwable error) {

        /**
         * @return whether the task returned normally
         */
        boolean succeeded() {
            return error == null;
        }
    }

    /**
     * Runs {@code task} once on each of {@code threads} threads, all released at the same moment.
     *
     * @param threads how many threads
     * @param task    the work of thread {@code i} (0-based)
     * @param <T>     the result type
     * @return each thread's outcome, in thread order
     */
    static <T> List<Outcome<T>> run(int threads, IntFunction<T> task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Outcome<T>>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    try {
                        return new Outcome<>(task.apply(index), null);
                    } catch (RuntimeException | Error e) {
                        return new Outcome<T>(null, e);
                    }
                }));
            }
            assertThat(ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("all threads ready").isTrue();
            start.countDown();
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<Outcome<T>> future : futures) {
                outcomes.add(future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while waiting for the racing threads", e);
        } catch (ExecutionException | TimeoutException e) {
            return fail("a racing thread did not finish: " + e, e);
        } finally {
            pool.shutdownNow();
            try {
                assertThat(pool.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("racing threads ended").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * @param outcomes the outcomes of a race
     * @param <T>      the result type
     * @return the values of the outcomes that succeeded
     */
    static <T> List<T> values(List<Outcome<T>> outcomes) {
        return outcomes.stream().filter(Outcome::succeeded).map(Outcome::value).toList();
    }

    /**
     * @param outcomes the outcomes of a race
     * @param <T>      the result type
     * @return what the failed outcomes threw
     */
    static <T> List<Throwable> errors(List<Outcome<T>> outcomes) {
        return outcomes.stream().filter(outcome -> !outcome.succeeded()).map(Outcome::error).toList();
    }
}
