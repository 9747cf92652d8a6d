package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactStatus;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.EntryType;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.migration.TestBackend.Kind;
import dev.stowage.migration.checkpoint.CheckpointStore;
import dev.stowage.migration.checkpoint.MemoryCheckpointStore;
import dev.stowage.migration.legacy.ConversionTally.ConversionCount;
import dev.stowage.migration.legacy.FieldComparison;
import dev.stowage.migration.legacy.FileIdMappingStore;
import dev.stowage.migration.legacy.IdMappingStore;
import dev.stowage.migration.legacy.LeadGenFixture;
import dev.stowage.migration.legacy.LegacyIds;
import dev.stowage.migration.legacy.LegacyValidationReport;
import dev.stowage.migration.legacy.LegacyValidationReport.CollectionValidation;
import dev.stowage.migration.legacy.MemoryIdMappingStore;
import dev.stowage.migration.legacy.PostgresIdMappingStore;
import dev.stowage.migration.verify.VerificationState;
import dev.stowage.testkit.TestServers;
import dev.stowage.token.Credential;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A legacy import (the lead-gen shaped fixture: CRM users, KV credits, Gmail tokens, with bad
 * records) into each backend, each with another id mapping store: what is imported, what is
 * rejected and why, the opening ledgers, the four validation layers, and that a rerun gives the same
 * ids and changes nothing.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LegacyImportTest {

    static final Instant NOW = Instant.parse("2026-03-01T09:30:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String NAMESPACE = "lead-gen-2019";
    static final UUID NS = LegacyIds.namespace(NAMESPACE);

    @TempDir
    Path files;

    /** Collects rejects in memory. */
    static final class ListSink implements RejectSink {
        final List<RejectedRecord> rejects = new CopyOnWriteArrayList<>();

        @Override
        public void accept(RejectedRecord rejected) {
            rejects.add(rejected);
        }

        RejectedRecord byKey(String key) {
            return rejects.stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"MEMORY", "POSTGRES", "REDIS"})
    void imports_rejects_with_raw_values_validates_four_layers_and_a_rerun_changes_nothing(Kind kind) throws Exception {
        String schema = "legacy_ids_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (TestBackend target = TestBackend.open(kind, CLOCK, "legacy");
             IdMappingStore ids = ids(kind, schema)) {
            ListSink sink = new ListSink();
            MigrationReport report = run(target, ids, sink, "lead-gen");

            // Copy counts, per source collection.
            assertThat(report.isComplete()).isTrue();
            assertThat(report.tenants()).extracting(TenantReport::collection).containsExactly("users", "credits", "gmail");
            assertThat(report.totals("users").written()).isEqualTo(LeadGenFixture.USERS);
            // A bad record the source returns twice is rejected twice; the validation counts distinct records.
            assertThat(report.totals("users").rejected()).isBetween(4L, 8L);
            assertThat(report.totals("credits").written()).isEqualTo(LeadGenFixture.CREDITS);
            assertThat(report.totals("credits").rejected()).isBetween(2L, 4L);
            assertThat(report.totals("gmail").written()).isEqualTo(LeadGenFixture.TOKENS + 1);
            assertThat(report.totals("gmail").rejected()).isBetween(1L, 2L);
            RecordCounts totals = report.totals();
            assertThat(totals.read()).isEqualTo(totals.written() + totals.skipped() + totals.rejected());
            assertThat(totals.skipped()).as("records the source returned twice").isPositive();

            // Rejects carry the field, the converter and the raw value; secrets are masked.
            assertThat(sink.rejects.stream().map(RejectedRecord::key).distinct().count()).isEqualTo(LeadGenFixture.rejected());
            assertThat((long) sink.rejects.size()).isEqualTo(totals.rejected());
            RejectedRecord badDate = sink.byKey("bad-date");
            assertThat(badDate.reason()).contains("created").contains("epoch-millis").doesNotContain("false");
            assertThat(badDate.record()).containsEntry("field", "created").containsEntry("converter", "epoch-millis")
                    .containsEntry("rawValue", "false").containsKey("raw");
            assertThat(sink.byKey("bad-state").record()).containsEntry("converter", "enum").containsEntry("rawValue", "7");
            assertThat(sink.byKey("bad-spend").record()).containsEntry("converter", "decimal")
                    .containsEntry("rawValue", new BigDecimal("0.001"));
            assertThat(sink.byKey("bad-email").record()).containsEntry("field", "email").containsEntry("rule", "email");
            assertThat(sink.byKey("bad-totals").record()).containsEntry("rule", "totals-reconcile");
            assertThat(sink.byKey("bad-balance").record()).containsEntry("converter", "integer")
                    .containsEntry("rawValue", "12.5");
            RejectedRecord badExpiry = sink.byKey("bad-expiry");
            assertThat(badExpiry.record()).containsEntry("rawValue", "99999999999999999999").doesNotContainKey("raw");
            assertThat(badExpiry.record().get("fields")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("access_token", "***");

            // What the target holds: UUIDv5 ids, exact decimals, opening ledgers, resolved references.
            TenantId tenant = TenantId.DEFAULT;
            Contact u0 = target.backend().contacts(tenant).get(LegacyIds.id(NS, "users", "u0")).orElseThrow();
            assertThat(u0.status()).isEqualTo(ContactStatus.INACTIVE);
            assertThat(u0.tags()).containsExactly("lead", "vip");
            assertThat(u0.customFields()).containsEntry("spend", new BigDecimal("12.50"))
                    .containsEntry("since", "2020-01-01T00:00:00Z").containsEntry("seats", 0L);
            assertThat(u0.createdAt()).isEqualTo(Instant.ofEpochMilli(LeadGenFixture.EPOCH_MS));
            assertThat(u0.sourceId()).isEqualTo("u0");
            CreditAccount u5 = target.backend().credits(tenant).account("u5").orElseThrow();
            assertThat(u5).extracting(CreditAccount::balance, CreditAccount::totalPurchased, CreditAccount::totalUsed)
                    .containsExactly(100L, 105L, 5L);
            List<LedgerEntry> entries = target.backend().credits(tenant).entries("u5", 0, 100);
            assertThat(entries).extracting(LedgerEntry::type).containsExactly(EntryType.PURCHASE, EntryType.DEDUCTION);
            assertThat(entries.stream().mapToLong(LedgerEntry::amount).sum()).isEqualTo(u5.balance());
            assertThat(target.backend().credits(tenant).entries("u0", 0, 100)).extracting(LedgerEntry::type)
                    .containsExactly(EntryType.PURCHASE);
            Credential token = target.backend().tokens(tenant)
                    .credential(LegacyIds.id(NS, "users", "u2").toString(), "google").orElseThrow();
            assertThat(token.accessToken()).isEqualTo("ya29.token-2");
            assertThat(token.updatedAt()).isEqualTo(NOW);
            assertThat(ids.count(NS, "users")).isEqualTo(LeadGenFixture.USERS);

            assertFourLayers(report.validation().orElseThrow());
            if (kind == Kind.MEMORY) {
                System.out.println(report.toTable());
            }
            assertThat(report.toJson()).contains("\"collection\" : \"users\"").contains("stowage-legacy-validation")
                    .contains("\"referentialIntegrity\"");
            assertThat(report.toTable()).contains("collection").contains("1. Counts per source collection")
                    .contains("gmail ghost user -> users u-ghost: dangling").doesNotContain("ya29");

            // A rerun (a fresh checkpoint store, so everything is read again): same ids, nothing written.
            Snapshot before = Snapshot.of(target.backend(), tenant);
            MigrationReport again = run(target, ids, new ListSink(), "lead-gen");
            assertThat(again.totals().written()).isZero();
            assertThat(again.totals().skipped()).isEqualTo(totals.skipped() + totals.written());
            Snapshot after = Snapshot.of(target.backend(), tenant);
            assertThat(after.contacts()).containsExactlyElementsOf(before.contacts());
            assertThat(after.accounts()).containsExactlyElementsOf(before.accounts());
            assertThat(after.credentials()).containsExactlyElementsOf(before.credentials());
            assertThat(ids.count(NS, "users")).isEqualTo(LeadGenFixture.USERS);
        } finally {
            if (kind == Kind.POSTGRES) {
                TestBackend.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    static void assertFourLayers(LegacyValidationReport validation) {
        assertThat(validation.state()).isEqualTo(VerificationState.MISMATCHED);
        assertThat(validation.namespace()).isEqualTo(NS);
        // 1. counts per source collection vs target
        assertThat(validation.collections()).extracting(CollectionValidation::collection, CollectionValidation::sourceRecords,
                        CollectionValidation::mapped, CollectionValidation::rejected, CollectionValidation::onTarget,
                        CollectionValidation::missing, CollectionValidation::idMappings)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("users", 44L, 40L, 4L, 40L, 0L, 40L),
                        org.assertj.core.groups.Tuple.tuple("credits", 22L, 20L, 2L, 20L, 0L, 20L),
                        org.assertj.core.groups.Tuple.tuple("gmail", 17L, 16L, 1L, 16L, 0L, 16L));
        // 2. field-level compare: every record, no difference
        assertThat(validation.collections()).extracting(CollectionValidation::compared).containsExactly(40L, 20L, 16L);
        assertThat(validation.collections()).extracting(CollectionValidation::differing).containsOnly(0L);
        assertThat(validation.differences()).isEmpty();
        // 3. referential integrity: the ghost user's token dangles
        assertThat(validation.collections()).extracting(CollectionValidation::references).containsExactly(0L, 0L, 16L);
        assertThat(validation.dangling()).singleElement().satisfies(d -> {
            assertThat(d.collection()).isEqualTo("gmail");
            assertThat(d.legacyId()).isEqualTo("ghost");
            assertThat(d.toCollection()).isEqualTo("users");
            assertThat(d.toLegacyId()).isEqualTo("u-ghost");
        });
        // 4. type conversions: counts per converter, failures with their raw values
        Map<String, ConversionCount> conversions = validation.conversions();
        assertThat(conversions.get("epoch-millis").failed()).isEqualTo(2);
        assertThat(conversions.get("epoch-millis").converted()).isEqualTo(LeadGenFixture.USERS + LeadGenFixture.TOKENS + 1);
        assertThat(conversions.get("enum").failed()).isEqualTo(1);
        assertThat(conversions.get("decimal").failed()).isEqualTo(1);
        assertThat(conversions.get("decimal").converted()).isEqualTo(LeadGenFixture.USERS);
        assertThat(conversions.get("integer").failed()).isEqualTo(1);
        assertThat(conversions.get("tags").converted()).isEqualTo(LeadGenFixture.USERS);
        assertThat(validation.failures()).hasSize((int) LeadGenFixture.rejected());
        assertThat(validation.failures()).filteredOn(f -> f.legacyId().equals("bad-date")).singleElement()
                .satisfies(f -> assertThat(f.rawValue()).isEqualTo("false"));
        assertThat(validation.failures()).filteredOn(f -> f.legacyId().equals("bad-expiry")).singleElement()
                .satisfies(f -> assertThat(f.rawValue()).isEqualTo("99999999999999999999"));
    }

    private MigrationReport run(TestBackend target, IdMappingStore ids, RejectSink sink, String runId) {
        return Migration.fromSource(LeadGenFixture.source(true), LeadGenFixture.mapping(NAMESPACE)).to(target.backend())
                .runId(runId).ids(ids).clock(CLOCK).batchSize(7).workers(2).metrics(false)
                .onError(ErrorPolicy.SKIP_AND_RECORD).rejects(sink).compare(FieldComparison.full())
                .run();
    }

    private IdMappingStore ids(Kind kind, String schema) {
        return switch (kind) {
            case POSTGRES -> {
                TestBackend.sql("CREATE SCHEMA " + schema);
                PGSimpleDataSource dataSource = new PGSimpleDataSource();
                dataSource.setUrl(TestServers.postgresUrl());
                yield PostgresIdMappingStore.builder(dataSource).schema(schema).build();
            }
            case REDIS -> FileIdMappingStore.in(files.resolve("ids"));
            default -> new MemoryIdMappingStore();
        };
    }

    @Test
    void the_field_compare_finds_changed_and_missing_records_and_a_seed_picks_the_same_sample() {
        try (TestBackend target = TestBackend.open(Kind.MEMORY, CLOCK, "legacy_compare")) {
            MemoryIdMappingStore ids = new MemoryIdMappingStore();
            MemoryCheckpointStore checkpoints = new MemoryCheckpointStore();
            // Rerunning a finished run copies nothing more and validates again: that is how a target is re-validated.
            validate(target, ids, checkpoints, FieldComparison.none());
            TenantId tenant = TenantId.DEFAULT;
            UUID u1 = LegacyIds.id(NS, "users", "u1");
            Contact contact = target.backend().contacts(tenant).get(u1).orElseThrow();
            target.backend().contacts(tenant).update(u1, contact.version(), contact.toDraft().toBuilder()
                    .firstName("Changed").build());
            target.backend().contacts(tenant).delete(LegacyIds.id(NS, "users", "u2"));
            target.backend().credits(tenant).post(dev.stowage.credit.Posting.deduction("u3", 1));

            LegacyValidationReport full = validate(target, ids, checkpoints, FieldComparison.full());
            assertThat(full.collections().get(0).missing()).isEqualTo(1);
            assertThat(full.collections().get(0).differing()).isEqualTo(2);
            assertThat(full.differences()).extracting(LegacyValidationReport.FieldDifference::legacyId,
                            LegacyValidationReport.FieldDifference::field, LegacyValidationReport.FieldDifference::source,
                            LegacyValidationReport.FieldDifference::target)
                    .contains(org.assertj.core.groups.Tuple.tuple("u1", "firstName", "<hidden>", "<hidden>"),
                            org.assertj.core.groups.Tuple.tuple("u2", "record", "present", "<absent>"),
                            org.assertj.core.groups.Tuple.tuple("u3", "balance", "100", "99"),
                            org.assertj.core.groups.Tuple.tuple("u3", "totalUsed", "3", "4"));
            assertThat(full.differences()).noneMatch(d -> d.field().startsWith("invariant"));

            LegacyValidationReport sample = validate(target, ids, checkpoints, FieldComparison.sampled(0.5, 42));
            LegacyValidationReport same = validate(target, ids, checkpoints, FieldComparison.sampled(0.5, 42));
            long compared = sample.collections().stream().mapToLong(CollectionValidation::compared).sum();
            assertThat(compared).isBetween(1L, 75L);
            assertThat(same.differences()).isEqualTo(sample.differences());
            assertThat(same.collections()).isEqualTo(sample.collections());
            assertThat(validate(target, ids, checkpoints, FieldComparison.none()).collections())
                    .allSatisfy(c -> assertThat(c.compared()).isZero());
        }
    }

    private static LegacyValidationReport validate(TestBackend target, IdMappingStore ids, CheckpointStore checkpoints,
                                                   FieldComparison comparison) {
        return Migration.fromSource(LeadGenFixture.source(false), LeadGenFixture.mapping(NAMESPACE)).to(target.backend())
                .runId("compare").ids(ids).clock(CLOCK).metrics(false).compare(comparison).checkpoints(checkpoints)
                .onError(ErrorPolicy.SKIP_AND_RECORD).rejects(new ListSink()).run().validation().orElseThrow();
    }

    @Test
    void a_dry_run_checks_and_counts_but_writes_nothing() {
        try (TestBackend target = TestBackend.open(Kind.MEMORY, CLOCK, "legacy_dry")) {
            MemoryIdMappingStore ids = new MemoryIdMappingStore();
            ListSink sink = new ListSink();
            MigrationReport report = Migration.fromSource(LeadGenFixture.source(false), LeadGenFixture.mapping(NAMESPACE))
                    .to(target.backend()).ids(ids).clock(CLOCK).dryRun(true).metrics(false)
                    .onError(ErrorPolicy.SKIP_AND_RECORD).rejects(sink).run();
            assertThat(report.dryRun()).isTrue();
            assertThat(report.totals().written()).isEqualTo(LeadGenFixture.importable());
            assertThat(report.totals().rejected()).isEqualTo(LeadGenFixture.rejected());
            assertThat(report.validation()).isEmpty();
            assertThat(Snapshot.of(target.backend(), TenantId.DEFAULT).size()).isZero();
            assertThatThrownBy(() -> ids.count(NS, "users")).hasMessageContaining("was not opened");
        }
    }

    @Test
    void under_stop_the_first_bad_record_fails_the_run_naming_it() {
        try (TestBackend target = TestBackend.open(Kind.MEMORY, CLOCK, "legacy_stop")) {
            assertThatThrownBy(() -> Migration.fromSource(LeadGenFixture.source(false), LeadGenFixture.mapping(NAMESPACE))
                    .to(target.backend()).stores(StoreKind.CREDITS).clock(CLOCK).metrics(false).run())
                    .isInstanceOf(MigrationException.class).hasMessageContaining("bad-totals")
                    .hasMessageContaining("totals-reconcile");
        }
    }
}
