package dev.stowage.benchmarks;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry itself: every row names {@code @Benchmark} methods and {@code @Param} fields its
 * class really has, names are unique, and the record refuses a row its target cannot measure.
 */
class ComparisonsTest {

    @Test
    void everyRowNamesBenchmarkMethodsAndParametersOfItsClass() {
        Set<String> names = new HashSet<>();
        for (Comparison row : Comparisons.all()) {
            assertThat(names.add(row.name())).as("unique name %s", row.name()).isTrue();
            assertThat(isBenchmark(row.benchmark(), row.stowageMethod())).as(row.name()).isTrue();
            if (row.rawMethod() != null) {
                assertThat(isBenchmark(row.benchmark(), row.rawMethod())).as(row.name()).isTrue();
            }
            for (String parameter : row.params().keySet()) {
                assertThat(hasParam(row.benchmark(), parameter)).as("%s: @Param %s", row.name(), parameter).isTrue();
            }
        }
    }

    @Test
    void aTargetNeedsARawMethodExactlyWhenItIsARatio() {
        assertThatThrownBy(() -> new Comparison("x", CacheHitBenchmark.class, "stowageHit", null, null,
                Target.costAtMost(2))).hasMessageContaining("needs a raw method");
        assertThatThrownBy(() -> new Comparison("x", CacheHitBenchmark.class, "stowageHit", "caffeineHit", null,
                Target.p95Below(java.time.Duration.ofMillis(20)))).hasMessageContaining("takes no raw method");
    }

    @Test
    void theSmokeVersionOfARowLowersItsSizeAndTurnsVerificationOn() {
        Comparison copy = RedisToPostgresCopyBenchmark.comparisons().get(0);

        Comparison smoke = copy.smoke();

        assertThat(copy.size()).contains(100_000);
        assertThat(smoke.size()).contains(Comparison.SMOKE_SIZE);
        assertThat(smoke.params()).containsEntry(Comparison.VERIFY, "true");
    }

    private static boolean isBenchmark(Class<?> type, String method) {
        for (var candidate : type.getMethods()) {
            if (candidate.getName().equals(method) && candidate.isAnnotationPresent(Benchmark.class)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasParam(Class<?> type, String field) {
        try {
            return type.getField(field).isAnnotationPresent(Param.class);
        } catch (NoSuchFieldException e) {
            return false;
        }
    }
}
