package dev.stowage.examples.online;

import dev.stowage.Stores;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.credit.Posting;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The application's live traffic during the walkthrough: writer threads that keep creating and
 * updating contacts and posting credits through the switching stores, counting what was
 * acknowledged and what failed (nothing should). Thread-safe; {@link #close()} stops the writers.
 */
final class Traffic implements AutoCloseable {

    /** A writer rests this long between two operations, so the traffic stays a steady trickle. */
    private static final long PACE_MILLIS = 2;

    private final Stores stores;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong contactsCreated = new AtomicLong();
    private final AtomicReference<RuntimeException> firstFailure = new AtomicReference<>();
    private final List<Thread> writers = new ArrayList<>();
    /** Each operation holds it shared; {@link #holding} holds it exclusively, so no write is in flight. */
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();

    private Traffic(Stores stores) {
        this.stores = stores;
    }

    /**
     * Writes what the old store holds before the migration starts.
     *
     * @param stores   the application's stores
     * @param contacts how many contacts
     */
    static void seed(Stores stores, int contacts) {
        for (int i = 0; i < contacts; i++) {
            stores.contacts().create(ContactDraft.builder("seed-" + i + "@example.com").tags("seed").build());
            if (i % 10 == 0) {
                stores.credits().post(Posting.purchase("seed-" + i, 100));
            }
        }
    }

    /**
     * @param stores  the application's stores
     * @param writers how many writer threads
     * @return the running traffic
     */
    static Traffic start(Stores stores, int writers) {
        Traffic traffic = new Traffic(stores);
        for (int i = 0; i < writers; i++) {
            int writer = i;
            Thread thread = new Thread(() -> traffic.write(writer), "walkthrough-writer-" + i);
            thread.setDaemon(true);
            traffic.writers.add(thread);
            thread.start();
        }
        return traffic;
    }

    private void write(int writer) {
        String account = "writer-" + writer;
        Contact last = null;
        for (long n = 0; running.get(); n++) {
            gate.readLock().lock();
            try {
                if (last != null && n % 3 == 0) {
                    last = stores.contacts().update(last.id(), last.version(),
                            last.toDraft().toBuilder().company("Company " + n).build());
                } else {
                    last = stores.contacts().create(ContactDraft.builder("w" + writer + "-" + n + "@example.com")
                            .firstName("Writer " + writer).tags("live").build());
                    contactsCreated.incrementAndGet();
                }
                acknowledged.incrementAndGet();
                stores.credits().post(n % 4 == 3 ? Posting.deduction(account, 1) : Posting.purchase(account, 2));
                acknowledged.incrementAndGet();
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                firstFailure.compareAndSet(null, e);
            } finally {
                gate.readLock().unlock();
            }
            OnlineMigration.pause(PACE_MILLIS);
        }
    }

    /**
     * Runs a task with the writers held (each finishes its operation in flight first).
     *
     * @param task the task
     * @param <T>  its result
     * @return the task's result
     */
    <T> T holding(Supplier<T> task) {
        gate.writeLock().lock();
        try {
            return task.get();
        } finally {
            gate.writeLock().unlock();
        }
    }

    /** Stops the writers and waits for each to finish its operation in flight. */
    void stop() {
        running.set(false);
        for (Thread writer : writers) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * @return operations acknowledged so far
     */
    long acknowledged() {
        return acknowledged.get();
    }

    /**
     * @return operations that failed so far
     */
    long failures() {
        return failures.get();
    }

    /**
     * @return the first failure, or {@code null}
     */
    RuntimeException firstFailure() {
        return firstFailure.get();
    }

    /**
     * @return contacts created by the writers (acknowledged)
     */
    long contactsCreated() {
        return contactsCreated.get();
    }

    @Override
    public void close() {
        stop();
    }
}
