package dev.stowage.cache;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactStore;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the allocation-free hit path must not change: the contacts cache is keyed by the bare id,
 * so the same id imported into two tenants must still give each tenant its own contact, and the
 * statistics must count each read once; the system clock is sampled for Caffeine, any other clock
 * is read on every call, and every cache shares one sampling thread, which ends with the last of them.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CachingHitPathTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final MutableClock clock = MutableClock.standard();
    private final CountingBackend store = new CountingBackend(InMemoryStores.backend(clock));
    private final CachingBackend cached = Caching.wrap(store, CacheOptions.builder().clock(clock).recordStatistics(true).build());

    @AfterEach
    void close() {
        cached.close();
    }

    @Test
    void the_same_id_in_two_tenants_gives_each_tenant_its_own_contact() {
        UUID id = UUID.randomUUID();
        Instant at = clock.instant();
        ContactStore acme = cached.contacts(TenantId.of("acme"));
        ContactStore globex = cached.contacts(TenantId.of("globex"));
        Contact inAcme = Contact.of(id, ContactDraft.builder("ada@acme.example").firstName("Ada").build(), at, at, 1);
        Contact inGlobex = Contact.of(id, ContactDraft.builder("ada@globex.example").firstName("Augusta").build(), at,
                at, 1);
        acme.importContacts(List.of(inAcme));
        globex.importContacts(List.of(inGlobex));

        for (int round = 0; round < 3; round++) {
            assertThat(acme.get(id)).contains(inAcme);
            assertThat(globex.get(id)).contains(inGlobex);
        }
        Contact renamed = acme.update(id, 1, inAcme.toDraft().toBuilder().firstName("Augusta Ada").build());
        assertThat(acme.get(id)).contains(renamed);
        assertThat(globex.get(id)).contains(inGlobex);

        CacheStats stats = cached.statistics().cache("contacts").orElseThrow();
        assertThat(stats.hits() + stats.misses()).as("every read counted once").isEqualTo(8);
        assertThat(store.calls("get")).as("reads that reached the store").isEqualTo(stats.misses());
    }

    @Test
    void a_second_read_of_a_contact_is_one_hit_after_one_miss() {
        ContactStore contacts = cached.contacts(TenantId.of("acme"));
        Contact ada = contacts.create(ContactDraft.builder("ada@example.com").build());
        UUID absent = UUID.randomUUID();

        assertThat(contacts.get(ada.id())).contains(ada);
        assertThat(contacts.get(ada.id())).contains(ada);
        assertThat(contacts.get(absent)).isEmpty();
        assertThat(contacts.get(absent)).as("absences are not cached by default").isEmpty();

        CacheStats stats = cached.statistics().cache("contacts").orElseThrow();
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(3);
        assertThat(store.calls("get")).isEqualTo(3);
    }

    @Test
    void only_the_system_clock_is_sampled() {
        ClockTicker system = ClockTicker.forClock(Clock.systemUTC());
        ClockTicker zoned = ClockTicker.forClock(Clock.system(ZoneId.of("Europe/Paris")));
        ClockTicker mutable = ClockTicker.forClock(clock);
        try {
            assertThat(system).isInstanceOf(SampledClockTicker.class);
            assertThat(zoned).isInstanceOf(SampledClockTicker.class);
            assertThat(mutable).isNotInstanceOf(SampledClockTicker.class);

            long before = mutable.read();
            clock.advance(Duration.ofSeconds(3));
            assertThat(mutable.read() - before).as("a test clock ages entries at once").isEqualTo(3_000_000_000L);
        } finally {
            system.close();
            zoned.close();
            mutable.close();
        }
    }

    @Test
    void every_sampled_ticker_shares_one_thread_which_ends_with_the_last_close() {
        assertThat(samplingThreads()).as("no cache of an earlier test is open").isZero();
        ClockTicker first = ClockTicker.forClock(Clock.systemUTC());
        ClockTicker second = ClockTicker.forClock(Clock.systemUTC());
        assertThat(samplingThreads()).isEqualTo(1);

        long before = first.read();
        Threads.await(() -> first.read() > before, PATIENCE, "a new sample");
        assertThat(Math.abs(second.read() - first.read())).as("both tickers started within a second")
                .isLessThan(Duration.ofSeconds(1).toNanos());
        Instant expiry = Instant.now().plusSeconds(60);
        assertThat(second.nanosAt(expiry) - second.read()).as("readings and nanosAt share one scale")
                .isBetween(Duration.ofSeconds(59).toNanos(), Duration.ofSeconds(61).toNanos());

        first.close();
        first.close();
        assertThat(samplingThreads()).as("a second close of one ticker does not stop the other's thread").isEqualTo(1);
        long afterClose = second.read();
        Threads.await(() -> second.read() > afterClose, PATIENCE, "a sample after the first close");

        second.close();
        assertThat(samplingThreads()).isZero();

        ClockTicker again = ClockTicker.forClock(Clock.systemUTC());
        try {
            long restarted = again.read();
            Threads.await(() -> again.read() > restarted, PATIENCE, "a sample from a restarted thread");
            assertThat(samplingThreads()).isEqualTo(1);
        } finally {
            again.close();
        }
        assertThat(samplingThreads()).isZero();
    }

    private static long samplingThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().equals(SampledClockTicker.THREAD_NAME)).count();
    }
}
