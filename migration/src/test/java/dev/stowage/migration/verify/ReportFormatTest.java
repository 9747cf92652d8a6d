package dev.stowage.migration.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.credit.Posting;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.RecordKind;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.TestBackend;
import dev.stowage.migration.TestBackend.Kind;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The report's JSON is the documented format and reads back equal; the table shows every result.
 */
class ReportFormatTest {

    private final MutableClock clock = MutableClock.standard();
    private final TestData data = new TestData(clock.instant());

    /** A report with every state and kind of mismatch: the target lost contacts and a stop cut tokens short. */
    private VerificationReport mixedReport() {
        try (TestBackend source = TestBackend.open(Kind.MEMORY, clock, "memory"); TestBackend target = TestBackend.open(Kind.MEMORY, clock, "memory")) {
            StoreBackend s = source.backend();
            StoreBackend t = target.backend();
            data.writeTo(s, TenantId.DEFAULT);
            data.writeTo(t, TenantId.DEFAULT);
            List<Contact> contacts = data.contacts(TenantId.DEFAULT);
            t.contacts(TenantId.DEFAULT).delete(contacts.get(0).id());
            t.contacts(TenantId.DEFAULT).delete(contacts.get(1).id());
            t.contacts(TenantId.DEFAULT).create(dev.stowage.testkit.Fixtures.contact(500));
            t.credits(TenantId.DEFAULT).post(Posting.bonus(data.accounts().get(0).account().accountId(), 1));
            Verification verification = Verification.of(s, t).tenants(TenantId.DEFAULT).clock(clock).maxReportedKeys(2);
            verification.listener(new VerificationListener() {
                @Override
                public void started(RecordKind records, TenantId tenant) {
                    if (records.store() == StoreKind.TOKENS) {
                        verification.stop();
                    }
                }
            });
            return verification.run();
        }
    }

    @Test
    void jsonRoundTripsExactly() {
        VerificationReport report = mixedReport();
        assertThat(report.results()).extracting(RecordsResult::state).containsExactly(
                VerificationState.MISMATCHED, VerificationState.MISMATCHED, VerificationState.INCOMPLETE,
                VerificationState.INCOMPLETE, VerificationState.INCOMPLETE);

        VerificationReport read = VerificationReport.fromJson(report.toJson());

        assertThat(read).isEqualTo(report);
        assertThat(read.toJson()).isEqualTo(report.toJson());
    }

    @Test
    void jsonHasTheDocumentedShape() throws Exception {
        JsonNode root = new ObjectMapper().readTree(mixedReport().toJson());

        assertThat(root.fieldNames()).toIterable().containsExactly("format", "formatVersion", "state", "source",
                "target", "startedAt", "finishedAt", "stores", "results");
        assertThat(root.get("format").asText()).isEqualTo("stowage-verification-report");
        assertThat(root.get("formatVersion").asInt()).isEqualTo(1);
        assertThat(root.get("state").asText()).isEqualTo("INCOMPLETE");
        assertThat(root.get("source").asText()).isEqualTo("memory");
        assertThat(Instant.parse(root.get("startedAt").asText())).isEqualTo(clock.instant().truncatedTo(
                java.time.temporal.ChronoUnit.MICROS));
        assertThat(root.get("stores").toString())
                .isEqualTo("{\"CONTACTS\":\"MISMATCHED\",\"CREDITS\":\"MISMATCHED\",\"TOKENS\":\"INCOMPLETE\"}");
        JsonNode contacts = root.get("results").get(0);
        assertThat(contacts.fieldNames()).toIterable().containsExactly("store", "records", "tenant", "state",
                "sourceCount", "targetCount", "mismatchCount", "incompleteReason", "mismatches");
        assertThat(contacts.get("sourceCount").asLong()).isEqualTo(TestData.CONTACTS);
        assertThat(contacts.get("targetCount").asLong()).isEqualTo(TestData.CONTACTS - 1);
        assertThat(contacts.get("mismatchCount").asLong()).isEqualTo(3);
        assertThat(contacts.get("incompleteReason").isNull()).isTrue();
        assertThat(contacts.get("mismatches")).hasSize(2);
        JsonNode first = contacts.get("mismatches").get(0);
        assertThat(first.fieldNames()).toIterable().containsExactly("kind", "key", "differences", "omittedDifferences");
        assertThat(first.get("key").fieldNames()).toIterable().containsExactly("id");
        JsonNode ledger = root.get("results").get(1).get("mismatches").get(0);
        assertThat(ledger.get("kind").asText()).isEqualTo("DIFFERENT");
        assertThat(ledger.get("differences").get(0).toString())
                .isEqualTo("{\"field\":\"balance\",\"source\":\"790\",\"target\":\"791\"}");
        assertThat(root.get("results").get(2).get("incompleteReason").asText())
                .isEqualTo("the verification was stopped");
    }

    @Test
    void theTableShowsEveryResultAndTheFirstKeys() {
        VerificationReport report = mixedReport();

        String table = report.toTable();

        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).startsWith("Verification memory -> memory: INCOMPLETE (");
        assertThat(lines.get(1).split("\\s+"))
                .containsExactly("store", "records", "tenant", "source", "target", "mismatches", "state");
        assertThat(lines.get(2).split("\\s+")).containsExactly("CONTACTS", "contacts", "default",
                Integer.toString(TestData.CONTACTS), Integer.toString(TestData.CONTACTS - 1), "3", "MISMATCHED");
        assertThat(lines.get(3).split("\\s+")).containsExactly("CREDITS", "credit-accounts", "default",
                Integer.toString(data.accounts().size()), Integer.toString(data.accounts().size()), "1", "MISMATCHED");
        assertThat(lines.get(4).split("\\s+"))
                .containsExactly("TOKENS", "credentials", "default", "0", "0", "0", "INCOMPLETE");
        assertThat(table).contains("CONTACTS contacts default: 3 mismatching keys, the first 2 shown")
                .contains("  MISSING_ON_TARGET id=")
                .contains("    balance: source 790, target 791")
                .contains("CREDITS credit-accounts default: 1 mismatching key\n")
                .contains("TOKENS credentials default is INCOMPLETE: the verification was stopped\n");
    }

    @Test
    void somethingElseIsNotReadAsAReport() {
        String valid = mixedReport().toJson();
        assertThatThrownBy(() -> VerificationReport.fromJson("not json"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("report"));
        assertThatThrownBy(() -> VerificationReport.fromJson("{\"format\":\"other\"}"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.rule()).isEqualTo("format"));
        assertThatThrownBy(() -> VerificationReport.fromJson(valid.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2")))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("report.formatVersion"));
        assertThatThrownBy(() -> VerificationReport.fromJson(valid.replace("\"MISMATCHED\"", "\"MAYBE\"")))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("results[0].state"));
        assertThatThrownBy(() -> VerificationReport.fromJson(valid.replace("\"tenant\" : \"default\"", "\"tenant\" : \"no spaces\"")))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("results[0].tenant"));
        assertThatThrownBy(() -> VerificationReport.fromJson(null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("report"));
    }

    @Test
    void unknownFieldsAreIgnoredSoTheFormatCanGrow() {
        String json = mixedReport().toJson();
        String grown = json.replaceFirst("\\{", "{\"addedLater\":{\"x\":[1,2]},");

        assertThat(VerificationReport.fromJson(grown)).isEqualTo(VerificationReport.fromJson(json));
    }

    @Test
    void aResultMustBeConsistent() {
        assertThatThrownBy(() -> new RecordsResult(RecordKind.CONTACTS, TenantId.DEFAULT,
                VerificationState.VALIDATED, 1, 0, 1, List.of(), null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("state"));
        assertThatThrownBy(() -> new RecordsResult(RecordKind.CONTACTS, TenantId.DEFAULT,
                VerificationState.INCOMPLETE, 1, 0, 0, List.of(), null))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("incompleteReason"));
        Mismatch one = new Mismatch(MismatchKind.MISSING_ON_SOURCE, Map.of("id", "x"), List.of(), 0);
        assertThatThrownBy(() -> new RecordsResult(RecordKind.CONTACTS, TenantId.DEFAULT,
                VerificationState.MISMATCHED, 1, 0, 0, List.of(one), null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("mismatches"));
    }
}
