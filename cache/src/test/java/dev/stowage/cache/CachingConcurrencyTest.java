package dev.stowage.cache;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactStore;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Races a cache must win: many threads missing one key, a write landing while a stale load is in
 * flight, a flush landing while a load is in flight. Loads are held in flight with a latch in the
 * counting wrapper, and the test waits for threads to reach their blocking point (a condition,
 * never a sleep).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CachingConcurrencyTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final MutableClock clock = MutableClock.standard();
    private final StoreBackend memory = InMemoryStores.backend(clock);
    private final CountingBackend store = new CountingBackend(memory);
    private final CachingBackend cached = Caching.wrap(store, CacheOptions.builder().clock(clock).build());
    private final TenantId tenant = TenantId.of("acme");
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void close() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        cached.close();
    }

    private ContactStore contacts() {
        return cached.contacts(tenant);
    }

    /** Holds the first real {@code get} after it read the store, until released. */
    private final class HeldLoad {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean first = new AtomicBoolean(true);

        HeldLoad() {
            store.hook((method, result) -> {
                if (method.equals("get") && first.compareAndSet(true, false)) {
                    reached.countDown();
                    await(release);
                }
            });
        }
    }

    @Test
    void concurrent_misses_on_one_key_cause_one_load() throws Exception {
        Contact ada = contacts().create(ContactDraft.builder("ada@example.com").build());
        HeldLoad held = new HeldLoad();
        int readers = 8;
        List<Thread> waiting = new ArrayList<>();
        List<Future<Optional<Contact>>> results = new ArrayList<>();

        results.add(threads.submit(() -> contacts().get(ada.id())));
        await(held.reached);
        for (int i = 1; i < readers; i++) {
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Thread> thread = new AtomicReference<>();
            results.add(threads.submit(() -> {
                thread.set(Thread.currentThread());
                started.countDown();
                return contacts().get(ada.id());
            }));
            await(started);
            waiting.add(thread.get());
        }
        Threads.await(() -> waiting.stream().allMatch(Threads::isBlocked), PATIENCE, "readers waiting for the load");
        held.release.countDown();

        for (Future<Optional<Contact>> result : results) {
            assertThat(result.get(30, TimeUnit.SECONDS)).contains(ada);
        }
        assertThat(store.calls("get")).isEqualTo(1);
    }

    @Test
    void a_write_during_a_stale_load_is_not_undone_by_it() throws Exception {
        Contact ada = contacts().create(ContactDraft.builder("ada@example.com").build());
        HeldLoad held = new HeldLoad();
        Future<Optional<Contact>> staleRead = threads.submit(() -> contacts().get(ada.id()));
        await(held.reached);

        AtomicReference<Thread> writerThread = new AtomicReference<>();
        Future<Contact> write = threads.submit(() -> {
            writerThread.set(Thread.currentThread());
            return contacts().update(ada.id(), ada.version(), ada.toDraft().toBuilder().notes("new").build());
        });
        // The write has committed and its invalidation waits for the load in flight.
        Threads.await(() -> store.calls("update") == 1 && writerThread.get() != null
                && Threads.isBlocked(writerThread.get()), PATIENCE, "the writer's invalidation");
        held.release.countDown();

        assertThat(staleRead.get(30, TimeUnit.SECONDS)).contains(ada);
        Contact updated = write.get(30, TimeUnit.SECONDS);
        assertThat(contacts().get(ada.id())).contains(updated);
    }

    @Test
    void a_load_in_flight_across_a_flush_is_never_served() throws Exception {
        Contact ada = contacts().create(ContactDraft.builder("ada@example.com").build());
        HeldLoad held = new HeldLoad();
        Future<Optional<Contact>> read = threads.submit(() -> contacts().get(ada.id()));
        await(held.reached);

        Contact fixed = memory.contacts(tenant).update(ada.id(), ada.version(),
                ada.toDraft().toBuilder().notes("fixed by hand").build());
        cached.flush();
        held.release.countDown();

        assertThat(read.get(30, TimeUnit.SECONDS)).as("not even its own loader gets the pre-flush value")
                .contains(fixed);
        assertThat(contacts().get(ada.id())).contains(fixed);
        assertThat(contacts().get(ada.id())).contains(fixed);
        assertThat(store.calls("get")).as("the held load, its reload, then hits").isEqualTo(2);
    }

    @Test
    void concurrent_writers_and_readers_end_on_the_last_write() throws ExecutionException, InterruptedException {
        Contact ada = contacts().create(ContactDraft.builder("ada@example.com").build());
        int writers = 4;
        int updatesEach = 200;
        List<Future<?>> running = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            running.add(threads.submit(() -> {
                for (int i = 0; i < updatesEach; i++) {
                    while (true) {
                        Contact current = contacts().get(ada.id()).orElseThrow();
                        try {
                            contacts().update(current.id(), current.version(),
                                    current.toDraft().toBuilder().notes("w" + writer + "-" + i).build());
                            break;
                        } catch (dev.stowage.exception.ConflictException stale) {
                            // Another writer won; read again (through the cache) and retry.
                        }
                    }
                }
            }));
        }
        for (int r = 0; r < 2; r++) {
            running.add(threads.submit(() -> {
                while (!done.get()) {
                    contacts().get(ada.id());
                    contacts().findByEmail("ada@example.com");
                }
            }));
        }
        for (int w = 0; w < writers; w++) {
            running.get(w).get();
        }
        done.set(true);
        for (Future<?> future : running) {
            future.get();
        }

        Contact truth = memory.contacts(tenant).get(ada.id()).orElseThrow();
        assertThat(truth.version()).isEqualTo(1L + writers * updatesEach);
        assertThat(contacts().get(ada.id())).contains(truth);
        assertThat(contacts().findByEmail("ada@example.com")).containsExactly(truth);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("gave up waiting for a latch");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
