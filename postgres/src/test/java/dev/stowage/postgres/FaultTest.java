package dev.stowage.postgres;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.Posting;
import dev.stowage.exception.InsufficientCreditsException;
import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server-side connection kills ({@code pg_terminate_backend}) in the middle of a workload: every
 * failed call is a {@link StoreUnavailableException}, nothing is half written (each account's
 * balance equals the sum of its ledger, sequences have no gaps), and the store works afterwards.
 */
class FaultTest {

    private static final int THREADS = 4;
    private static final int POSTINGS_PER_THREAD = 150;
    private static final int ACCOUNTS = 3;
    private static final long TIMEOUT_SECONDS = 120;

    private final String schema = TestDatabase.uniqueSchema(FaultTest.class);
    private final String applicationName = "stowage-fault-" + schema;
    private final TenantId tenant = TenantId.of("fault");
    private StoreBackend backend;

    @BeforeEach
    void open() {
        backend = TestDatabase.builder(schema, MutableClock.standard()).applicationName(applicationName)
                .maxPoolSize(THREADS).minIdle(THREADS).buildBackend();
    }

    @AfterEach
    void close() {
        backend.close();
        TestDatabase.dropSchema(schema);
    }

    @Test
    void connections_killed_during_concurrent_postings_never_leave_a_partial_write() throws Exception {
        CreditStore credits = backend.credits(tenant);
        for (int account = 0; account < ACCOUNTS; account++) {
            credits.post(Posting.purchase(accountId(account), 1_000_000));
        }
        AtomicInteger completed = new AtomicInteger();
        int total = THREADS * POSTINGS_PER_THREAD;
        // The killer strikes when a quarter, half and three quarters of the postings are done.
        List<CountDownLatch> milestones = List.of(new CountDownLatch(total / 4), new CountDownLatch(total / 2),
                new CountDownLatch(3 * total / 4));
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < POSTINGS_PER_THREAD; i++) {
                        Posting posting = i % 3 == 0
                                ? Posting.purchase(accountId(i % ACCOUNTS), 7).withIdempotencyKey("t" + thread + "-" + i)
                                : Posting.deduction(accountId(i % ACCOUNTS), 3);
                        try {
                            credits.post(posting);
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                        completed.incrementAndGet();
                        milestones.forEach(CountDownLatch::countDown);
                    }
                }));
            }
            Future<Integer> killer = pool.submit(() -> {
                int killed = 0;
                for (CountDownLatch milestone : milestones) {
                    assertThat(milestone.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
                    killed += terminateConnections();
                }
                return killed;
            });
            for (Future<?> worker : workers) {
                worker.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            assertThat(killer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("backends terminated").isPositive();
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(completed.get()).isEqualTo(total);
        assertThat(failures).allSatisfy(failure -> assertThat(failure)
                .isInstanceOfAny(StoreUnavailableException.class, InsufficientCreditsException.class));
        assertThat(failures).noneMatch(failure -> failure instanceof InsufficientCreditsException);
        for (int account = 0; account < ACCOUNTS; account++) {
            assertLedgerConsistent(credits, accountId(account));
        }
        long before = credits.account(accountId(0)).orElseThrow().balance();
        assertThat(credits.post(Posting.deduction(accountId(0), 1)).balanceAfter()).as("the store works afterwards")
                .isEqualTo(before - 1);
        assertLedgerConsistent(credits, accountId(0));
    }

    @Test
    void reads_recover_transparently_and_writes_fail_typed_when_every_pooled_connection_is_killed() {
        var contacts = backend.contacts(tenant);
        Contact contact = contacts.create(ContactDraft.builder("kill@example.com").build());
        warmUpEveryConnection();

        assertThat(terminateConnections()).isEqualTo(THREADS);
        assertThat(contacts.get(contact.id())).as("a read is retried on a fresh connection").contains(contact);

        assertThat(terminateConnections()).isPositive();
        Optional<Contact> created = Optional.empty();
        try {
            created = Optional.of(contacts.create(ContactDraft.builder("after-kill@example.com").build()));
        } catch (StoreUnavailableException expected) {
            assertThat(expected.isRetryable()).isTrue();
        }
        assertThat(contacts.findByEmail("after-kill@example.com")).hasSize(created.isPresent() ? 1 : 0);
        Contact later = contacts.create(ContactDraft.builder("later@example.com").build());
        assertThat(contacts.get(later.id())).contains(later);
    }

    private void warmUpEveryConnection() {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch allHoldOne = new CountDownLatch(THREADS);
        try {
            List<Future<?>> holders = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                holders.add(pool.submit(() -> ((PostgresBackend) backend).database().dsl().connection(connection -> {
                    allHoldOne.countDown();
                    assertThat(allHoldOne.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
                })));
            }
            for (Future<?> holder : holders) {
                holder.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertLedgerConsistent(CreditStore credits, String accountId) {
        CreditAccount account = credits.account(accountId).orElseThrow();
        List<LedgerEntry> entries = credits.entries(accountId, 0, 10_000);
        assertThat(entries.stream().mapToLong(LedgerEntry::amount).sum()).as("balance of " + accountId)
                .isEqualTo(account.balance());
        for (int i = 0; i < entries.size(); i++) {
            assertThat(entries.get(i).sequence()).isEqualTo(i + 1);
        }
        assertThat(entries.get(entries.size() - 1).balanceAfter()).isEqualTo(account.balance());
    }

    /**
     * @return how many of the pool's connections the server terminated; returns once those
     *     backends are gone (termination is asynchronous)
     */
    private int terminateConnections() {
        // Materialized first, so pg_terminate_backend only ever sees this pool's backends.
        List<Integer> terminated = query("WITH targets AS MATERIALIZED (SELECT pid FROM pg_stat_activity"
                + " WHERE application_name = ? AND pid <> pg_backend_pid())"
                + " SELECT pid FROM targets WHERE pg_terminate_backend(pid)", applicationName);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!query("SELECT pid FROM pg_stat_activity WHERE pid = ANY (?)", terminated.toArray(Integer[]::new))
                .isEmpty()) {
            assertThat(System.nanoTime()).as("terminated backends still listed").isLessThan(deadline);
            Thread.onSpinWait();
        }
        return terminated.size();
    }

    private static List<Integer> query(String sql, Object parameter) {
        try (Connection connection = TestDatabase.connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter instanceof Integer[] pids) {
                statement.setArray(1, connection.createArrayOf("integer", pids));
            } else {
                statement.setObject(1, parameter);
            }
            List<Integer> pids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    pids.add(rows.getInt(1));
                }
            }
            return pids;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static String accountId(int index) {
        return "account-" + index;
    }
}
