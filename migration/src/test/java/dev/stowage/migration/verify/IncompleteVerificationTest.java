package dev.stowage.migration.verify;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.migration.RecordKind;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.TestBackend;
import dev.stowage.migration.TestBackend.Kind;
import dev.stowage.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever cannot be compared completely ends INCOMPLETE with its reason, and the run goes on:
 * a side that cannot be read, a scan out of order, a stop, an interrupt.
 */
class IncompleteVerificationTest {

    private final MutableClock clock = MutableClock.standard();
    private final TestData data = new TestData(clock.instant());

    @Test
    void aStoreThatCannotBeReadIsIncompleteAndTheOthersAreStillVerified() {
        try (TestBackend source = TestBackend.open(Kind.MEMORY, clock, "verify-incomplete");
             TestBackend target = TestBackend.open(Kind.POSTGRES, clock, "verify-incomplete")) {
            data.writeTo(source.backend(), TenantId.DEFAULT);
            data.writeTo(target.backend(), TenantId.DEFAULT);
            TestBackend.sql("DROP TABLE \"" + target.space() + "\".contact CASCADE");

            VerificationReport report = Verification.of(source.backend(), target.backend()).clock(clock).run();

            assertThat(report.state()).isEqualTo(VerificationState.INCOMPLETE);
            RecordsResult contacts = report.results().get(0);
            assertThat(contacts.state()).isEqualTo(VerificationState.INCOMPLETE);
            assertThat(contacts.incompleteReason()).startsWith("the target failed reading contacts (scan): ");
            assertThat(report.state(StoreKind.CONTACTS)).isEqualTo(VerificationState.INCOMPLETE);
            assertThat(report.state(StoreKind.CREDITS)).isEqualTo(VerificationState.VALIDATED);
            assertThat(report.state(StoreKind.TOKENS)).isEqualTo(VerificationState.VALIDATED);
            assertThat(report.toTable()).contains("CONTACTS contacts default is INCOMPLETE: the target failed reading");
        }
    }

    @Test
    void stoppingEndsTheCurrentAndTheRemainingRecordsIncomplete() {
        try (TestBackend source = TestBackend.open(Kind.MEMORY, clock, "memory"); TestBackend target = TestBackend.open(Kind.MEMORY, clock, "memory")) {
            data.writeTo(source.backend(), TenantId.DEFAULT);
            data.writeTo(target.backend(), TenantId.DEFAULT);
            Verification verification = Verification.of(source.backend(), target.backend()).clock(clock).pageSize(5);
            AtomicReference<VerificationProgress> seen = new AtomicReference<>();
            verification.listener(new VerificationListener() {
                @Override
                public void progress(VerificationProgress progress) {
                    seen.compareAndSet(null, progress);
                    verification.stop();
                }
            });

            VerificationReport report = verification.run();

            assertThat(seen.get().records()).isEqualTo(RecordKind.CONTACTS);
            assertThat(report.state()).isEqualTo(VerificationState.INCOMPLETE);
            assertThat(report.results()).extracting(RecordsResult::state).containsOnly(VerificationState.INCOMPLETE);
            RecordsResult contacts = report.results().get(0);
            assertThat(contacts.incompleteReason()).isEqualTo("the verification was stopped");
            assertThat(contacts.sourceCount()).isBetween(1L, (long) TestData.CONTACTS - 1);
            assertThat(report.results().subList(1, 3)).extracting(RecordsResult::incompleteReason)
                    .containsOnly("the verification was stopped before these records were read");
            assertThat(verification.run().state()).isEqualTo(VerificationState.INCOMPLETE);
        }
    }

    @Test
    void anInterruptStopsTheRunAndStaysSet() {
        try (TestBackend source = TestBackend.open(Kind.MEMORY, clock, "memory"); TestBackend target = TestBackend.open(Kind.MEMORY, clock, "memory")) {
            Thread.currentThread().interrupt();
            VerificationReport report;
            try {
                report = Verification.of(source.backend(), target.backend()).run();
            } finally {
                assertThat(Thread.interrupted()).isTrue();
            }
            assertThat(report.results()).extracting(RecordsResult::state).containsOnly(VerificationState.INCOMPLETE);
        }
    }

    @Test
    void aBackendThatScansOutOfOrderCannotBeMerged() {
        try (TestBackend target = TestBackend.open(Kind.MEMORY, clock, "memory")) {
            List<Contact> contacts = data.contacts(TenantId.DEFAULT);
            target.backend().contacts(TenantId.DEFAULT).importContacts(contacts);
            // UUID.compareTo is signed: the order the SPI forbids.
            TreeMap<java.util.UUID, Contact> signed = new TreeMap<>();
            contacts.forEach(c -> signed.put(c.id(), c));
            ScanOnlyBackend source = new ScanOnlyBackend("signed-order", (after, limit) ->
                    (after == null ? signed : signed.tailMap(after, false)).values().stream().limit(limit).toList());

            VerificationReport report = Verification.of(source, target.backend()).stores(StoreKind.CONTACTS).run();

            RecordsResult result = report.results().get(0);
            assertThat(result.state()).isEqualTo(VerificationState.INCOMPLETE);
            assertThat(result.incompleteReason()).startsWith("the source's scan of contacts returned {id=")
                    .contains("against the order the SPI documents");
        }
    }

    @Test
    void aForeignExceptionKeepsItsTypeButNotItsMessage() {
        try (TestBackend target = TestBackend.open(Kind.MEMORY, clock, "memory")) {
            ScanOnlyBackend source = new ScanOnlyBackend("broken", (after, limit) -> {
                throw new IllegalStateException("password=hunter2");
            });

            VerificationReport report = Verification.of(source, target.backend()).stores(StoreKind.CONTACTS).run();

            assertThat(report.results().get(0).incompleteReason())
                    .isEqualTo("the source failed reading contacts (scan): java.lang.IllegalStateException");
            assertThat(report.toJson()).doesNotContain("hunter2");
        }
    }
}
