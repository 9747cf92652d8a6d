package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.Posting;
import dev.stowage.migration.TestBackend.Kind;
import dev.stowage.migration.verify.Verification;
import dev.stowage.migration.verify.VerificationReport;
import dev.stowage.migration.verify.VerificationState;
import dev.stowage.testkit.Fixtures;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ledgers copied while the application keeps posting to the source: the copy takes each account
 * as it stood when read, and a rerun appends the tails posted since ({@code appendEntries}), so
 * source and target converge and verify VALIDATED. A ledger longer than one slice is copied in
 * slices without being held whole.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LedgerTailTest {

    static final Clock CLOCK = Clock.fixed(Dataset.NOW, ZoneOffset.UTC);
    static final Dataset DATA = new Dataset(0, 300, 0);

    static Stream<Arguments> pairs() {
        return RoundTripTest.pairs();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void a_copy_during_live_postings_converges_when_rerun(Kind from, Kind to) throws Exception {
        try (TestBackend source = TestBackend.open(from, CLOCK, "tail_src");
             TestBackend target = TestBackend.open(to, CLOCK, "tail_dst")) {
            DATA.populate(source.backend(), TenantId.DEFAULT, 3);
            CreditStore sourceCredits = source.backend().credits(TenantId.DEFAULT);
            AtomicBoolean copying = new AtomicBoolean(true);
            AtomicInteger postings = new AtomicInteger();
            ExecutorService application = Executors.newSingleThreadExecutor();
            Future<?> traffic = application.submit(() -> {
                Random random = new Random(7);
                while (copying.get() || postings.get() < 50) {
                    int n = postings.incrementAndGet();
                    String account = Fixtures.account(random.nextInt(DATA.accounts()));
                    sourceCredits.post(Posting.purchase(account, 1 + n % 5).withIdempotencyKey("live-" + n));
                    if (n % 25 == 0 && n <= 500) {
                        sourceCredits.post(Posting.purchase("opened-live-" + n, 10));
                    }
                    Thread.sleep(1);
                }
                return null;
            });
            MigrationReport first;
            try {
                first = Migration.from(source.backend()).to(target.backend()).stores(StoreKind.CREDITS)
                        .batchSize(20).workers(2).run();
            } finally {
                copying.set(false);
                traffic.get(60, TimeUnit.SECONDS);
                application.shutdown();
            }
            assertThat(first.isComplete()).isTrue();
            assertThat(postings.get()).as("postings during the copy").isGreaterThanOrEqualTo(50);

            MigrationReport rerun = Migration.from(source.backend()).to(target.backend()).stores(StoreKind.CREDITS)
                    .batchSize(50).workers(2).run();
            assertThat(rerun.totals(RecordKind.CREDIT_ACCOUNTS).written()).as("accounts that gained a tail")
                    .isPositive();
            assertThat(rerun.totals(RecordKind.CREDIT_ACCOUNTS).rejected()).isZero();
            System.out.printf("ledger tails %s -> %s: %d postings during the copy; first copy %s, rerun %s%n",
                    from, to, postings.get(), first.totals(), rerun.totals());

            VerificationReport verified = Verification.of(source.backend(), target.backend())
                    .stores(StoreKind.CREDITS).clock(CLOCK).run();
            assertThat(verified.state()).as(verified.toTable()).isEqualTo(VerificationState.VALIDATED);
            // An idempotency key posted during the copy still deduplicates on the target.
            CreditStore targetCredits = target.backend().credits(TenantId.DEFAULT);
            LedgerEntry original = sourceCredits.entries(Fixtures.account(0), 0, 10_000).stream()
                    .filter(e -> e.idempotencyKey() != null && e.idempotencyKey().startsWith("live-")).findFirst()
                    .orElseGet(() -> null);
            if (original != null) {
                assertThat(targetCredits.post(Posting.purchase(original.accountId(), original.amount())
                        .withIdempotencyKey(original.idempotencyKey()))).isEqualTo(original);
            }
            assertThat(Snapshot.of(target.backend(), TenantId.DEFAULT).accounts())
                    .containsExactlyElementsOf(Snapshot.of(source.backend(), TenantId.DEFAULT).accounts());
        }
    }

    @Test
    void a_ledger_longer_than_a_slice_is_copied_in_slices_and_its_tail_appended_later() {
        int length = CreditAccountCopier.SLICE * 2 + 345;
        try (TestBackend source = TestBackend.open(Kind.MEMORY, CLOCK, "slice_src");
             TestBackend target = TestBackend.open(Kind.POSTGRES, CLOCK, "slice_dst")) {
            List<Posting> postings = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                postings.add(Posting.purchase("long", 1 + i % 3).withIdempotencyKey("k-" + i));
            }
            CreditStore sourceCredits = source.backend().credits(TenantId.DEFAULT);
            sourceCredits.importAccounts(List.of(Fixtures.history("long", Dataset.NOW.minus(Duration.ofDays(1)),
                    postings.toArray(Posting[]::new))));
            sourceCredits.importAccounts(List.of(Dataset.history(1), Dataset.history(2)));

            MigrationReport report = Migration.from(source.backend()).to(target.backend()).stores(StoreKind.CREDITS)
                    .batchSize(100).workers(1).run();
            // The long ledger is three slices (three records read), the two short ones one each.
            assertThat(report.totals(RecordKind.CREDIT_ACCOUNTS).read()).isEqualTo(5);
            assertThat(report.totals(RecordKind.CREDIT_ACCOUNTS).rejected()).isZero();

            sourceCredits.post(Posting.deduction("long", 5).withIdempotencyKey("after"));
            MigrationReport rerun = Migration.from(source.backend()).to(target.backend()).stores(StoreKind.CREDITS)
                    .batchSize(100).workers(1).run();
            assertThat(rerun.totals(RecordKind.CREDIT_ACCOUNTS).written()).isEqualTo(1);

            VerificationReport verified = Verification.of(source.backend(), target.backend())
                    .stores(StoreKind.CREDITS).clock(CLOCK).run();
            assertThat(verified.state()).as(verified.toTable()).isEqualTo(VerificationState.VALIDATED);
            Snapshot.Ledger copied = Snapshot.of(target.backend(), TenantId.DEFAULT).accounts().stream()
                    .filter(ledger -> ledger.account().accountId().equals("long")).findFirst().orElseThrow();
            assertThat(new AccountHistory(copied.account(), copied.entries()).entries()).hasSize(length + 1);
        }
    }
}
