package dev.stowage.benchmarks;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The search latency plot: the p95 of every search comparison (a {@link Target#p95Below} row with a
 * size) against the tenant size, one line per backend and search method, both axes logarithmic,
 * with the target drawn across. The median repetition's p95 is plotted.
 */
final class SearchLatencyPlot {

    static {
        // Drawing a chart needs no display; without this, AWT looks for one on a server.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private SearchLatencyPlot() {
    }

    /**
     * @param results what the runner measured
     * @param file    where the PNG goes
     * @return the file, or empty if no search comparison with a size produced scores
     */
    static Optional<Path> write(List<ComparisonResult> results, Path file) {
        Map<String, XYSeries> lines = new TreeMap<>();
        double target = Double.NaN;
        for (ComparisonResult result : results) {
            Comparison comparison = result.comparison();
            if (comparison.target().kind() != Target.Kind.P95_BELOW || comparison.size().isEmpty()
                    || !result.hasScores()) {
                continue;
            }
            target = comparison.target().bound();
            double p95Millis = ComparisonResult.median(result.repetitions().stream()
                    .mapToDouble(r -> r.stowage().p95Seconds()).sorted().toArray()) * 1e3;
            lines.computeIfAbsent(line(comparison), XYSeries::new).add(comparison.size().get().doubleValue(), p95Millis);
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        XYSeriesCollection data = new XYSeriesCollection();
        lines.values().forEach(data::addSeries);
        LogAxis sizes = new LogAxis("contacts in the tenant");
        sizes.setBase(10);
        sizes.setSmallestValue(100);
        LogAxis latency = new LogAxis("p95 latency (ms)");
        latency.setBase(10);
        latency.setSmallestValue(0.01);
        XYPlot plot = new XYPlot(data, sizes, latency, new XYLineAndShapeRenderer(true, true));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        ValueMarker bound = new ValueMarker(target * 1e3, Color.RED, new BasicStroke(1.5f));
        bound.setLabel(String.format(Locale.ROOT, "target p95 < %.0f ms", target * 1e3));
        plot.addRangeMarker(bound);
        JFreeChart chart = new JFreeChart("Stowage search latency against tenant size", JFreeChart.DEFAULT_TITLE_FONT,
                plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 620);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the plot " + file, e);
        }
        return Optional.of(file);
    }

    /** One line per backend and search: the comparison without its size, e.g. "PostgresSearchBenchmark.freeText". */
    private static String line(Comparison comparison) {
        StringBuilder line = new StringBuilder(comparison.benchmark().getSimpleName().replace("Benchmark", ""))
                .append('.').append(comparison.stowageMethod());
        comparison.params().forEach((name, value) -> {
            if (!Comparison.SIZE_PARAMETERS.contains(name)) {
                line.append(' ').append(name).append('=').append(value);
            }
        });
        return line.toString();
    }
}
