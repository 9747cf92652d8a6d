package dev.stowage.benchmarks;

import java.util.Map;
import java.util.Objects;

/**
 * One row of the comparison table: a Stowage benchmark method against the raw method doing the
 * same work, both of one JMH benchmark class run with the same parameters, and the target the
 * pair must reach.
 *
 * @param name          what the row is called in the table
 * @param benchmark     the JMH benchmark class holding both methods
 * @param stowageMethod the Stowage side's {@code @Benchmark} method
 * @param rawMethod     the raw side's {@code @Benchmark} method (null for an absolute target)
 * @param params        the JMH {@code @Param} values both run with
 * @param target        what the row must reach
 */
public record Comparison(String name, Class<?> benchmark, String stowageMethod, String rawMethod,
                         Map<String, String> params, Target target) {

    /** Checks the required parts and copies the parameters. */
    public Comparison {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(stowageMethod, "stowageMethod");
        Objects.requireNonNull(target, "target");
        params = Map.copyOf(params);
    }
}
