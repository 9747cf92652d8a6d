package dev.stowage.benchmarks;

import java.time.Duration;

/**
 * How {@link ComparisonRunner} runs each benchmark method. {@code null} keeps what the benchmark
 * class declares ({@code @Warmup}, {@code @Measurement}).
 *
 * @param repetitions   interleaved repetitions per comparison (each runs Stowage and raw back to back)
 * @param warmups       warm-up iterations per run, or {@code null}
 * @param iterations    measured iterations per run, or {@code null}
 * @param iterationTime the length of each iteration, or {@code null}
 * @param forks         JMH forks per run (0 runs in this JVM: only for the smoke test, as the JIT's
 *                      profile of one method then colours the next)
 * @param gcProfiler    whether JMH's gc profiler reports the allocation per operation
 * @param verbose       whether JMH's own output is shown
 */
public record RunSettings(int repetitions, Integer warmups, Integer iterations, Duration iterationTime, int forks,
                          boolean gcProfiler, boolean verbose) {

    /**
     * @param repetitions   see the record comment
     * @param warmups       see the record comment
     * @param iterations    see the record comment
     * @param iterationTime see the record comment
     * @param forks         see the record comment
     * @param gcProfiler    see the record comment
     * @param verbose       see the record comment
     */
    public RunSettings {
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be at least 1, not " + repetitions);
        }
        if (forks < 0) {
            throw new IllegalArgumentException("forks must not be negative, not " + forks);
        }
    }

    /** @return the design's measurement: 3 repetitions, one fork each, the classes' own iterations, allocation profiled */
    public static RunSettings full() {
        return new RunSettings(3, null, null, null, 1, true, false);
    }

    /** @return CI's run: one repetition of one short iteration without warm-up, in this JVM; figures mean nothing */
    public static RunSettings smoke() {
        return new RunSettings(1, 0, 1, Duration.ofMillis(100), 0, false, false);
    }
}
