package dev.stowage.benchmarks;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs {@link RedisToPostgresCopyBenchmark} as the design measures it: the Stowage copy and the
 * raw {@code COPY} in one run, interleaved (repetition 1 runs Stowage then raw, repetition 2 raw
 * then Stowage, ...), so that the machine's load weighs on both alike; then prints one table with
 * the ratio (raw time / Stowage time, so higher is better and 1.0 is raw speed) over the
 * repetitions against the target.
 * <p>
 * Settings are system properties: {@code contacts} (100000), {@code repetitions} (3),
 * {@code warmups} (1), {@code iterations} (3), {@code forks} (1; 0 runs in this JVM),
 * {@code workers} (4), {@code batchSize} (1000), {@code verify} (false), {@code verbose} (false: JMH's
 * own output is not shown, only a line per measurement on standard error and the table on
 * standard output).
 */
public final class CopyComparison {

    /** The design's target: the engine's copy at least half as fast as a raw COPY. */
    public static final double TARGET = 0.5;

    private CopyComparison() {
    }

    /**
     * The settings of one comparison.
     *
     * @param contacts    contacts copied per invocation
     * @param repetitions interleaved repetitions
     * @param warmups     warm-up copies per side and repetition
     * @param iterations  measured copies per side and repetition
     * @param forks       JMH forks (0: in this JVM)
     * @param workers     the engine's workers
     * @param batchSize   the engine's batch size
     * @param verify      verify every copy (not measured)
     * @param verbose     show JMH's own output
     */
    public record Settings(int contacts, int repetitions, int warmups, int iterations, int forks, int workers,
                           int batchSize, boolean verify, boolean verbose) {

        /** @return the settings from system properties, with the defaults of the class comment */
        public static Settings fromSystemProperties() {
            return new Settings(Integer.getInteger("contacts", 100_000), Integer.getInteger("repetitions", 3),
                    Integer.getInteger("warmups", 1), Integer.getInteger("iterations", 3),
                    Integer.getInteger("forks", 1), Integer.getInteger("workers", 4),
                    Integer.getInteger("batchSize", 1_000), Boolean.getBoolean("verify"), Boolean.getBoolean("verbose"));
        }
    }

    /**
     * One repetition's mean times, in milliseconds per copy.
     *
     * @param stowage the engine's copy
     * @param raw     the raw COPY
     */
    public record Repetition(double stowage, double raw) {

        /** @return raw time / Stowage time: Stowage's speed as a fraction of raw speed */
        public double ratio() {
            return raw / stowage;
        }
    }

    /**
     * @param args ignored; see the class comment for the settings
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        Settings settings = Settings.fromSystemProperties();
        List<Repetition> repetitions = run(settings);
        System.out.println();
        System.out.print(table(settings, repetitions));
    }

    /**
     * @param settings what to run
     * @return each repetition's times, in run order
     * @throws RunnerException if JMH fails
     */
    public static List<Repetition> run(Settings settings) throws RunnerException {
        List<Repetition> repetitions = new ArrayList<>();
        try {
            for (int r = 1; r <= settings.repetitions(); r++) {
                double stowage;
                double raw;
                if (r % 2 == 1) {
                    stowage = measure(settings, "stowageCopy", r);
                    raw = measure(settings, "rawCopy", r);
                } else {
                    raw = measure(settings, "rawCopy", r);
                    stowage = measure(settings, "stowageCopy", r);
                }
                repetitions.add(new Repetition(stowage, raw));
            }
        } finally {
            BenchmarkServers.deleteRedisPrefix(RedisToPostgresCopyBenchmark.sourcePrefix(settings.contacts()));
        }
        return repetitions;
    }

    private static double measure(Settings settings, String benchmark, int repetition) throws RunnerException {
        System.err.printf(Locale.ROOT, "repetition %d of %d: %s ...%n", repetition, settings.repetitions(), benchmark);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(RedisToPostgresCopyBenchmark.class.getName() + "\\." + benchmark + "$")
                .param("contacts", Integer.toString(settings.contacts()))
                .param("workers", Integer.toString(settings.workers()))
                .param("batchSize", Integer.toString(settings.batchSize()))
                .param("verify", Boolean.toString(settings.verify()))
                .param("keepSource", "true")
                .warmupIterations(settings.warmups())
                .measurementIterations(settings.iterations())
                .forks(settings.forks())
                .shouldFailOnError(true)
                .verbosity(settings.verbose() ? VerboseMode.NORMAL : VerboseMode.SILENT);
        RunResult result = new Runner(options.build()).runSingle();
        double millis = result.getPrimaryResult().getScore();
        System.err.printf(Locale.ROOT, "repetition %d of %d: %s %.0f ms per copy%n", repetition,
                settings.repetitions(), benchmark, millis);
        return millis;
    }

    /**
     * @param settings    what ran
     * @param repetitions what it measured
     * @return the table: comparison, Stowage vs raw (median times), ratio min / median / max,
     *     target, met; then a line per repetition
     */
    public static String table(Settings settings, List<Repetition> repetitions) {
        double[] ratios = repetitions.stream().mapToDouble(Repetition::ratio).sorted().toArray();
        double[] stowage = repetitions.stream().mapToDouble(Repetition::stowage).sorted().toArray();
        double[] raw = repetitions.stream().mapToDouble(Repetition::raw).sorted().toArray();
        String comparison = String.format(Locale.ROOT, "Redis -> PostgreSQL copy, %d contacts", settings.contacts());
        String versus = String.format(Locale.ROOT, "%.0f ms vs %.0f ms", median(stowage), median(raw));
        String ratio = String.format(Locale.ROOT, "%.2f / %.2f / %.2f", ratios[0], median(ratios),
                ratios[ratios.length - 1]);
        String target = String.format(Locale.ROOT, ">= %.1fx", TARGET);
        String met = ratios[0] >= TARGET ? "met" : median(ratios) >= TARGET ? "met at the median, not at the min"
                : "NOT met";
        String[][] rows = {
            {"comparison", "Stowage vs raw (median ms per copy)", "ratio min / median / max", "target", "met"},
            {comparison, versus, ratio, target, met}};
        int[] widths = new int[rows[0].length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", row[i])).append(i < row.length - 1 ? " | " : "");
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        text.append(String.format(Locale.ROOT, "ratio = raw COPY time / Stowage time over %d interleaved repetitions "
                + "(engine: %d workers, batches of %d; JMH single-shot, %d warm-up + %d measured copies per side "
                + "and repetition)%n", repetitions.size(), settings.workers(), settings.batchSize(),
                settings.warmups(), settings.iterations()));
        for (int r = 0; r < repetitions.size(); r++) {
            Repetition repetition = repetitions.get(r);
            text.append(String.format(Locale.ROOT, "  repetition %d (%s first): Stowage %.0f ms, raw %.0f ms, ratio %.2f%n",
                    r + 1, r % 2 == 0 ? "Stowage" : "raw", repetition.stowage(), repetition.raw(), repetition.ratio()));
        }
        return text.toString();
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
