package dev.stowage.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every registered comparison, run as CI runs it (at its smallest size, one short iteration of
 * each side, no warm-up, in this JVM) so that no benchmark rots: each must produce a score on both
 * sides. The figures mean nothing here and are never asserted; they come from {@code benchmarks/run}.
 */
class ComparisonsSmokeTest {

    @Test
    void everyRegisteredComparisonProducesAScoreAtItsSmallestSize() {
        List<Comparison> rows = RunnerOptions.parse("--smoke").select(Comparisons.all());
        assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row.size().orElse(0))
                .as(row.name()).isLessThanOrEqualTo(Comparison.SMOKE_SIZE));

        List<ComparisonResult> results = ComparisonRunner.run(rows, RunSettings.smoke());

        assertThat(results).hasSameSizeAs(rows).allSatisfy(result -> assertThat(result.hasScores())
                .as("%s: %s", result.comparison().name(), result.failure()).isTrue());
        List<String> table = ResultTable.render(results, RunSettings.smoke()).lines().toList();
        assertThat(table.get(0).split("\\s*\\|\\s*")).containsExactlyElementsOf(ResultTable.HEADER);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(table.get(i + 1)).startsWith(rows.get(i).name()).doesNotContain("FAILED");
        }
    }
}
