package dev.stowage.benchmarks;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link Comparison} must reach: a cost ratio (Stowage time per operation / raw time per
 * operation) at most a bound, a throughput ratio (Stowage ops/s / raw ops/s) at least a bound, or
 * an absolute p95 latency of the Stowage method below a limit.
 *
 * @param kind  which of the three targets
 * @param ratio the ratio bound, for the two ratio kinds (0 for {@link Kind#P95_BELOW})
 * @param p95   the latency limit, for {@link Kind#P95_BELOW} (null otherwise)
 */
public record Target(Kind kind, double ratio, Duration p95) {

    /** The kinds of target. */
    public enum Kind {
        /** Stowage time per op / raw time per op at most {@link #ratio}. */
        COST_AT_MOST,
        /** Stowage ops/s / raw ops/s at least {@link #ratio}. */
        THROUGHPUT_AT_LEAST,
        /** The Stowage method's 95th percentile below {@link #p95}. */
        P95_BELOW
    }

    /** Checks the kind's parameters. */
    public Target {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.P95_BELOW) != (p95 != null)) {
            throw new IllegalArgumentException("a p95 limit goes with P95_BELOW and only with it");
        }
    }

    /**
     * @param ratio the most Stowage may cost per operation, as a multiple of the raw side's cost
     * @return the target
     */
    public static Target costAtMost(double ratio) {
        return new Target(Kind.COST_AT_MOST, ratio, null);
    }

    /**
     * @param ratio the least throughput Stowage must reach, as a fraction of the raw side's
     * @return the target
     */
    public static Target throughputAtLeast(double ratio) {
        return new Target(Kind.THROUGHPUT_AT_LEAST, ratio, null);
    }

    /**
     * @param limit the latency the Stowage method's 95th percentile must stay below
     * @return the target
     */
    public static Target p95Below(Duration limit) {
        return new Target(Kind.P95_BELOW, 0, Objects.requireNonNull(limit, "limit"));
    }
}
