package dev.stowage.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a {@link Comparison} must achieve, and how its figure is computed from one repetition.
 * <ul>
 *   <li>{@link #costAtMost}: figure = Stowage time per operation / raw time per operation
 *       (lower is better; 1.0 is raw speed);</li>
 *   <li>{@link #throughputAtLeast}: figure = Stowage operations per second / raw operations per
 *       second (higher is better);</li>
 *   <li>{@link #p95Below}: figure = the Stowage method's own 95th-percentile latency, in seconds
 *       (no raw side).</li>
 * </ul>
 *
 * @param kind  which of the three
 * @param bound the ratio, or for {@link Kind#P95_BELOW} the latency in seconds
 */
public record Target(Kind kind, double bound) {

    /** The three kinds of target. */
    public enum Kind {
        /** Stowage time / raw time at most the bound. */
        COST_AT_MOST,
        /** Stowage throughput / raw throughput at least the bound. */
        THROUGHPUT_AT_LEAST,
        /** The Stowage method's p95 latency below the bound (seconds). */
        P95_BELOW
    }

    /**
     * @param kind  which of the three
     * @param bound a positive, finite bound
     */
    public Target {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        if (!(bound > 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("bound must be positive and finite, not " + bound);
        }
    }

    /**
     * @param ratio the most Stowage may cost, as a multiple of the raw time per operation
     * @return the target
     */
    public static Target costAtMost(double ratio) {
        return new Target(Kind.COST_AT_MOST, ratio);
    }

    /**
     * @param ratio the least Stowage must achieve, as a share of the raw throughput
     * @return the target
     */
    public static Target throughputAtLeast(double ratio) {
        return new Target(Kind.THROUGHPUT_AT_LEAST, ratio);
    }

    /**
     * @param latency the bound of the Stowage method's 95th percentile
     * @return the target
     */
    public static Target p95Below(Duration latency) {
        if (latency == null || latency.isNegative() || latency.isZero()) {
            throw new IllegalArgumentException("latency must be positive, not " + latency);
        }
        return new Target(Kind.P95_BELOW, latency.toNanos() / 1e9);
    }

    /** @return whether the comparison has a raw side */
    public boolean hasRaw() {
        return kind != Kind.P95_BELOW;
    }

    /**
     * @param stowage one repetition's Stowage measurement
     * @param raw     the same repetition's raw measurement ({@code null} for {@link Kind#P95_BELOW})
     * @return the repetition's figure (see the class comment)
     */
    public double figure(MethodScore stowage, MethodScore raw) {
        return switch (kind) {
            case COST_AT_MOST -> stowage.secondsPerOp() / raw.secondsPerOp();
            case THROUGHPUT_AT_LEAST -> raw.secondsPerOp() / stowage.secondsPerOp();
            case P95_BELOW -> stowage.p95Seconds();
        };
    }

    /**
     * @param figure a figure of {@link #figure}
     * @return whether it meets the target
     */
    public boolean isMet(double figure) {
        return switch (kind) {
            case COST_AT_MOST -> figure <= bound;
            case THROUGHPUT_AT_LEAST -> figure >= bound;
            case P95_BELOW -> figure < bound;
        };
    }

    /**
     * @param figures the figures of every repetition
     * @return the one furthest from the target's side (highest cost or latency, lowest throughput)
     */
    public double worst(double[] figures) {
        return kind == Kind.THROUGHPUT_AT_LEAST ? Arrays.stream(figures).min().orElse(Double.NaN)
                : Arrays.stream(figures).max().orElse(Double.NaN);
    }

    /**
     * @param figure a figure of {@link #figure}
     * @return it as the table prints it (a ratio as {@code 1.07}, a latency in ms)
     */
    public String format(double figure) {
        return kind == Kind.P95_BELOW ? MethodScore.formatSeconds(figure) : String.format(Locale.ROOT, "%.2f", figure);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case COST_AT_MOST -> String.format(Locale.ROOT, "cost <= %.2fx", bound);
            case THROUGHPUT_AT_LEAST -> String.format(Locale.ROOT, "throughput >= %.2fx", bound);
            case P95_BELOW -> "p95 < " + MethodScore.formatSeconds(bound);
        };
    }
}
