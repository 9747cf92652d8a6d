package dev.stowage.benchmarks;

import dev.stowage.TenantId;
import dev.stowage.contact.ContactQuery;
import dev.stowage.spi.StoreBackend;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The copy benchmark in a tiny configuration, so that it runs in every build and never rots:
 * both sides copy a few hundred contacts, every copy is verified against the Redis source (so the
 * raw COPY really writes the same rows the engine writes), and the comparison table comes out.
 * The figures mean nothing here; they come from {@code benchmarks/run}.
 */
class CopyBenchmarkSmokeTest {

    @Test
    void theComparisonRunsAndEveryCopyVerifies() throws Exception {
        CopyComparison.Settings settings = new CopyComparison.Settings(300, 2, 0, 1, 0, 2, 100, true, false);

        List<CopyComparison.Repetition> repetitions = CopyComparison.run(settings);

        assertThat(repetitions).hasSize(2).allSatisfy(r -> {
            assertThat(r.stowage()).isPositive();
            assertThat(r.raw()).isPositive();
        });
        String table = CopyComparison.table(settings, repetitions);
        assertThat(table.lines().toList().get(0).split("\\s*\\|\\s*")).containsExactly("comparison",
                "Stowage vs raw (median ms per copy)", "ratio min / median / max", "target", "met");
        assertThat(table.lines().toList().get(1)).startsWith("Redis -> PostgreSQL copy, 300 contacts")
                .contains(">= 0.5x");
        try (StoreBackend source = BenchmarkServers.redis(RedisToPostgresCopyBenchmark.sourcePrefix(300))) {
            assertThat(source.contacts(TenantId.DEFAULT).count(ContactQuery.all())).as("source removed").isZero();
        }
    }
}
