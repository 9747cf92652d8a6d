package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.migration.TestBackend.Kind;
import dev.stowage.migration.checkpoint.FileCheckpointStore;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Progress events per store with totals, percent, rate and ETA; Micrometer meters for rows and
 * batches; the report's two renderings.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProgressAndMetricsTest {

    static final Clock CLOCK = Clock.fixed(Dataset.NOW, ZoneOffset.UTC);
    static final Dataset DATA = new Dataset(1_000, 40, 30);

    @Test
    void the_listener_hears_every_batch_per_store_and_the_registry_counts_every_row() {
        List<ProgressEvent> events = new ArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestBackend source = TestBackend.open(Kind.MEMORY, CLOCK, "prog_src");
             TestBackend target = TestBackend.open(Kind.MEMORY, CLOCK, "prog_dst")) {
            DATA.populate(source.backend(), TenantId.DEFAULT, 9);
            MigrationReport report = Migration.from(source.backend()).to(target.backend()).batchSize(100).workers(2)
                    .meterRegistry(registry).listener(events::add).run();

            List<ProgressEvent> contacts = events.stream().filter(e -> e.store() == StoreKind.CONTACTS).toList();
            assertThat(contacts).hasSizeGreaterThanOrEqualTo(10);
            assertThat(contacts).allSatisfy(e -> {
                assertThat(e.total()).hasValue(1_000);
                assertThat(e.percent()).isPresent();
                assertThat(e.ratePerSecond()).isPositive();
                assertThat(e.eta()).isPresent();
            });
            ProgressEvent lastContacts = contacts.get(contacts.size() - 1);
            assertThat(lastContacts.counts().written()).isEqualTo(1_000);
            assertThat(lastContacts.percent()).hasValue(100.0);
            assertThat(lastContacts.eta()).hasValueSatisfying(eta -> assertThat(eta).isZero());
            assertThat(contacts).extracting(e -> e.counts().processed()).isSorted();
            ProgressEvent lastCredits = events.stream().filter(e -> e.store() == StoreKind.CREDITS)
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(lastCredits.counts().written()).isEqualTo(40);
            assertThat(lastCredits.total()).as("the SPI has no cheap count of accounts").isEmpty();
            assertThat(lastCredits.percent()).isEmpty();
            assertThat(events.stream().filter(e -> e.store() == StoreKind.TOKENS)).isNotEmpty();

            assertThat(registry.get("stowage.migration.records").tag("store", "contacts").tag("records", "contacts")
                    .tag("outcome", "written").counter().count()).isEqualTo(1_000);
            assertThat(registry.get("stowage.migration.records").tag("records", "credit-accounts")
                    .tag("outcome", "read").counter().count()).isEqualTo(40);
            assertThat(registry.get("stowage.migration.records").tag("records", "credentials")
                    .tag("outcome", "rejected").counter().count()).isZero();
            Timer batches = registry.get("stowage.migration.batch").tag("records", "contacts").timer();
            assertThat(batches.count()).isEqualTo(contacts.size());

            String json = report.toJson();
            assertThat(json).contains("\"format\" : \"stowage-migration-report\"").contains("\"records\" : \"CONTACTS\"")
                    .contains("\"written\" : 1000").contains("\"complete\" : true");
            String table = report.toTable();
            assertThat(table).contains("store").contains("contacts").contains("credit-accounts").contains("credentials")
                    .contains("1000").contains("total").contains("1070");
            assertThat(table.lines().filter(line -> line.startsWith("contacts "))).hasSize(1);
        }
    }

    @Test
    void a_dry_run_says_what_a_copy_would_do_writes_nothing_and_estimates_its_duration(@TempDir Path checkpoints) {
        try (TestBackend source = TestBackend.open(Kind.MEMORY, CLOCK, "dry_src");
             TestBackend target = TestBackend.open(Kind.POSTGRES, CLOCK, "dry_dst")) {
            DATA.populate(source.backend(), TenantId.DEFAULT, 9);
            // The target already has the first 300 contacts, 100 of them at a newer version.
            List<dev.stowage.contact.Contact> present = new ArrayList<>();
            for (int n = 0; n < 300; n++) {
                dev.stowage.contact.Contact c = Dataset.contact(n, 9);
                present.add(n < 100 ? dev.stowage.contact.Contact.of(c.id(), c.toDraft(), c.createdAt(),
                        c.updatedAt(), c.version() + 1) : c);
            }
            target.backend().contacts(TenantId.DEFAULT).importContacts(present);
            Snapshot before = Snapshot.of(target.backend(), TenantId.DEFAULT);

            MigrationReport dry;
            try (FileCheckpointStore store = FileCheckpointStore.in(checkpoints)) {
                dry = Migration.from(source.backend()).to(target.backend()).dryRun(true).batchSize(128)
                        .checkpoints(store).runId("dry").run();
                assertThat(store.fileOf("dry")).as("a dry run writes no checkpoint").doesNotExist();
            }

            assertThat(dry.dryRun()).isTrue();
            assertThat(dry.totals(RecordKind.CONTACTS)).isEqualTo(new RecordCounts(1_000, 700, 300, 0, 0));
            assertThat(dry.totals(RecordKind.CREDIT_ACCOUNTS)).isEqualTo(new RecordCounts(40, 40, 0, 0, 0));
            assertThat(dry.estimatedDuration()).hasValueSatisfying(d -> assertThat(d).isPositive());
            assertThat(dry.toTable()).contains("Dry run").contains("a copy would take about");
            assertThat(Snapshot.of(target.backend(), TenantId.DEFAULT)).isEqualTo(before);

            MigrationReport copy = Migration.from(source.backend()).to(target.backend()).batchSize(128).run();
            assertThat(copy.totals()).isEqualTo(dry.totals());
            assertThat(copy.estimatedDuration()).isEmpty();
        }
    }
}
