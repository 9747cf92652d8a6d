package dev.stowage.redis;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.Posting;
import dev.stowage.exception.ConflictException;
import dev.stowage.exception.StoreException;
import dev.stowage.spi.StoreBackend;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills the store's connections on the server ({@code CLIENT KILL ID}) again and again while
 * four threads post credits and update contacts. Every failure must be a retryable Stowage
 * exception; retried postings with an idempotency key must land exactly once; postings without
 * one either landed or not (never twice, even when Lettuce re-sends a command that was in flight);
 * no write may be half-applied (the keyspace audit finds every index and ledger consistent); and
 * the store must work again afterwards. Runs with a client the builder creates (commands fail
 * fast while disconnected) and with a caller's client on Lettuce's defaults (commands in flight
 * are re-sent after reconnecting).
 */
class ConnectionKillTest extends RedisTestBase {

    private static final int THREADS = 4;
    private static final int OPERATIONS = 150;
    private static final int OPERATIONS_PER_KILL = 25;

    @Override
    protected TestTarget target() {
        return TestTarget.standaloneServer();
    }

    @Test
    void a_builder_made_client_gives_typed_errors_and_never_half_applies_a_write() throws Exception {
        String name = "stowage-kill-" + UUID.randomUUID().toString().substring(0, 8);
        StoreBackend killed = RedisStores.builder(withClientName(target.uri(), name)).prefix(prefix).clock(clock)
                .commandTimeout(Duration.ofSeconds(5)).buildBackend();
        try {
            runWorkload(killed, name, TenantId.of("kill-own"));
        } finally {
            killed.close();
        }
    }

    @Test
    void a_callers_client_with_lettuce_defaults_replays_without_applying_twice() throws Exception {
        String name = "stowage-kill-" + UUID.randomUUID().toString().substring(0, 8);
        RedisClient client = RedisClient.create(RedisURI.create(withClientName(target.uri(), name)));
        try {
            StoreBackend killed = RedisStores.builder(client).prefix(prefix).clock(clock)
                    .commandTimeout(Duration.ofSeconds(5)).buildBackend();
            try {
                runWorkload(killed, name, TenantId.of("kill-theirs"));
            } finally {
                killed.close();
            }
        } finally {
            client.shutdown();
        }
    }

    private void runWorkload(StoreBackend killed, String clientName, TenantId tenant) throws Exception {
        CreditStore credits = killed.credits(tenant);
        ContactStore contacts = killed.contacts(tenant);
        List<UUID> contactIds = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            credits.post(Posting.purchase("keyed-" + t, OPERATIONS).withIdempotencyKey("seed"));
            contactIds.add(contacts.create(ContactDraft.builder("worker" + t + "@example.com")
                    .tags("t" + t).source("kill", "w" + t).build()).id());
        }
        Semaphore killRequests = new Semaphore(0);
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger kills = new AtomicInteger();
        int[] looseSucceeded = new int[THREADS];
        int[] looseFailed = new int[THREADS];
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try {
            Future<?> killer = pool.submit(() -> {
                while (!done.get()) {
                    killRequests.acquireUninterruptibly();
                    if (!done.get()) {
                        killConnections(clientName);
                        kills.incrementAndGet();
                    }
                }
                return null;
            });
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < OPERATIONS; i++) {
                        Posting keyed = Posting.deduction("keyed-" + thread, 1).withIdempotencyKey("op-" + i);
                        retryUntilDone(() -> credits.post(keyed));
                        try {
                            credits.post(Posting.purchase("loose-" + thread, 1));
                            looseSucceeded[thread]++;
                        } catch (StoreException e) {
                            assertThat(e.isRetryable()).as("a connection loss must be retryable: %s", e).isTrue();
                            looseFailed[thread]++;
                        }
                        if (i % 5 == 0) {
                            UUID id = contactIds.get(thread);
                            retryUntilDone(() -> {
                                Contact current = contacts.get(id).orElseThrow();
                                try {
                                    return contacts.update(current.id(), current.version(),
                                            current.toDraft().toBuilder().notes("step " + System.nanoTime()).build());
                                } catch (ConflictException lostToOwnRetry) {
                                    return current;
                                }
                            });
                        }
                        if (completed.incrementAndGet() % OPERATIONS_PER_KILL == 0) {
                            killRequests.release();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(5, TimeUnit.MINUTES);
            }
            done.set(true);
            killRequests.release();
            killer.get(1, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }

        assertThat(kills.get()).isGreaterThan(10);
        // The last kill may still be reconnecting: the store recovers without being reopened.
        retryUntilDone(() -> credits.account("keyed-0"));
        for (int t = 0; t < THREADS; t++) {
            assertThat(credits.account("keyed-" + t).orElseThrow().balance()).isZero();
            assertThat(credits.entries("keyed-" + t, 0, 10_000)).hasSize(1 + OPERATIONS);
            long loose = credits.account("loose-" + t).map(account -> account.balance()).orElse(0L);
            assertThat(loose).isBetween((long) looseSucceeded[t], (long) looseSucceeded[t] + looseFailed[t]);
            assertThat(credits.entries("loose-" + t, 0, 10_000)).hasSize((int) loose);
        }
        assertThat(KeyspaceAudit.check(raw, prefix)).isEmpty();
        assertThat(contacts.findBySource("kill", "w0")).isPresent();
    }

    /**
     * Repeats an idempotent call after retryable failures, as a caller would, pausing a
     * millisecond between attempts while the client reconnects; any other failure fails the test.
     */
    private static <T> T retryUntilDone(java.util.function.Supplier<T> call) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            try {
                return call.get();
            } catch (StoreException e) {
                assertThat(e.isRetryable()).as("a connection loss must be retryable: %s", e).isTrue();
                assertThat(System.nanoTime()).as("the store recovers within a minute").isLessThan(deadline);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    private void killConnections(String clientName) {
        for (String line : raw.commands().clientList().split("\n")) {
            if (line.contains(" name=" + clientName + " ")) {
                String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
                raw.commands().clientKill(KillArgs.Builder.id(Long.parseLong(id)));
            }
        }
    }

    private static String withClientName(String uri, String name) {
        return uri + (uri.contains("?") ? "&" : "?") + "clientName=" + name;
    }
}
