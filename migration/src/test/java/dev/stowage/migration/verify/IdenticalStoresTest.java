package dev.stowage.migration.verify;

import dev.stowage.TenantId;
import dev.stowage.migration.RecordKind;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.TestBackend;
import dev.stowage.migration.TestBackend.Kind;
import dev.stowage.testkit.MutableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
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
        return Stream.of(
                arguments(Kind.MEMORY, Kind.POSTGRES),
                arguments(Kind.POSTGRES, Kind.REDIS),
                arguments(Kind.REDIS_CLUSTER, Kind.MEMORY));
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @MethodSource("pairings")
    void identicalStoresAreValidated(Kind sourceKind, Kind targetKind) {
        MutableClock clock = MutableClock.standard();
        TestData data = new TestData(clock.instant());
        try (TestBackend source = TestBackend.open(sourceKind, clock, "verify-identical");
             TestBackend target = TestBackend.open(targetKind, clock, "verify-identical")) {
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
                        public void started(RecordKind records, TenantId tenant) {
                            events.add("started " + records.label() + " " + tenant);
                        }

                        @Override
                        public void finished(RecordsResult result) {
                            events.add("finished " + result.records().label() + " " + result.tenant());
                        }
                    })
                    .run();

            assertThat(report.toTable()).as(report.toTable()).isNotEmpty();
            assertThat(report.state()).as(report.toTable()).isEqualTo(VerificationState.VALIDATED);
            assertThat(report.source()).isEqualTo(source.backend().name());
            assertThat(report.target()).isEqualTo(target.backend().name());
            assertThat(report.stores()).containsOnlyKeys(StoreKind.values())
                    .allSatisfy((store, state) -> assertThat(state).isEqualTo(VerificationState.VALIDATED));
            assertThat(report.results()).hasSize(10).allSatisfy(result -> {
                assertThat(result.mismatchCount()).isZero();
                assertThat(result.sourceCount()).isEqualTo(result.targetCount());
            });
            assertThat(report.results()).extracting(RecordsResult::sourceCount).containsExactly(
                    (long) TestData.CONTACTS, (long) TestData.CONTACTS,
                    (long) data.accounts().size(), (long) data.accounts().size(),
                    (long) data.credentials().size(), (long) data.credentials().size(),
                    (long) TestData.FAMILIES, (long) TestData.FAMILIES,
                    (long) TestData.DENIED, (long) TestData.DENIED);
            assertThat(events).containsExactly(
                    "started contacts default", "finished contacts default",
                    "started contacts acme", "finished contacts acme",
                    "started credit-accounts default", "finished credit-accounts default",
                    "started credit-accounts acme", "finished credit-accounts acme",
                    "started credentials default", "finished credentials default",
                    "started credentials acme", "finished credentials acme",
                    "started refresh-families default", "finished refresh-families default",
                    "started refresh-families acme", "finished refresh-families acme",
                    "started revoked-access-tokens default", "finished revoked-access-tokens default",
                    "started revoked-access-tokens acme", "finished revoked-access-tokens acme");
        }
    }
}
