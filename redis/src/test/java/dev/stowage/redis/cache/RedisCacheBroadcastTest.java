package dev.stowage.redis.cache;

import dev.stowage.TenantId;
import dev.stowage.cache.CacheOptions;
import dev.stowage.cache.CacheStats;
import dev.stowage.cache.Caching;
import dev.stowage.cache.CachingBackend;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactStore;
import dev.stowage.redis.RedisStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.MutableClock;
import dev.stowage.testkit.TestServers;
import dev.stowage.token.Credential;
import dev.stowage.token.CredentialDraft;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application instances, each with its own cache, over one Redis store, talking over real
 * Redis pub/sub. Instance B's channel authenticates as an ACL user of its own, so the test can cut
 * it server-side ({@code CLIENT KILL USER}) and keep it down ({@code ACL SETUSER ... off}) while it
 * checks the bypass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RedisCacheBroadcastTest {

    private final MutableClock clock = MutableClock.standard();
    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String prefix = "t-cache-" + suffix;
    private final String channel = "stowage_cache_test_" + suffix;
    private final String user = "stowage-cache-" + suffix;
    private final String password = UUID.randomUUID().toString();
    private RedisClient admin;
    private StatefulRedisConnection<String, String> adminConnection;
    private CachingBackend a;
    private CachingBackend b;

    @BeforeAll
    void open() {
        String uri = TestServers.redisUri();
        admin = RedisClient.create(uri);
        adminConnection = admin.connect();
        redis().aclSetuser(user, io.lettuce.core.AclSetuserArgs.Builder.on().addPassword(password).allKeys()
                .allChannels().allCommands());
        a = Caching.wrap(backend(uri), CacheOptions.builder().clock(clock).recordStatistics(true).nodeId("node-a")
                .broadcaster(RedisInvalidationBroadcaster.open(uri, false, channel)).build());
        b = Caching.wrap(backend(uri), CacheOptions.builder().clock(clock).recordStatistics(true).nodeId("node-b")
                .broadcaster(RedisInvalidationBroadcaster.open(
                        uri.replace("redis://", "redis://" + user + ":" + password + "@"), false, channel))
                .build());
        await(() -> !a.isBypassing() && !b.isBypassing(), "both channels live");
    }

    private StoreBackend backend(String uri) {
        return RedisStores.builder(uri).prefix(prefix).clock(clock).buildBackend();
    }

    private RedisCommands<String, String> redis() {
        return adminConnection.sync();
    }

    @AfterAll
    void close() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        redis().aclDeluser(user);
        RedisCacheTesting.deleteKeys(prefix);
        adminConnection.close();
        admin.shutdown();
    }

    private static TenantId freshTenant() {
        return TenantId.of("t-" + UUID.randomUUID().toString().substring(0, 18));
    }

    /**
     * @return messages A sent that B has not applied (those lost while B's channel was cut stay counted)
     */
    private long backlog() {
        return a.statistics().invalidationsSent() - b.statistics().invalidationsReceived();
    }

    private void awaitBroadcast(long before) {
        await(() -> backlog() <= before, "B applying A's invalidations");
    }

    @Test
    void a_write_through_one_instance_is_not_served_stale_by_the_other() {
        TenantId tenant = freshTenant();
        long backlog = backlog();
        Contact ada = a.contacts(tenant).create(ContactDraft.builder("ada@example.com").source("crm", "1").build());
        Credential old = a.tokens(tenant).putCredential(CredentialDraft.builder("user-1", "google", "old").build());
        awaitBroadcast(backlog);
        assertThat(b.contacts(tenant).get(ada.id())).contains(ada);
        assertThat(b.contacts(tenant).findBySource("crm", "1")).contains(ada);
        assertThat(b.tokens(tenant).credential("user-1", "google")).contains(old);

        Contact updated = a.contacts(tenant).update(ada.id(), ada.version(),
                ada.toDraft().toBuilder().source("crm", "2").build());
        Credential fresh = a.tokens(tenant).putCredential(CredentialDraft.builder("user-1", "google", "new").build());
        awaitBroadcast(backlog);

        assertThat(b.contacts(tenant).get(ada.id())).contains(updated);
        assertThat(b.contacts(tenant).findBySource("crm", "1")).isEmpty();
        assertThat(b.contacts(tenant).findBySource("crm", "2")).contains(updated);
        assertThat(b.tokens(tenant).credential("user-1", "google")).contains(fresh);
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

        redis().aclSetuser(user, io.lettuce.core.AclSetuserArgs.Builder.off());
        assertThat(redis().clientKill(io.lettuce.core.KillArgs.Builder.user(user))).isPositive();
        await(() -> b.statistics().channelLosses() == lossesBefore + 1 && b.isBypassing(), "B noticing the loss");

        // A's invalidation for this write cannot reach B.
        Contact whileDown = a.contacts(tenant).update(ada.id(), ada.version(),
                ada.toDraft().toBuilder().notes("written while B was deaf").build());
        long bypassedBefore = b.statistics().bypassedReads();
        assertThat(contactsB.get(ada.id())).contains(whileDown);
        assertThat(contactsB.get(ada.id())).contains(whileDown);
        assertThat(b.statistics().bypassedReads()).isEqualTo(bypassedBefore + 2);
        assertThat(b.isBypassing()).as("still down: the user is switched off").isTrue();

        redis().aclSetuser(user, io.lettuce.core.AclSetuserArgs.Builder.on());
        await(() -> !b.isBypassing(), "B's channel back");

        assertThat(contactsB.get(ada.id())).contains(whileDown);
        long hits = b.statistics().cache("contacts").map(CacheStats::hits).orElseThrow();
        assertThat(contactsB.get(ada.id())).contains(whileDown);
        assertThat(b.statistics().cache("contacts").map(CacheStats::hits).orElseThrow()).as("caching again")
                .isEqualTo(hits + 1);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            LockSupport.parkNanos(2_000_000);
        }
    }
}
