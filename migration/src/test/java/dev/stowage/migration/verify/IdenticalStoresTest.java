package dev.stowage.migration.verify;

import dev.stowage.TenantId;
import dev.stowage.migration.StoreKind;
import dev.stowage.testkit.MutableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Two real backends holding the same data verify VALIDATED, every store and tenant: the scans of
 * different backends agree on key order (ids whose signed and unsigned orders differ, ids whose
 * UTF-16 and code point orders differ), across page boundaries.
 */
class IdenticalStoresTest {

    private static final TenantId ACME = TenantId.of("acme");

    static Stream<Arguments> pairings() {
        BiFunction<Class<?>, Clock, TestBackend> memory = (type, clock) -> TestBackend.memory(clock);
        BiFunction<Class<?>, Clock, TestBackend> postgres = TestBackend::postgres;
        BiFunction<Class<?>, Clock, TestBackend> redis = TestBackend::redis;
        BiFunction<Class<?>, Clock, TestBackend> cluster = TestBackend::redisCluster;
        return Stream.of(
                arguments("memory", memory, "postgres", postgres),
                arguments("postgres", postgres, "redis", redis),
                arguments("redis-cluster", cluster, "memory", memory));
    }

    @ParameterizedTest(name = "{0} vs {2}")
    @MethodSource("pairings")
    void identicalStoresAreValidated(String sourceName, BiFunction<Class<?>, Clock, TestBackend> sourceFactory,
                                     String targetName, BiFunction<Class<?>, Clock, TestBackend> targetFactory) {
        MutableClock clock = MutableClock.standard();
        TestData data = new TestData(clock.instant());
        try (TestBackend source = sourceFactory.apply(getClass(), clock);
             TestBackend target = targetFactory.apply(getClass(), clock)) {
            for (TenantId tenant : List.of(TenantId.DEFAULT, ACME)) {
                data.writeTo(source.backend(), tenant);
                data.writeTo(target.backend(), tenant);
            }
            List<String> events = new ArrayList<>();
            VerificationReport report = Verification.of(source.backend(), target.backend())
                    .tenants(TenantId.DEFAULT, ACME)
                    .pageSize(7)
                    .clock(clock)
                    .listener(new VerificationListener() {
                        @Override
                        public void started(StoreKind store, String records, TenantId tenant) {
                            events.add("started " + records + " " + tenant);
                        }

                        @Override
                        public void finished(RecordsResult result) {
                            events.add("finished " + result.records() + " " + result.tenant());
                        }
                    })
                    .run();

            assertThat(report.toTable()).as(report.toTable()).isNotEmpty();
            assertThat(report.state()).as(report.toTable()).isEqualTo(VerificationState.VALIDATED);
            assertThat(report.source()).isEqualTo(sourceName.startsWith("redis") ? "redis" : sourceName);
            assertThat(report.target()).isEqualTo(targetName);
            assertThat(report.stores()).containsOnlyKeys(StoreKind.values())
                    .allSatisfy((store, state) -> assertThat(state).isEqualTo(VerificationState.VALIDATED));
            assertThat(report.results()).hasSize(6).allSatisfy(result -> {
                assertThat(result.mismatchCount()).isZero();
                assertThat(result.sourceCount()).isEqualTo(result.targetCount());
            });
            assertThat(report.results()).extracting(RecordsResult::sourceCount).containsExactly(
                    (long) TestData.CONTACTS, (long) TestData.CONTACTS,
                    (long) data.accounts().size(), (long) data.accounts().size(),
                    (long) data.credentials().size(), (long) data.credentials().size());
            assertThat(events).containsExactly(
                    "started contacts default", "finished contacts default",
                    "started contacts acme", "finished contacts acme",
                    "started accounts default", "finished accounts default",
                    "started accounts acme", "finished accounts acme",
                    "started credentials default", "finished credentials default",
                    "started credentials acme", "finished credentials acme");
        }
    }
}
