package dev.stowage.benchmarks;

import org.openjdk.jmh.annotations.Param;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One row of the runner's table: a JMH benchmark method that uses Stowage against one that does
 * the same work with the raw driver, run interleaved by {@link ComparisonRunner}, and the target
 * the design sets for them. Every benchmark class lists its rows in a
 * {@code public static List<Comparison> comparisons()}, and {@link Comparisons#all()} lists the classes.
 * <p>
 * {@link #params} are the JMH {@code @Param} values of this row (others keep their annotation's
 * first value). A row's data size is the first of {@link #SIZE_PARAMETERS} it sets: the runner's
 * {@code --sizes} option selects by it, the search plot uses it as its x axis, and the CI smoke
 * run lowers it to at most {@link #SMOKE_SIZE}. Benchmark classes should declare
 * {@code @Warmup}, {@code @Measurement} and {@code @Fork} (JMH's own defaults take minutes).
 *
 * @param name          what is compared, as the table prints it (for example "PostgreSQL point read")
 * @param benchmark     the JMH benchmark class holding both methods
 * @param stowageMethod the {@code @Benchmark} method that goes through Stowage
 * @param rawMethod     the {@code @Benchmark} method that does the same work with the raw driver;
 *                      {@code null} exactly when the target is {@link Target#p95Below} (an absolute bound)
 * @param params        the JMH parameters of this row, by {@code @Param} field name
 * @param target        what the row must achieve
 */
public record Comparison(String name, Class<?> benchmark, String stowageMethod, String rawMethod,
                         Map<String, String> params, Target target) {

    /** The parameter names that give a row's data size, in the order they are looked for. */
    public static final List<String> SIZE_PARAMETERS = List.of("tenantSize", "contacts", "size");

    /** The largest size a CI smoke run uses. */
    public static final int SMOKE_SIZE = 1_000;

    /** The parameter a smoke run turns on, if a benchmark has it: checks outside the measured time. */
    public static final String VERIFY = "verify";

    /**
     * @param name          see the record comment
     * @param benchmark     see the record comment
     * @param stowageMethod see the record comment
     * @param rawMethod     see the record comment
     * @param params        see the record comment
     * @param target        see the record comment
     */
    public Comparison {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name is required");
        }
        if (benchmark == null || stowageMethod == null || target == null) {
            throw new IllegalArgumentException(name + ": benchmark, stowageMethod and target are required");
        }
        if ((rawMethod == null) == target.hasRaw()) {
            throw new IllegalArgumentException(name + ": a " + target.kind() + " target "
                    + (target.hasRaw() ? "needs a raw method" : "takes no raw method"));
        }
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params == null ? Map.of() : params));
    }

    /** @return the row's data size, if it sets one of {@link #SIZE_PARAMETERS} */
    public Optional<Integer> size() {
        return SIZE_PARAMETERS.stream().filter(params::containsKey).findFirst()
                .map(name -> Integer.parseInt(params.get(name).replace("_", "")));
    }

    /**
     * @param overrides parameters to set or replace
     * @return this row with those parameters
     */
    public Comparison withParams(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(params);
        merged.putAll(overrides);
        return new Comparison(name, benchmark, stowageMethod, rawMethod, merged, target);
    }

    /**
     * @return this row as CI runs it: every size parameter lowered to at most {@link #SMOKE_SIZE}, and
     *     the benchmark's {@code verify} parameter, if it has one, on (so CI also checks that both
     *     sides did the same work)
     */
    public Comparison smoke() {
        Map<String, String> smaller = new LinkedHashMap<>();
        if (hasParameter(VERIFY)) {
            smaller.put(VERIFY, "true");
        }
        for (String parameter : SIZE_PARAMETERS) {
            String value = params.get(parameter);
            if (value != null && Integer.parseInt(value.replace("_", "")) > SMOKE_SIZE) {
                smaller.put(parameter, Integer.toString(SMOKE_SIZE));
            }
        }
        return withParams(smaller);
    }

    private boolean hasParameter(String field) {
        try {
            return benchmark.getField(field).isAnnotationPresent(Param.class);
        } catch (NoSuchFieldException absent) {
            return false;
        }
    }
}
