package dev.stowage.migration.archive;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import dev.stowage.contact.ContactDraft;
import dev.stowage.credit.Posting;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.migration.RecordKind;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.verify.Verification;
import dev.stowage.migration.verify.VerificationState;
import dev.stowage.token.CredentialDraft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The archive library from code: export, import into another backend, verify; refusals of bad files. */
class ArchiveRoundTripTest {

    @TempDir
    Path dir;

    private static void seed(Stores stores) {
        Stores acme = stores.forTenant(TenantId.of("acme"));
        acme.contacts().create(ContactDraft.builder("ada@example.com").firstName("Ada \u00e9\u20ac\ud83d\ude00")
                .notes("line\nbreak \"quoted\" \\ back").tags("vip")
                .customFields(Map.of("price", new BigDecimal("1.50"), "big", new BigDecimal("1e500"),
                        "nested", Map.of("list", List.of(1, "two", true)))).build());
        // A ledger longer than one slice: 10 005 entries.
        acme.credits().post(Posting.purchase("long", 1_000_000));
        for (int i = 0; i < 10_004; i++) {
            acme.credits().post(Posting.deduction("long", 1).withIdempotencyKey("k" + i));
        }
        acme.tokens().putCredential(CredentialDraft.builder("user-1", "google", "access").refreshToken("refresh")
                .build());
        acme.tokens().issueRefreshToken("user-1", Duration.ofDays(1));
        acme.tokens().revokeAccessToken("jti-1", Instant.now().plus(Duration.ofHours(1)));
        stores.forTenant(TenantId.of("globex")).contacts().create(ContactDraft.builder("g@example.com").build());
    }

    @Test
    void exportedStoresImportIntoAnotherBackendIdentically() {
        Path file = dir.resolve("backup.jsonl.gz");
        try (Stores source = InMemoryStores.create(Clock.systemUTC());
             Stores target = InMemoryStores.create(Clock.systemUTC())) {
            seed(source);

            ArchiveSummary exported = ArchiveExport.from(source).to(file);
            ArchiveSummary imported = ArchiveImport.from(file).into(target).run();

            assertThat(exported.complete()).isTrue();
            assertThat(exported.lines()).anySatisfy(line -> {
                assertThat(line.records()).isEqualTo(RecordKind.CREDIT_ACCOUNTS);
                assertThat(line.read()).isEqualTo(2);   // two slices of one ledger
            });
            assertThat(imported.totalRead()).isEqualTo(exported.totalRead());
            assertThat(Verification.of(source, target).run().state()).isEqualTo(VerificationState.VALIDATED);

            ArchiveSummary again = ArchiveImport.from(file).into(target).run();
            assertThat(again.lines()).allSatisfy(line -> assertThat(line.written()).isZero());
        }
    }

    @Test
    void aStoreAndTenantSelectionExportsOnlyThose() throws Exception {
        Path file = dir.resolve("contacts.jsonl");
        try (Stores source = InMemoryStores.create(Clock.systemUTC())) {
            seed(source);
            ArchiveExport.from(source).stores(StoreKind.CONTACTS).tenants(TenantId.of("globex")).to(file);
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains("\"records\":\"contacts\",\"tenant\":\"globex\"");
        try (ArchiveReader reader = ArchiveReader.open(file)) {
            assertThat(reader.next()).hasValueSatisfying(entry -> assertThat(entry.tenant()).isEqualTo(TenantId.of("globex")));
            assertThat(reader.next()).isEmpty();
        }
    }

    @Test
    void filesThatAreNotCompleteArchivesAreRefused() throws Exception {
        Path notAnArchive = Files.writeString(dir.resolve("other.jsonl"), "{\"hello\":1}\n");
        assertThatThrownBy(() -> ArchiveReader.open(notAnArchive)).isInstanceOf(ArchiveException.class)
                .hasMessageContaining("is not a Stowage archive");

        Path file = dir.resolve("backup.jsonl");
        try (Stores source = InMemoryStores.create(Clock.systemUTC())) {
            seed(source);
            ArchiveExport.from(source).stores(StoreKind.CONTACTS).to(file);
        }
        List<String> lines = Files.readAllLines(file);
        Path miscounted = Files.write(dir.resolve("miscounted.jsonl"), List.of(lines.get(0), lines.get(1),
                lines.get(lines.size() - 1)));
        try (Stores target = InMemoryStores.create(Clock.systemUTC())) {
            assertThatThrownBy(() -> ArchiveImport.from(miscounted).into(target).run())
                    .isInstanceOf(ArchiveException.class).hasMessageContaining("is inconsistent");
        }
    }

    @Test
    void aStoppedExportLeavesNoFile() {
        Path file = dir.resolve("stopped.jsonl.gz");
        try (Stores source = InMemoryStores.create(Clock.systemUTC())) {
            seed(source);
            ArchiveExport export = ArchiveExport.from(source).pageSize(1);
            ArchiveSummary summary = export.listener((records, done, fraction) -> export.stop()).to(file);

            assertThat(summary.complete()).isFalse();
            assertThat(file).doesNotExist();
            assertThat(dir.resolve("stopped.jsonl.gz.partial")).doesNotExist();
        }
    }
}
