package dev.stowage.migration.verify;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import dev.stowage.exception.ValidationException;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.migration.RecordKind;
import dev.stowage.migration.StoreKind;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every builder argument is checked when given, with a {@link ValidationException} naming it.
 */
class VerificationArgumentsTest {

    private final StoreBackend memory = InMemoryStores.backend(MutableClock.standard());

    private static void rejects(String field, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void badArgumentsAreRejectedByName() {
        Verification v = Verification.of(memory, memory);
        rejects("source", () -> Verification.of(null, memory));
        rejects("target", () -> Verification.of(memory, (StoreBackend) null));
        rejects("source", () -> Verification.of((Stores) null, Stores.of(memory)));
        rejects("stores", () -> v.stores());
        rejects("stores", () -> v.stores((StoreKind[]) null));
        rejects("stores[1]", () -> v.stores(StoreKind.CONTACTS, null));
        rejects("tenants", () -> v.tenants());
        rejects("tenants[0]", () -> v.tenants((TenantId) null));
        rejects("maxReportedKeys", () -> v.maxReportedKeys(-1));
        rejects("maxReportedKeys", () -> v.maxReportedKeys(Verification.MAX_REPORTED_KEYS + 1));
        rejects("pageSize", () -> v.pageSize(0));
        rejects("pageSize", () -> v.pageSize(10_001));
        rejects("clock", () -> v.clock(null));
        rejects("expiryTolerance", () -> v.expiryTolerance(null));
        rejects("expiryTolerance", () -> v.expiryTolerance(Duration.ofMillis(-1)));
        rejects("expiryTolerance", () -> v.expiryTolerance(Duration.ofHours(1).plusNanos(1)));
        rejects("listener", () -> v.listener(null));
    }

    @Test
    void defaultsCoverEveryStoreOfTheDefaultTenant() {
        VerificationReport report = Verification.of(memory, memory).run();

        assertThat(report.results()).extracting(RecordsResult::records).containsExactly(
                RecordKind.CONTACTS, RecordKind.CREDIT_ACCOUNTS, RecordKind.CREDENTIALS, RecordKind.REFRESH_FAMILIES,
                RecordKind.REVOKED_ACCESS_TOKENS);
        assertThat(report.results()).extracting(RecordsResult::tenant).containsOnly(TenantId.DEFAULT);
        assertThat(report.state()).isEqualTo(VerificationState.VALIDATED);
        rejects("store", () -> Verification.of(memory, memory).stores(StoreKind.CONTACTS).run()
                .state(StoreKind.TOKENS));
    }

    @Test
    void storesInSeveralBackendsAreNamedPerStore() {
        StoreBackend other = InMemoryStores.backend(MutableClock.standard());
        Stores mixed = Stores.of(memory, other, other, TenantId.of("ignored"));

        VerificationReport report = Verification.of(mixed, Stores.of(memory)).tenants(TenantId.DEFAULT,
                TenantId.DEFAULT).run();

        assertThat(report.source()).isEqualTo("contacts=memory,credits=memory,tokens=memory");
        assertThat(report.target()).isEqualTo("memory");
        assertThat(report.results()).hasSize(5);
    }
}
