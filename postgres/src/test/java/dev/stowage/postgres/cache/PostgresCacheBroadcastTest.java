package dev.stowage.postgres.cache;

import dev.stowage.TenantId;
import dev.stowage.cache.CacheOptions;
import dev.stowage.cache.CacheStats;
import dev.stowage.cache.Caching;
import dev.stowage.cache.CachingBackend;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.Posting;
import dev.stowage.postgres.PostgresStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.MutableClock;
import dev.stowage.token.Credential;
import dev.stowage.token.CredentialDraft;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.UUID;

import static dev.stowage.postgres.cache.PostgresCacheTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application instances, each with its own cache, over one PostgreSQL schema, talking over
 * a real LISTEN/NOTIFY channel. Instance B's channel logs in as a role of its own, so the test can
 * cut it server-side (pg_terminate_backend) and keep it down (NOLOGIN) while it checks the bypass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PostgresCacheBroadcastTest {

    private final MutableClock clock = MutableClock.standard();
    private final String schema = PostgresCacheTesting.unique("t_cache_broadcast");
    private final String channel = PostgresCacheTesting.unique("stowage_cache_test");
    private final String role = PostgresCacheTesting.unique("stowage_cache_role");
    private final String applicationB = PostgresCacheTesting.unique("stowage-cache-b");
    private CachingBackend a;
    private CachingBackend b;
    private StoreBackend direct;

    @BeforeAll
    void open() {
        PostgresCacheTesting.execute("CREATE ROLE " + role + " LOGIN");
        a = Caching.wrap(backend(), CacheOptions.builder().clock(clock).recordStatistics(true).nodeId("node-a")
                .broadcaster(PostgresInvalidationBroadcaster.builder(PostgresCacheTesting.url()).channel(channel)
                        .applicationName(PostgresCacheTesting.unique("stowage-cache-a")).build())
                .build());
        b = Caching.wrap(backend(), CacheOptions.builder().clock(clock).recordStatistics(true).nodeId("node-b")
                .broadcaster(PostgresInvalidationBroadcaster.builder(urlWithoutUser()).user(role).channel(channel)
                        .applicationName(applicationB).reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200))
                        .build())
                .build());
        direct = backend();
        await(() -> !a.isBypassing() && !b.isBypassing(), "both channels live");
    }

    private StoreBackend backend() {
        return PostgresStores.builder(PostgresCacheTesting.url()).schema(schema).clock(clock).maxPoolSize(3).minIdle(0)
                .buildBackend();
    }

    private static String urlWithoutUser() {
        return PostgresCacheTesting.url().replaceAll("([?&])user=[^&]*&?", "$1").replaceAll("[?&]$", "");
    }

    @AfterAll
    void close() {
        for (AutoCloseable resource : new AutoCloseable[]{a, b, direct}) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        PostgresCacheTesting.dropSchema(schema);
        PostgresCacheTesting.execute("ALTER ROLE " + role + " LOGIN");
        PostgresCacheTesting.terminate(applicationB + "-listener");
        PostgresCacheTesting.terminate(applicationB + "-publisher");
        PostgresCacheTesting.execute("DROP ROLE IF EXISTS " + role);
    }

    private static TenantId freshTenant() {
        return TenantId.of("t-" + UUID.randomUUID().toString().substring(0, 18));
    }

    /**
     * @return messages A sent that B has not applied (messages lost while B's channel was cut stay counted)
     */
    private long backlog() {
        return a.statistics().invalidationsSent() - b.statistics().invalidationsReceived();
    }

    /** Waits until B has applied what A sent since {@code before} was read. */
    private void awaitBroadcast(long before) {
        await(() -> backlog() <= before, "B applying A's invalidations");
    }

    @Test
    void a_write_through_one_instance_is_not_served_stale_by_the_other() {
        TenantId tenant = freshTenant();
        long backlog = backlog();
        Contact ada = a.contacts(tenant).create(ContactDraft.builder("ada@example.com").source("crm", "1").build());
        a.credits(tenant).post(Posting.purchase("user-1", 10));
        awaitBroadcast(backlog);
        assertThat(b.contacts(tenant).get(ada.id())).contains(ada);
        assertThat(b.contacts(tenant).findBySource("crm", "1")).contains(ada);
        assertThat(b.contacts(tenant).findByEmail("ada@example.com")).containsExactly(ada);
        assertThat(b.credits(tenant).account("user-1")).map(CreditAccount::balance).contains(10L);

        Contact updated = a.contacts(tenant).update(ada.id(), ada.version(),
                ada.toDraft().toBuilder().email("augusta@example.com").notes("from A").build());
        a.credits(tenant).post(Posting.deduction("user-1", 4));
        awaitBroadcast(backlog);

        assertThat(b.contacts(tenant).get(ada.id())).contains(updated);
        assertThat(b.contacts(tenant).findBySource("crm", "1")).contains(updated);
        assertThat(b.contacts(tenant).findByEmail("ada@example.com")).isEmpty();
        assertThat(b.contacts(tenant).findByEmail("augusta@example.com")).containsExactly(updated);
        assertThat(b.credits(tenant).account("user-1")).map(CreditAccount::balance).contains(6L);

        assertThat(a.contacts(tenant).delete(ada.id())).isTrue();
        awaitBroadcast(backlog);
        assertThat(b.contacts(tenant).get(ada.id())).isEmpty();
    }

    @Test
    void when_the_channel_is_cut_the_cache_is_flushed_and_bypassed_until_it_is_back() {
        TenantId tenant = freshTenant();
        ContactStore contactsB = b.contacts(tenant);
        long backlog = backlog();
        Contact ada = a.contacts(tenant).create(ContactDraft.builder("ada@example.com").build());
        awaitBroadcast(backlog);
        assertThat(contactsB.get(ada.id())).contains(ada);
        long lossesBefore = b.statistics().channelLosses();

        PostgresCacheTesting.execute("ALTER ROLE " + role + " NOLOGIN");
        assertThat(PostgresCacheTesting.terminate(applicationB + "-listener")).isEqualTo(1);
        await(() -> b.statistics().channelLosses() == lossesBefore + 1 && b.isBypassing(), "B noticing the loss");

        // A's invalidation for this write cannot reach B.
        Contact whileDown = a.contacts(tenant).update(ada.id(), ada.version(),
                ada.toDraft().toBuilder().notes("written while B was deaf").build());
        long bypassedBefore = b.statistics().bypassedReads();
        assertThat(contactsB.get(ada.id())).contains(whileDown);
        assertThat(contactsB.get(ada.id())).contains(whileDown);
        assertThat(b.statistics().bypassedReads()).isEqualTo(bypassedBefore + 2);
        assertThat(b.isBypassing()).as("still down: the role may not log in").isTrue();

        PostgresCacheTesting.execute("ALTER ROLE " + role + " LOGIN");
        await(() -> !b.isBypassing(), "B's channel back");

        assertThat(contactsB.get(ada.id())).contains(whileDown);
        long hits = b.statistics().cache("contacts").map(CacheStats::hits).orElseThrow();
        assertThat(contactsB.get(ada.id())).contains(whileDown);
        assertThat(b.statistics().cache("contacts").map(CacheStats::hits).orElseThrow()).as("caching again")
                .isEqualTo(hits + 1);
    }

    @Test
    void a_cached_credential_expires_on_time_by_the_store_clock() {
        TenantId tenant = freshTenant();
        Credential stored = a.tokens(tenant).putCredential(CredentialDraft.builder("user-1", "google", "secret")
                .expiresAt(clock.instant().plus(Duration.ofMinutes(1))).build());
        assertThat(a.tokens(tenant).credential("user-1", "google")).contains(stored);
        long hits = a.statistics().cache("credentials").map(CacheStats::hits).orElseThrow();

        clock.set(stored.expiresAt().minusNanos(1_000));
        assertThat(a.tokens(tenant).credential("user-1", "google")).contains(stored);
        assertThat(a.statistics().cache("credentials").map(CacheStats::hits).orElseThrow()).isEqualTo(hits + 1);

        clock.set(stored.expiresAt());
        assertThat(a.tokens(tenant).credential("user-1", "google")).isEmpty();
        assertThat(b.tokens(tenant).credential("user-1", "google")).isEmpty();
    }

    @Test
    void measured_hit_and_miss_latency_is_reported() {
        TenantId tenant = freshTenant();
        Contact ada = a.contacts(tenant).create(ContactDraft.builder("ada@example.com").build());
        ContactStore uncached = direct.contacts(tenant);
        ContactStore cached = a.contacts(tenant);
        int misses = 1_000;
        int hits = 200_000;
        for (int i = 0; i < 200; i++) {
            uncached.get(ada.id());
        }
        for (int i = 0; i < 50_000; i++) {
            cached.get(ada.id());
        }
        long hitsBefore = a.statistics().cache("contacts").map(CacheStats::hits).orElseThrow();

        long missStart = System.nanoTime();
        for (int i = 0; i < misses; i++) {
            uncached.get(ada.id());
        }
        long missNanos = (System.nanoTime() - missStart) / misses;
        long hitStart = System.nanoTime();
        for (int i = 0; i < hits; i++) {
            cached.get(ada.id());
        }
        long hitNanos = (System.nanoTime() - hitStart) / hits;

        System.out.printf("[cache latency] PostgreSQL point read: miss (store of record) %,d ns/op, "
                + "hit %,d ns/op, %,.0fx%n", missNanos, hitNanos, (double) missNanos / Math.max(1, hitNanos));
        assertThat(a.statistics().cache("contacts").map(CacheStats::hits).orElseThrow())
                .isEqualTo(hitsBefore + hits);
    }
}
