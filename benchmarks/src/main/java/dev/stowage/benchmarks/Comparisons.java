package dev.stowage.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Every registered {@link Comparison}, in the order the runner's table lists them. A benchmark
 * class is registered by one line here (one line per class, so that parallel additions merge
 * without conflicts); the CI smoke test runs every row of every registered class.
 */
public final class Comparisons {

    private Comparisons() {
    }

    /** @return every comparison of every registered benchmark class */
    public static List<Comparison> all() {
        List<Comparison> all = new ArrayList<>();
        all.addAll(PointReadBenchmark.comparisons());
        all.addAll(CacheHitBenchmark.comparisons());
        all.addAll(PostgresImportBenchmark.comparisons());
        all.addAll(PostgresDeductionBenchmark.comparisons());
        all.addAll(PostgresSearchBenchmark.comparisons());
        all.addAll(RedisDeductionBenchmark.comparisons());
        all.addAll(RedisSearchBenchmark.comparisons());
        all.addAll(RedisImportBenchmark.comparisons());
        all.addAll(RedisToPostgresCopyBenchmark.comparisons());
        return List.copyOf(all);
    }
}
