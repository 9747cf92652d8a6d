package dev.stowage.benchmarks;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plot of search p95 against tenant size is drawn from the search rows of a result (p95
 * targets with a size) and skipped when there are none. The results are made up: only the drawing
 * is under test.
 */
class SearchLatencyPlotTest {

    @Test
    void searchRowsWithASizeArePlottedAsAPng() throws Exception {
        List<ComparisonResult> results = new ArrayList<>();
        for (int size : new int[] {1_000, 10_000, 100_000}) {
            Comparison row = new Comparison("search " + size, RedisSearchBenchmark.class, "rareWord", null,
                    Map.of("contacts", Integer.toString(size)), Target.p95Below(Duration.ofMillis(20)));
            MethodScore sample = new MethodScore(size * 1e-8, size * 2e-8, Double.NaN);
            results.add(new ComparisonResult(row, List.of(new ComparisonResult.Repetition(sample, null)), null));
        }
        Path file = Path.of("target", "plot-test", "search-latency.png");
        Files.deleteIfExists(file);

        assertThat(SearchLatencyPlot.write(results, file)).contains(file);

        byte[] png = Files.readAllBytes(file);
        assertThat(Arrays.copyOf(png, 4)).containsExactly(0x89, 'P', 'N', 'G');
    }

    @Test
    void aLatencyRowOfAnotherBenchmarkIsNoSearchAndIsNotPlotted() {
        Comparison stall = new Comparison("import stall", RedisImportBenchmark.class, "stall", null,
                Map.of("contacts", "10000"), Target.p95Below(Duration.ofMillis(50)));
        MethodScore sample = new MethodScore(1e-4, 2e-4, Double.NaN);
        List<ComparisonResult> results = List.of(new ComparisonResult(stall,
                List.of(new ComparisonResult.Repetition(sample, null)), null));

        assertThat(SearchLatencyPlot.write(results, Path.of("target", "plot-test", "stall.png"))).isEmpty();
    }

    @Test
    void withoutSearchRowsThereIsNoPlot() {
        Comparison row = CacheHitBenchmark.comparisons().get(0);
        MethodScore sample = new MethodScore(1e-8, 1e-8, 0);
        List<ComparisonResult> results = List.of(new ComparisonResult(row,
                List.of(new ComparisonResult.Repetition(sample, sample)), null));

        assertThat(SearchLatencyPlot.write(results, Path.of("target", "plot-test", "none.png"))).isEmpty();
    }
}
