package dev.stowage.benchmarks;

import java.time.Duration;

/**
 * What a {@link Comparison} must meet: a cost ratio, a throughput ratio or an absolute p95.
 *
 * @param kind  which measure
 * @param ratio the bound of a ratio (cost at most, throughput at least), else 0
 * @param p95   the absolute bound of the 95th percentile, else {@code null}
 */
public record Target(Kind kind, double ratio, Duration p95) {

    /** The measures a target bounds. */
    public enum Kind {
        /** Stowage time per operation ÷ raw time per operation, at most {@link #ratio}. */
        COST_AT_MOST,
        /** Stowage operations per second ÷ raw operations per second, at least {@link #ratio}. */
        THROUGHPUT_AT_LEAST,
        /** Stowage's 95th percentile below {@link #p95}. */
        P95_BELOW
    }

    /**
     * @param ratio the largest allowed Stowage ÷ raw time per operation
     * @return the target
     */
    public static Target costAtMost(double ratio) {
        return new Target(Kind.COST_AT_MOST, ratio, null);
    }

    /**
     * @param ratio the smallest allowed Stowage ÷ raw operations per second
     * @return the target
     */
    public static Target throughputAtLeast(double ratio) {
        return new Target(Kind.THROUGHPUT_AT_LEAST, ratio, null);
    }

    /**
     * @param bound the bound of Stowage's 95th percentile
     * @return the target
     */
    public static Target p95Below(Duration bound) {
        return new Target(Kind.P95_BELOW, 0, bound);
    }
}
