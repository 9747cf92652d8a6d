package dev.stowage.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The options of {@link ComparisonRunner#main} (see {@link #USAGE}).
 *
 * @param only      a regular expression a comparison's name or class must contain, or {@code null} for all
 * @param sizes     the data sizes to run (rows without a size always run), or {@code null} for all
 * @param settings  how each method is run
 * @param plot      where the search latency plot goes
 * @param smokeSize whether every row is lowered to its smoke size ({@link Comparison#smoke()})
 * @param list      only list the selected comparisons
 * @param help      only print the usage
 */
public record RunnerOptions(Pattern only, Set<Integer> sizes, RunSettings settings, Path plot, boolean smokeSize,
                            boolean list, boolean help) {

    /** The options, as {@code --help} prints them. */
    public static final String USAGE = """
            benchmarks/run [JVM options such as -Xmx2g] [options]
              --only REGEX       comparisons whose name or benchmark class contains REGEX (case-insensitive)
              --sizes 1000,10000 only these data sizes (rows without a size always run)
              --repetitions N    interleaved repetitions per comparison (3)
              --warmups N        warm-up iterations per run (the benchmark class's own)
              --iterations N     measured iterations per run (the benchmark class's own)
              --time 1s|500ms    the length of each iteration (the benchmark class's own)
              --forks N          JMH forks per run (1; 0 runs in the runner's JVM, figures then less fair)
              --no-gc            without JMH's gc profiler (allocation per operation)
              --smoke            every row at its smallest size, one 100 ms iteration, no warm-up, no fork
              --plot FILE        the search latency plot (benchmarks/target/search-latency.png)
              --verbose          JMH's own output
              --list             list the selected comparisons and stop
            """;

    /**
     * @param args the command line
     * @return the options
     * @throws IllegalArgumentException for an unknown option or a bad value
     */
    public static RunnerOptions parse(String... args) {
        Pattern only = null;
        Set<Integer> sizes = null;
        RunSettings full = RunSettings.full();
        int repetitions = full.repetitions();
        Integer warmups = null;
        Integer iterations = null;
        Duration time = null;
        int forks = full.forks();
        boolean gc = true;
        boolean verbose = false;
        boolean smoke = false;
        boolean list = false;
        boolean help = false;
        Path plot = defaultDirectory().resolve("search-latency.png");
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            switch (option) {
                case "--only" -> only = Pattern.compile(value(rest, option), Pattern.CASE_INSENSITIVE);
                case "--sizes" -> sizes = Arrays.stream(value(rest, option).split(","))
                        .map(s -> Integer.parseInt(s.trim().replace("_", ""))).collect(Collectors.toSet());
                case "--repetitions" -> repetitions = Integer.parseInt(value(rest, option));
                case "--warmups" -> warmups = Integer.parseInt(value(rest, option));
                case "--iterations" -> iterations = Integer.parseInt(value(rest, option));
                case "--time" -> time = duration(value(rest, option));
                case "--forks" -> forks = Integer.parseInt(value(rest, option));
                case "--no-gc" -> gc = false;
                case "--smoke" -> smoke = true;
                case "--plot" -> plot = Path.of(value(rest, option));
                case "--verbose" -> verbose = true;
                case "--list" -> list = true;
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        RunSettings settings = smoke ? RunSettings.smoke()
                : new RunSettings(repetitions, warmups, iterations, time, forks, gc, verbose);
        return new RunnerOptions(only, sizes, settings, plot, smoke, list, help);
    }

    /**
     * @param all every registered comparison
     * @return those these options select, lowered to their smoke size with {@code --smoke}
     */
    public List<Comparison> select(List<Comparison> all) {
        List<Comparison> selected = new ArrayList<>();
        for (Comparison comparison : all) {
            Comparison row = smokeSize ? comparison.smoke() : comparison;
            boolean named = only == null || only.matcher(row.name()).find()
                    || only.matcher(row.benchmark().getSimpleName()).find();
            boolean sized = sizes == null || row.size().map(sizes::contains).orElse(true);
            if (named && sized && !selected.contains(row)) {
                selected.add(row);
            }
        }
        return selected;
    }

    /** @return the directory of the plot, where the table is written too */
    public Path outputDirectory() {
        Path parent = plot.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    private static Path defaultDirectory() {
        return Files.isDirectory(Path.of("benchmarks")) ? Path.of("benchmarks", "target") : Path.of("target");
    }

    private static String value(List<String> rest, String option) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return rest.remove(0);
    }

    private static Duration duration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        if (text.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        throw new IllegalArgumentException("--time takes 500ms or 2s, not " + text);
    }
}
