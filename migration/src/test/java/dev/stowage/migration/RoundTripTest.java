package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.Posting;
import dev.stowage.migration.TestBackend.Kind;
import dev.stowage.migration.verify.Verification;
import dev.stowage.migration.verify.VerificationReport;
import dev.stowage.migration.verify.VerificationState;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of record copies exactly between real backends, in every pairing, over two
 * tenants (discovered from the source) and several id ranges, and a second copy changes nothing:
 * refresh-token families and the denylist included, so every revocation holds on the copy.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RoundTripTest {

    static final TenantId ACME = TenantId.of("acme");
    static final Clock CLOCK = Clock.fixed(Dataset.NOW, ZoneOffset.UTC);
    static final Dataset DATA = new Dataset(700, 60, 90);
    static final int FAMILIES = 45;
    static final int JTIS = 70;

    /** Every backend as source and as target, itself included (another schema or prefix). */
    static Stream<Arguments> pairs() {
        return Stream.of(Kind.values()).flatMap(from -> Stream.of(Kind.values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void every_record_kind_round_trips_exactly(Kind from, Kind to) {
        try (TestBackend source = TestBackend.open(from, CLOCK, "rt_src");
             TestBackend target = TestBackend.open(to, CLOCK, "rt_dst")) {
            DATA.populate(source.backend(), TenantId.DEFAULT, 1);
            DATA.populate(source.backend(), ACME, 2);
            Sessions defaultSessions = Sessions.populate(source.backend(), TenantId.DEFAULT, FAMILIES, JTIS);
            Sessions acmeSessions = Sessions.populate(source.backend(), ACME, FAMILIES, JTIS);

            // No tenants named: both are discovered from the source.
            MigrationReport report = Migration.from(source.backend()).to(target.backend())
                    .batchSize(100).workers(3).ranges(4).run();

            assertThat(report.isComplete()).isTrue();
            assertThat(report.notes()).containsExactly("tenants not chosen: discovered from the source (2)");
            assertThat(report.tenants()).hasSize(10);
            assertThat(report.tenants().stream().map(TenantReport::tenant).distinct())
                    .containsExactlyInAnyOrder(TenantId.DEFAULT, ACME);
            for (TenantReport line : report.tenants()) {
                long expected = switch (line.records()) {
                    case CONTACTS -> DATA.contacts();
                    case CREDIT_ACCOUNTS -> DATA.accounts();
                    case CREDENTIALS -> DATA.credentials();
                    case REFRESH_FAMILIES -> FAMILIES;
                    case REVOKED_ACCESS_TOKENS -> JTIS;
                };
                assertThat(line.counts()).as(line.toString()).isEqualTo(new RecordCounts(expected, expected, 0, 0, 0));
            }
            assertThat(report.tenants().stream().filter(l -> l.records() == RecordKind.CONTACTS)
                    .mapToInt(TenantReport::partitions)).containsOnly(4);
            VerificationReport verified = Verification.of(source.backend(), target.backend()).clock(CLOCK).run();
            assertThat(verified.state()).as(verified.toTable()).isEqualTo(VerificationState.VALIDATED);
            assertThat(verified.results()).hasSize(10);
            for (TenantId tenant : List.of(TenantId.DEFAULT, ACME)) {
                Snapshot expected = Snapshot.of(source.backend(), tenant);
                Snapshot copied = Snapshot.of(target.backend(), tenant);
                assertThat(expected.size()).isEqualTo(DATA.total());
                assertThat(copied.contacts()).containsExactlyElementsOf(expected.contacts());
                assertThat(copied.accounts()).containsExactlyElementsOf(expected.accounts());
                assertThat(copied.credentials()).containsExactlyElementsOf(expected.credentials());
            }

            // Idempotency keys still deduplicate on the target: the original entry, nothing applied.
            CreditAccount before = target.backend().credits(ACME).account("acct-4").orElseThrow();
            LedgerEntry original = target.backend().credits(ACME).entries("acct-4", 0, 10).get(1);
            LedgerEntry repeated = target.backend().credits(ACME).post(
                    Posting.deduction("acct-4", original.amount() * -1).withIdempotencyKey("use-4"));
            assertThat(repeated).isEqualTo(original);
            assertThat(target.backend().credits(ACME).account("acct-4")).contains(before);

            // A second copy finds everything in place.
            MigrationReport again = Migration.from(source.backend()).to(target.backend())
                    .tenants(TenantId.DEFAULT, ACME).batchSize(100).workers(2).run();
            assertThat(again.totals().written()).isZero();
            assertThat(again.totals().skipped()).isEqualTo(2L * (DATA.total() + FAMILIES + JTIS));

            // Every revocation survived the copy, and a used token is still detected as reused there.
            defaultSessions.assertHoldOn(target.backend(), TenantId.DEFAULT);
            acmeSessions.assertHoldOn(target.backend(), ACME);
        }
    }
}
