package dev.stowage.benchmarks;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The search latency plot: the p95 of every search comparison (a {@link Target#p95Below} row with a
 * size, of a search benchmark) against the tenant size, one line per backend and search method, both axes logarithmic,
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
            if (!isSearch(comparison) || comparison.target().kind() != Target.Kind.P95_BELOW
                    || comparison.size().isEmpty() || !result.hasScores()) {
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
        LogAxis sizes = decades("contacts in the table (a small tenant's line: the table around it)", "#,##0");
        LogAxis latency = decades("p95 latency (ms)", "0.###");
        double lowest = Double.MAX_VALUE;
        double highest = target * 1e3;
        for (XYSeries line : lines.values()) {
            lowest = Math.min(lowest, line.getMinY());
            highest = Math.max(highest, line.getMaxY());
        }
        // The target across, with a decade of room: a log axis left to itself cuts it off.
        latency.setRange(Math.pow(10, Math.floor(Math.log10(lowest))), Math.pow(10, Math.ceil(Math.log10(highest * 1.5))));
        XYPlot plot = new XYPlot(data, sizes, latency, new XYLineAndShapeRenderer(true, true));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        ValueMarker bound = new ValueMarker(target * 1e3, Color.RED, new BasicStroke(1.5f));
        bound.setLabel(String.format(Locale.ROOT, "target p95 < %.0f ms", target * 1e3));
        bound.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        bound.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
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

    private static boolean isSearch(Comparison comparison) {
        return comparison.benchmark().getSimpleName().contains("Search");
    }

    /** A base-10 log axis with a tick per decade, labelled with plain numbers instead of powers. */
    private static LogAxis decades(String label, String format) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setSmallestValue(1e-3);
        axis.setTickUnit(new NumberTickUnit(1.0));
        axis.setMinorTickCount(9);
        axis.setNumberFormatOverride(new DecimalFormat(format, DecimalFormatSymbols.getInstance(Locale.ROOT)));
        return axis;
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
