package dev.stowage.micrometer;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one store of one backend ({@code store} and {@code backend} tags): a success timer
 * per operation, registered once and then only looked up, and error timers and counters made on
 * the (rare) error path. Thread-safe.
 */
final class OperationMeters {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Tags tags;
    private final Set<Meter> registered;
    private final Map<String, Timer> successes = new ConcurrentHashMap<>();

    /**
     * @param registry   where the meters go
     * @param store      the {@code store} tag
     * @param backend    the {@code backend} tag
     * @param registered collects every meter registered, so that closing the backend removes them
     */
    OperationMeters(MeterRegistry registry, String store, String backend, Set<Meter> registered) {
        this.registry = registry;
        this.clock = registry.config().clock();
        this.tags = Tags.of(MeteredStores.TAG_STORE, store, MeteredStores.TAG_BACKEND, backend);
        this.registered = registered;
    }

    /**
     * Runs one operation and records it.
     *
     * @param operation the {@code operation} tag
     * @param call      the operation
     * @param <T>       its result type
     * @return its result
     * @throws Exception whatever the operation threw, unchanged
     */
    <T> T time(String operation, Callable<T> call) throws Exception {
        long start = clock.monotonicTime();
        try {
            T result = call.call();
            success(operation).record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
            return result;
        } catch (Exception | Error e) {
            failure(operation, e, clock.monotonicTime() - start);
            throw e;
        }
    }

    /**
     * Records a finished operation.
     *
     * @param operation the {@code operation} tag
     * @param nanos     how long it took
     * @param error     what it threw, or {@code null} on success
     */
    void record(String operation, long nanos, Throwable error) {
        if (error == null) {
            success(operation).record(nanos, TimeUnit.NANOSECONDS);
        } else {
            failure(operation, error, nanos);
        }
    }

    /**
     * @return the registry's monotonic time in nanoseconds, the start of a {@link #record}
     */
    long now() {
        return clock.monotonicTime();
    }

    private Timer success(String operation) {
        Timer timer = successes.get(operation);
        return timer != null ? timer : successes.computeIfAbsent(operation, name -> timer(name, MeteredStores.SUCCESS));
    }

    private void failure(String operation, Throwable error, long nanos) {
        String type = errorType(error);
        timer(operation, type).record(nanos, TimeUnit.NANOSECONDS);
        Counter counter = Counter.builder(MeteredStores.ERRORS).tags(tags)
                .tag(MeteredStores.TAG_OPERATION, operation).tag(MeteredStores.TAG_EXCEPTION, type)
                .description("store operations that failed, by exception type").register(registry);
        registered.add(counter);
        counter.increment();
    }

    private Timer timer(String operation, String outcome) {
        Timer timer = Timer.builder(MeteredStores.OPERATIONS).tags(tags)
                .tag(MeteredStores.TAG_OPERATION, operation).tag(MeteredStores.TAG_OUTCOME, outcome)
                .description("store operations, by outcome: success or the exception's type")
                .register(registry);
        registered.add(timer);
        return timer;
    }

    /**
     * @return the exception's simple class name ({@code ConflictException}), or its full name for
     *     an anonymous class
     */
    static String errorType(Throwable error) {
        String simple = error.getClass().getSimpleName();
        return simple.isEmpty() ? error.getClass().getName() : simple;
    }
}
