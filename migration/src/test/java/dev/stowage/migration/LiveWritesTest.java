package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.Posting;
import dev.stowage.migration.TestBackend.Kind;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application keeps writing to the source and to the target while the copy runs: what it
 * wrote to the target is never overwritten by backfilled data (imports skip a record the target
 * holds at the same or a newer version, and an account it already holds), and what it changed
 * in the source reaches the target at the latest with the next copy.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LiveWritesTest {

    static final Clock CLOCK = Clock.fixed(Dataset.NOW, ZoneOffset.UTC);
    static final Dataset DATA = new Dataset(3_000, 100, 0);

    @Test
    void live_writes_win_over_the_backfill() throws Exception {
        try (TestBackend source = TestBackend.open(Kind.POSTGRES, CLOCK, "live_src");
             TestBackend target = TestBackend.open(Kind.POSTGRES, CLOCK, "live_dst")) {
            DATA.populate(source.backend(), TenantId.DEFAULT, 5);
            ContactStore sourceContacts = source.backend().contacts(TenantId.DEFAULT);
            ContactStore targetContacts = target.backend().contacts(TenantId.DEFAULT);
            CreditStore targetCredits = target.backend().credits(TenantId.DEFAULT);
            CreditStore sourceCredits = source.backend().credits(TenantId.DEFAULT);
            // The application already serves two accounts from the target before the backfill.
            targetCredits.post(Posting.purchase("acct-1", 999).withIdempotencyKey("live-1"));
            targetCredits.post(Posting.purchase("acct-2", 5));

            Map<UUID, Contact> writtenToTarget = new ConcurrentHashMap<>();
            Map<UUID, Boolean> changedInSource = new ConcurrentHashMap<>();
            AtomicBoolean copying = new AtomicBoolean(true);
            AtomicInteger liveWrites = new AtomicInteger();
            ExecutorService application = Executors.newSingleThreadExecutor();
            Future<?> traffic = application.submit(() -> {
                Random random = new Random(42);
                while (copying.get()) {
                    int n = random.nextInt(DATA.contacts());
                    UUID id = Dataset.contact(n, 5).id();
                    if (n % 2 == 0) {
                        sourceContacts.get(id).ifPresent(c -> sourceContacts.update(c.id(), c.version(),
                                c.toDraft().toBuilder().notes("changed in the source " + liveWrites.get()).build()));
                        changedInSource.put(id, true);
                    } else {
                        Optional<Contact> present = targetContacts.get(id);
                        Contact written;
                        if (present.isPresent()) {
                            Contact c = present.get();
                            written = targetContacts.update(c.id(), c.version(),
                                    c.toDraft().toBuilder().notes("updated on the target").build());
                        } else {
                            Contact c = sourceContacts.get(id).orElseThrow();
                            Contact replicated = Contact.of(c.id(),
                                    c.toDraft().toBuilder().notes("replicated to the target").build(),
                                    c.createdAt(), c.updatedAt().plusSeconds(1), c.version() + 5);
                            targetContacts.importContacts(List.of(replicated));
                            written = replicated;
                        }
                        writtenToTarget.put(id, written);
                    }
                    if (n % 10 == 3) {
                        sourceCredits.post(Posting.purchase("acct-" + (50 + n % 20), 1));
                    }
                    liveWrites.incrementAndGet();
                }
                return null;
            });
            MigrationReport report;
            try {
                report = Migration.from(source.backend()).to(target.backend()).batchSize(50).workers(2).run();
            } finally {
                copying.set(false);
                traffic.get(60, TimeUnit.SECONDS);
                application.shutdown();
            }
            assertThat(report.isComplete()).isTrue();
            assertThat(liveWrites.get()).as("application writes during the copy").isGreaterThan(20);
            assertThat(report.totals(RecordKind.CREDIT_ACCOUNTS).skipped()).isGreaterThanOrEqualTo(2);

            // A second copy, as a resume would redo batches: still nothing the application wrote is undone.
            Migration.from(source.backend()).to(target.backend()).batchSize(500).workers(2).run();

            for (Map.Entry<UUID, Contact> live : writtenToTarget.entrySet()) {
                if (changedInSource.containsKey(live.getKey())) {
                    continue;
                }
                assertThat(targetContacts.get(live.getKey())).as("live write to %s", live.getKey())
                        .contains(live.getValue());
            }
            Snapshot sourceNow = Snapshot.of(source.backend(), TenantId.DEFAULT);
            for (Contact contact : sourceNow.contacts()) {
                if (!writtenToTarget.containsKey(contact.id())) {
                    assertThat(targetContacts.get(contact.id())).contains(contact);
                }
            }
            assertThat(targetCredits.account("acct-1").orElseThrow().balance()).isEqualTo(999);
            assertThat(targetCredits.entries("acct-1", 0, 10)).hasSize(1);
            for (Snapshot.Ledger ledger : Snapshot.of(target.backend(), TenantId.DEFAULT).accounts()) {
                assertThat(new AccountHistory(ledger.account(), ledger.entries())).isNotNull();
            }
        }
    }
}
