package dev.stowage.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.migration.TestBackend.Kind;
import dev.stowage.testkit.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad records: a contact whose (source, sourceId) belongs to another contact on the target, a
 * contact row the source cannot read (its email was overwritten outside Stowage), and a ledger
 * broken in the source (its balance no longer equals the sum of its entries). Under STOP
 * the run fails naming the record; under SKIP_AND_RECORD each goes to the reject file and is
 * counted; either way nothing of a bad record is written, and everything else is.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RejectsTest {

    static final Clock CLOCK = Clock.fixed(Dataset.NOW, ZoneOffset.UTC);
    static final Dataset DATA = new Dataset(300, 20, 10);
    static final UUID CLASHING = UUID.fromString("0b0b0b0b-0000-4000-8000-000000000004");

    TestBackend source;
    Contact badContact;
    Contact corruptContact;

    @TempDir
    Path files;

    @BeforeAll
    void corruptedSource() {
        source = TestBackend.open(Kind.POSTGRES, CLOCK, "rej_src");
        DATA.populate(source.backend(), TenantId.DEFAULT, 11);
        TestBackend.sql("UPDATE \"" + source.space() + "\".credit_account SET balance = balance + 5"
                + " WHERE tenant_id = 'default' AND account_id = 'acct-3'");
        badContact = Dataset.contact(4, 11);
        corruptContact = Dataset.contact(7, 11);
        // A row written by something other than Stowage: the source cannot even read it.
        TestBackend.sql("UPDATE \"" + source.space() + "\".contact SET email = 'not an email'"
                + " WHERE tenant_id = 'default' AND id = '" + corruptContact.id() + "'");
    }

    @AfterAll
    void dropSource() {
        source.close();
    }

    /** A target that already holds another contact with contact 4's (source, sourceId). */
    TestBackend target() {
        TestBackend target = TestBackend.open(Kind.MEMORY, CLOCK, "rej_dst");
        target.backend().contacts(TenantId.DEFAULT).importContacts(List.of(Fixtures.imported(CLASHING,
                Fixtures.sourcedContact(4).toBuilder().email("someone.else@example.com").build(),
                Dataset.NOW, Dataset.NOW, 1)));
        return target;
    }

    @Test
    void skip_and_record_rejects_each_bad_record_whole_counts_it_and_copies_the_rest() throws IOException {
        Path rejectFile = files.resolve("rejects.jsonl");
        try (TestBackend target = target(); JsonLinesRejectSink sink = JsonLinesRejectSink.open(rejectFile)) {
            MigrationReport report = Migration.from(source.backend()).to(target.backend()).batchSize(64).workers(2)
                    .onError(ErrorPolicy.SKIP_AND_RECORD).rejects(sink).run();

            assertThat(report.totals(RecordKind.CONTACTS)).isEqualTo(new RecordCounts(300, 298, 0, 2, 0));
            assertThat(report.totals(RecordKind.CREDIT_ACCOUNTS)).isEqualTo(new RecordCounts(20, 19, 0, 1, 0));
            assertThat(report.totals(RecordKind.CREDENTIALS)).isEqualTo(new RecordCounts(10, 10, 0, 0, 0));
            assertThat(sink.count()).isEqualTo(3);
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(rejectFile)) {
                lines.add(new ObjectMapper().readTree(line));
            }
            JsonNode contact = lines.stream().filter(l -> l.path("key").asText().equals(badContact.id().toString()))
                    .findFirst().orElseThrow();
            assertThat(contact.path("records").asText()).isEqualTo("CONTACTS");
            assertThat(contact.path("tenant").asText()).isEqualTo("default");
            assertThat(contact.path("key").asText()).isEqualTo(badContact.id().toString());
            assertThat(contact.path("reason").asText()).startsWith("ConflictException DUPLICATE_KEY");
            assertThat(contact.path("record").path("email").asText()).isEqualTo(badContact.email());
            assertThat(contact.path("record").path("version").asLong()).isEqualTo(badContact.version());
            JsonNode unreadable = lines.stream()
                    .filter(l -> l.path("key").asText().equals(corruptContact.id().toString())).findFirst().orElseThrow();
            assertThat(unreadable.path("store").asText()).isEqualTo("CONTACTS");
            assertThat(unreadable.path("reason").asText()).startsWith("ValidationException: email");
            assertThat(unreadable.path("record").path("id").asText()).isEqualTo(corruptContact.id().toString());
            JsonNode ledger = lines.stream().filter(l -> l.path("store").asText().equals("CREDITS")).findFirst()
                    .orElseThrow();
            assertThat(ledger.path("key").asText()).isEqualTo("acct-3");
            assertThat(ledger.path("reason").asText()).contains("ValidationException").contains("ledger-sum");
            assertThat(ledger.path("record").path("entries")).hasSize(Dataset.history(3).entries().size());
            assertThat(ledger.path("rejectedAt").asText()).isNotBlank();

            assertThat(target.backend().contacts(TenantId.DEFAULT).get(badContact.id())).isEmpty();
            assertThat(target.backend().contacts(TenantId.DEFAULT).get(corruptContact.id())).isEmpty();
            assertThat(target.backend().credits(TenantId.DEFAULT).account("acct-3")).isEmpty();
            assertThat(target.backend().credits(TenantId.DEFAULT).entries("acct-3", 0, 10)).isEmpty();
            Snapshot copied = Snapshot.of(target.backend(), TenantId.DEFAULT);
            assertThat(copied.contacts()).as("298 copied and the one that was there").hasSize(299);
            TestBackend.sql("UPDATE \"" + source.space() + "\".contact SET email = '" + corruptContact.email()
                    + "' WHERE tenant_id = 'default' AND id = '" + corruptContact.id() + "'");
            Snapshot original;
            try {
                original = Snapshot.of(source.backend(), TenantId.DEFAULT);
            } finally {
                TestBackend.sql("UPDATE \"" + source.space() + "\".contact SET email = 'not an email'"
                        + " WHERE tenant_id = 'default' AND id = '" + corruptContact.id() + "'");
            }
            assertThat(copied.contacts()).allSatisfy(c -> assertThat(c.id().equals(CLASHING)
                    || original.contacts().contains(c)).isTrue());
            assertThat(copied.accounts()).hasSize(19).allSatisfy(a -> assertThat(original.accounts()).contains(a));
            assertThat(copied.credentials()).isEqualTo(original.credentials());
        }
    }

    @Test
    void stop_fails_the_run_at_the_first_bad_record_naming_store_tenant_and_key() {
        try (TestBackend target = target()) {
            assertThatThrownBy(() -> Migration.from(source.backend()).to(target.backend()).workers(1).batchSize(64)
                    .stores(StoreKind.CONTACTS).run())
                    .isInstanceOfSatisfying(MigrationException.class, e -> {
                        assertThat(e.store()).contains(StoreKind.CONTACTS);
                        assertThat(e.tenant()).contains(TenantId.DEFAULT);
                        String key = e.key().orElseThrow();
                        assertThat(key).isIn(badContact.id().toString(), corruptContact.id().toString());
                        assertThat(e).hasMessageContaining(key).hasMessageContaining("SKIP_AND_RECORD")
                                .hasMessageNotContaining(badContact.email());
                        assertThat(e.getMessage()).containsAnyOf("DUPLICATE_KEY", "email");
                    });
            assertThat(target.backend().contacts(TenantId.DEFAULT).get(badContact.id())).isEmpty();
            assertThat(target.backend().contacts(TenantId.DEFAULT).get(corruptContact.id())).isEmpty();

            assertThatThrownBy(() -> Migration.from(source.backend()).to(target.backend()).workers(1)
                    .stores(StoreKind.CREDITS).run())
                    .isInstanceOfSatisfying(MigrationException.class, e -> {
                        assertThat(e.records()).contains(RecordKind.CREDIT_ACCOUNTS);
                        assertThat(e.key()).contains("acct-3");
                        assertThat(e).hasMessageContaining("ledger-sum");
                    });
            assertThat(target.backend().credits(TenantId.DEFAULT).account("acct-3")).isEmpty();
        }
    }

    @Test
    void a_dry_run_finds_the_same_rejects_and_writes_nothing() {
        List<RejectedRecord> rejected = new ArrayList<>();
        try (TestBackend target = target()) {
            Snapshot before = Snapshot.of(target.backend(), TenantId.DEFAULT);
            MigrationReport report = Migration.from(source.backend()).to(target.backend()).dryRun(true)
                    .onError(ErrorPolicy.SKIP_AND_RECORD).rejects(r -> {
                        synchronized (rejected) {
                            rejected.add(r);
                        }
                    }).run();
            assertThat(report.dryRun()).isTrue();
            assertThat(report.totals(RecordKind.CONTACTS)).isEqualTo(new RecordCounts(300, 298, 0, 2, 0));
            assertThat(report.totals(RecordKind.CREDIT_ACCOUNTS)).isEqualTo(new RecordCounts(20, 19, 0, 1, 0));
            assertThat(rejected).extracting(RejectedRecord::key).containsExactlyInAnyOrder(badContact.id().toString(),
                    corruptContact.id().toString(), "acct-3");
            assertThat(Snapshot.of(target.backend(), TenantId.DEFAULT)).isEqualTo(before);
        }
    }
}
