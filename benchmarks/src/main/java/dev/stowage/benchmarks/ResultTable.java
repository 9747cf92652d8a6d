package dev.stowage.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The runner's one table: a row per comparison with the median Stowage and raw measurements, the
 * figure (ratio, or p95 for absolute targets) of the best, median and worst repetition, the target,
 * and whether it is met.
 */
final class ResultTable {

    static final List<String> HEADER = List.of("comparison", "Stowage (median)", "raw (median)",
            "ratio min / median / max", "target", "met");

    private ResultTable() {
    }

    /**
     * @param results  what the runner measured
     * @param settings how
     * @return the table and a legend
     */
    static String render(List<ComparisonResult> results, RunSettings settings) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ComparisonResult result : results) {
            rows.add(row(result));
        }
        StringBuilder text = new StringBuilder(columns(rows));
        text.append(String.format(Locale.ROOT, "%d interleaved repetition(s) per comparison, each running Stowage and "
                + "raw back to back (odd ones Stowage first); %s.%n", settings.repetitions(), how(settings)));
        text.append("ratio: cost targets = Stowage time / raw time per operation (lower is better), throughput targets"
                + " = Stowage ops/s / raw ops/s (higher is better); p95 targets show the Stowage p95 itself.\n");
        text.append("met: the worst repetition meets the target; \"median only\": the median does, the worst does not.\n");
        return text.toString();
    }

    private static List<String> row(ComparisonResult result) {
        Comparison comparison = result.comparison();
        Target target = comparison.target();
        if (!result.hasScores()) {
            String failure = result.failure() == null ? "no score" : result.failure().lines().findFirst().orElse("");
            return List.of(comparison.name(), "-", "-", "-", target.toString(), "FAILED: " + shorten(failure));
        }
        double[] figures = result.figures();
        String ratio = target.format(figures[0]) + " / " + target.format(result.medianFigure()) + " / "
                + target.format(figures[figures.length - 1]);
        String stowage;
        String raw;
        if (target.hasRaw()) {
            stowage = result.medianOf(ComparisonResult.Repetition::stowage).toString();
            raw = result.medianOf(ComparisonResult.Repetition::raw).toString();
        } else {
            MethodScore median = result.medianOf(ComparisonResult.Repetition::stowage);
            stowage = "p95 " + MethodScore.formatSeconds(median.p95Seconds()) + ", mean " + median;
            raw = "-";
        }
        String met = result.isMet() ? "met" : result.isMetAtMedian() ? "median only" : "NOT met";
        return List.of(comparison.name(), stowage, raw, ratio, target.toString(), met);
    }

    private static String how(RunSettings settings) {
        return String.format(Locale.ROOT, "warm-up / measured iterations per run: %s / %s%s, %s",
                settings.warmups() == null ? "the class's" : settings.warmups().toString(),
                settings.iterations() == null ? "the class's" : settings.iterations().toString(),
                settings.iterationTime() == null ? "" : " of " + settings.iterationTime().toMillis() + " ms",
                settings.forks() == 0 ? "in the runner's JVM" : settings.forks() + " fork(s)");
    }

    private static String shorten(String text) {
        return text.length() <= 100 ? text : text.substring(0, 97) + "...";
    }

    private static String columns(List<List<String>> rows) {
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", row.get(i)));
                line.append(i < row.size() - 1 ? " | " : "");
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }

    /**
     * @param table the rendered table
     * @param file  where to keep a copy
     */
    static void write(String table, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, table);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the table to " + file, e);
        }
    }
}
