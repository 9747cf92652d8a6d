package dev.stowage.benchmarks;

import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs {@link Comparison}s as the design measures them: for each, {@link RunSettings#repetitions()}
 * repetitions, each running the Stowage method and the raw method back to back (odd repetitions
 * Stowage first, even ones raw first), so that the machine's load weighs on both alike. Each
 * method run is a JMH run through its Java API. A comparison that fails is reported as such and
 * the others still run. Afterwards each benchmark class's optional
 * {@code public static void cleanUp(List<Comparison>)} is called once with its rows that ran (to
 * drop data kept between forks).
 * <p>
 * {@link #main} is what {@code benchmarks/run} starts; see {@link RunnerOptions} for its options.
 */
public final class ComparisonRunner {

    private ComparisonRunner() {
    }

    /**
     * Runs the selected comparisons, prints the table on standard output and writes the search
     * latency plot (and the table) beside it.
     *
     * @param args see {@link RunnerOptions#USAGE}
     */
    public static void main(String[] args) {
        RunnerOptions options = RunnerOptions.parse(args);
        if (options.help()) {
            System.out.print(RunnerOptions.USAGE);
            return;
        }
        List<Comparison> selected = options.select(Comparisons.all());
        if (options.list()) {
            selected.forEach(c -> System.out.println(c.name() + "  (" + c.benchmark().getSimpleName() + "."
                    + c.stowageMethod() + (c.rawMethod() == null ? "" : " vs " + c.rawMethod()) + ", " + c.params()
                    + ", " + c.target() + ")"));
            return;
        }
        if (selected.isEmpty()) {
            System.err.println("no comparison matches; --list shows them");
            System.exit(2);
        }
        List<ComparisonResult> results = run(selected, options.settings());
        String table = ResultTable.render(results, options.settings());
        System.out.println();
        System.out.print(table);
        ResultTable.write(table, options.outputDirectory().resolve("comparisons.txt"));
        SearchLatencyPlot.write(results, options.plot()).ifPresentOrElse(
                path -> System.out.println("search latency plot: " + path.toAbsolutePath()),
                () -> System.out.println("search latency plot: none (no search comparison with a size ran)"));
        if (results.stream().anyMatch(r -> !r.hasScores())) {
            System.exit(1);
        }
    }

    /**
     * @param comparisons what to run, in this order
     * @param settings    how
     * @return one result per comparison, in the same order
     */
    public static List<ComparisonResult> run(List<Comparison> comparisons, RunSettings settings) {
        List<ComparisonResult> results = new ArrayList<>();
        try {
            for (int i = 0; i < comparisons.size(); i++) {
                results.add(run(comparisons.get(i), settings, String.format(Locale.ROOT, "[%d/%d]", i + 1,
                        comparisons.size())));
            }
        } finally {
            cleanUp(comparisons);
        }
        return results;
    }

    private static ComparisonResult run(Comparison comparison, RunSettings settings, String progress) {
        List<ComparisonResult.Repetition> repetitions = new ArrayList<>();
        try {
            for (int r = 1; r <= settings.repetitions(); r++) {
                String label = progress + " " + comparison.name() + ", repetition " + r + "/" + settings.repetitions();
                MethodScore stowage;
                MethodScore raw = null;
                if (!comparison.target().hasRaw()) {
                    stowage = measure(comparison, comparison.stowageMethod(), settings, label);
                } else if (r % 2 == 1) {
                    stowage = measure(comparison, comparison.stowageMethod(), settings, label);
                    raw = measure(comparison, comparison.rawMethod(), settings, label);
                } else {
                    raw = measure(comparison, comparison.rawMethod(), settings, label);
                    stowage = measure(comparison, comparison.stowageMethod(), settings, label);
                }
                repetitions.add(new ComparisonResult.Repetition(stowage, raw));
            }
            return new ComparisonResult(comparison, repetitions, null);
        } catch (RunnerException | RuntimeException e) {
            String failure = e.getMessage() == null ? e.toString() : e.getMessage();
            System.err.println(progress + " " + comparison.name() + " FAILED: " + failure);
            return new ComparisonResult(comparison, repetitions, failure);
        }
    }

    private static MethodScore measure(Comparison comparison, String method, RunSettings settings, String label)
            throws RunnerException {
        // A method of a JMH group runs only with its group, which JMH names instead of the method.
        String group = groupOf(comparison.benchmark(), method);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(comparison.benchmark().getName() + "." + (group == null ? method : group))
                        + "$")
                .forks(settings.forks())
                .shouldFailOnError(true)
                .verbosity(settings.verbose() ? VerboseMode.NORMAL : VerboseMode.SILENT);
        comparison.params().forEach(options::param);
        if (comparison.target().kind() == Target.Kind.P95_BELOW) {
            options.mode(Mode.SampleTime);
        }
        if (settings.warmups() != null) {
            options.warmupIterations(settings.warmups());
        }
        if (settings.iterations() != null) {
            options.measurementIterations(settings.iterations());
        }
        if (settings.iterationTime() != null) {
            TimeValue time = new TimeValue(settings.iterationTime().toMillis(), TimeUnit.MILLISECONDS);
            options.warmupTime(time).measurementTime(time);
        }
        if (settings.gcProfiler()) {
            options.addProfiler(GCProfiler.class);
        }
        RunResult run = new Runner(options.build()).runSingle();
        MethodScore measurement = group == null ? MethodScore.of(run) : MethodScore.ofGroupMember(run, method);
        System.err.println(label + ": " + method + " " + measurement
                + (comparison.target().kind() == Target.Kind.P95_BELOW
                ? ", p95 " + MethodScore.formatSeconds(measurement.p95Seconds()) : ""));
        return measurement;
    }

    /** @return the {@code @Group} of the class's benchmark method, or null when it runs alone */
    private static String groupOf(Class<?> benchmark, String method) {
        for (Method candidate : benchmark.getMethods()) {
            if (candidate.getName().equals(method) && candidate.isAnnotationPresent(Group.class)) {
                return candidate.getAnnotation(Group.class).value();
            }
        }
        return null;
    }

    /** Calls each benchmark class's optional {@code public static void cleanUp(List<Comparison>)}, once. */
    private static void cleanUp(List<Comparison> comparisons) {
        Map<Class<?>, List<Comparison>> byClass = new LinkedHashMap<>();
        comparisons.forEach(c -> byClass.computeIfAbsent(c.benchmark(), type -> new ArrayList<>()).add(c));
        byClass.forEach((type, rows) -> {
            Method cleanUp;
            try {
                cleanUp = type.getMethod("cleanUp", List.class);
            } catch (NoSuchMethodException none) {
                return;
            }
            if (!Modifier.isStatic(cleanUp.getModifiers())) {
                return;
            }
            try {
                cleanUp.invoke(null, List.copyOf(rows));
            } catch (ReflectiveOperationException | RuntimeException e) {
                System.err.println("cleaning up after " + type.getSimpleName() + " failed: " + e);
            }
        });
    }
}
