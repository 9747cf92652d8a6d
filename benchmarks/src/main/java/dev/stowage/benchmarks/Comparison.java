package dev.stowage.benchmarks;

import java.util.Map;

/**
 * One line of the comparison table: a benchmark's Stowage method against its raw method, with
 * the benchmark parameters both run with and the target the ratio must meet.
 *
 * @param name          the line's name
 * @param benchmark     the JMH benchmark class
 * @param stowageMethod the benchmark method measuring Stowage
 * @param rawMethod     the benchmark method measuring the raw driver doing the same work, or
 *                      {@code null} for an absolute target
 * @param params        JMH parameters, by name
 * @param target        what the measurement must meet
 */
public record Comparison(String name, Class<?> benchmark, String stowageMethod, String rawMethod,
                         Map<String, String> params, Target target) {
}
