package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.Posting;
import dev.stowage.migration.TestBackend.Kind;
import dev.stowage.testkit.Fixtures;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rollback is the same engine with source and target swapped: what the application wrote to
 * the new store after the cutover comes back to the old one.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReverseMigrationTest {

    static final Clock CLOCK = Clock.fixed(Dataset.NOW, ZoneOffset.UTC);

    @Test
    void copying_back_brings_the_new_stores_changes_to_the_old_one() {
        Dataset data = new Dataset(500, 20, 20);
        try (TestBackend old = TestBackend.open(Kind.REDIS, CLOCK, "rev_old");
             TestBackend fresh = TestBackend.open(Kind.POSTGRES, CLOCK, "rev_new")) {
            data.populate(old.backend(), TenantId.DEFAULT, 4);
            Migration.from(old.backend()).to(fresh.backend()).runId("forward").run();

            // After the cutover the application writes to the new store only.
            ContactStore contacts = fresh.backend().contacts(TenantId.DEFAULT);
            Contact created = contacts.create(Fixtures.contact(9_001));
            Contact edited = contacts.get(Dataset.contact(10, 4).id()).orElseThrow();
            Contact updated = contacts.update(edited.id(), edited.version(),
                    edited.toDraft().toBuilder().notes("edited after the cutover").build());
            fresh.backend().credits(TenantId.DEFAULT).post(Posting.purchase("new-account", 42));
            fresh.backend().tokens(TenantId.DEFAULT).putCredential(Fixtures.credential("late-user", "google",
                    Dataset.NOW.plusSeconds(600), null));

            MigrationReport back = Migration.from(fresh.backend()).to(old.backend()).runId("rollback").run();

            assertThat(back.totals(RecordKind.CONTACTS)).isEqualTo(new RecordCounts(501, 2, 499, 0, 0));
            assertThat(back.totals(RecordKind.CREDIT_ACCOUNTS).written()).isEqualTo(1);
            assertThat(back.totals(RecordKind.CREDENTIALS).written()).isEqualTo(1);
            assertThat(old.backend().contacts(TenantId.DEFAULT).get(created.id())).contains(created);
            assertThat(old.backend().contacts(TenantId.DEFAULT).get(updated.id())).contains(updated);
            assertThat(Snapshot.of(old.backend(), TenantId.DEFAULT))
                    .isEqualTo(Snapshot.of(fresh.backend(), TenantId.DEFAULT));
        }
    }
}
