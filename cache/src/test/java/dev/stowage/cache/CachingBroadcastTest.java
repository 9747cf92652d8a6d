package dev.stowage.cache;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.Posting;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.MutableClock;
import dev.stowage.token.CredentialDraft;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decorator's side of cross-instance invalidation, with two caches over one store and an
 * in-process channel the test can break. The same scenarios run over real Redis and PostgreSQL
 * channels in those modules.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CachingBroadcastTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final MutableClock clock = MutableClock.standard();
    private final StoreBackend memory = InMemoryStores.backend(clock);
    private final CountingBackend store = new CountingBackend(memory);
    private final InProcessBus bus = new InProcessBus();
    private final InProcessBus.Node channelA = bus.node();
    private final InProcessBus.Node channelB = bus.node();
    private final CachingBackend a = instance("node-a", channelA);
    private final CachingBackend b = instance("node-b", channelB);
    private final TenantId tenant = TenantId.of("acme");

    private CachingBackend instance(String nodeId, InProcessBus.Node channel) {
        CacheRuntime runtime = CacheRuntime.start(CacheOptions.builder().clock(clock).nodeId(nodeId)
                .broadcaster(channel).build());
        // Both instances share the one store underneath; neither closes it.
        CachingBackend backend = new CachingBackend(new Unclosable(store), runtime,
                java.util.EnumSet.allOf(CachingBackend.Kind.class));
        Threads.await(() -> !backend.isBypassing(), PATIENCE, nodeId + " caching");
        return backend;
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
        memory.close();
    }

    @Test
    void a_write_on_one_instance_evicts_the_entry_on_the_other() {
        Contact ada = a.contacts(tenant).create(ContactDraft.builder("ada@example.com").source("crm", "1").build());
        assertThat(b.contacts(tenant).get(ada.id())).contains(ada);
        assertThat(b.contacts(tenant).findBySource("crm", "1")).contains(ada);
        b.credits(tenant).account("user-1");
        a.credits(tenant).post(Posting.purchase("user-1", 5));
        awaitDelivered(b, channelA);
        assertThat(b.credits(tenant).account("user-1")).map(CreditAccount::balance).contains(5L);

        Contact updated = a.contacts(tenant).update(ada.id(), ada.version(),
                ada.toDraft().toBuilder().notes("from A").build());
        a.credits(tenant).post(Posting.purchase("user-1", 5));
        awaitDelivered(b, channelA);

        assertThat(b.contacts(tenant).get(ada.id())).contains(updated);
        assertThat(b.contacts(tenant).findBySource("crm", "1")).contains(updated);
        assertThat(b.credits(tenant).account("user-1")).map(CreditAccount::balance).contains(10L);
        assertThat(b.statistics().invalidationsReceived()).isPositive();
        assertThat(a.statistics().invalidationsReceived()).as("its own messages are ignored").isZero();
    }

    @Test
    void a_credential_replaced_on_one_instance_is_not_served_by_the_other() {
        CredentialDraft first = CredentialDraft.builder("user-1", "google", "old").build();
        a.tokens(tenant).putCredential(first);
        assertThat(b.tokens(tenant).credential("user-1", "google")).hasValueSatisfying(
                credential -> assertThat(credential.accessToken()).isEqualTo("old"));

        a.tokens(tenant).putCredential(CredentialDraft.builder("user-1", "google", "new").build());
        awaitDelivered(b, channelA);

        assertThat(b.tokens(tenant).credential("user-1", "google")).hasValueSatisfying(
                credential -> assertThat(credential.accessToken()).isEqualTo("new"));
    }

    @Test
    void while_the_channel_is_down_reads_bypass_the_cache_and_nothing_missed_survives() {
        Contact ada = a.contacts(tenant).create(ContactDraft.builder("ada@example.com").build());
        b.contacts(tenant).get(ada.id());
        int loadsBefore = store.calls("get");

        awaitDelivered(b, channelA);
        channelB.disconnect();
        Contact whileDown = a.contacts(tenant).update(ada.id(), ada.version(),
                ada.toDraft().toBuilder().notes("missed by B").build());

        assertThat(b.isBypassing()).isTrue();
        assertThat(b.contacts(tenant).get(ada.id())).contains(whileDown);
        assertThat(b.contacts(tenant).get(ada.id())).contains(whileDown);
        assertThat(store.calls("get")).as("every read went to the store").isEqualTo(loadsBefore + 2);
        assertThat(b.statistics().bypassedReads()).isEqualTo(2);

        channelB.connect();
        Threads.await(() -> !b.isBypassing(), PATIENCE, "B caching again");
        assertThat(b.contacts(tenant).get(ada.id())).contains(whileDown);
        assertThat(b.contacts(tenant).get(ada.id())).contains(whileDown);
        assertThat(store.calls("get")).as("cached again").isEqualTo(loadsBefore + 3);
        assertThat(b.statistics().flushes()).as("at start, on loss, on recovery").isEqualTo(3);
        assertThat(b.statistics().channelLosses()).isEqualTo(1);
    }

    @Test
    void an_undecodable_message_flushes_everything() {
        Contact ada = a.contacts(tenant).create(ContactDraft.builder("ada@example.com").build());
        awaitDelivered(b, channelA);
        b.contacts(tenant).get(ada.id());
        Contact behindTheBack = memory.contacts(tenant).update(ada.id(), ada.version(),
                ada.toDraft().toBuilder().notes("changed by a newer node").build());

        long flushes = b.statistics().flushes();
        channelB.deliver("stowage-cache/2 node-z acme something-new");
        Threads.await(() -> b.statistics().flushes() == flushes + 1, PATIENCE, "the flush");

        assertThat(b.contacts(tenant).get(ada.id())).contains(behindTheBack);
    }

    @Test
    void a_flush_message_flushes_every_tenant() {
        Contact ada = a.contacts(tenant).create(ContactDraft.builder("ada@example.com").build());
        awaitDelivered(b, channelA);
        b.contacts(tenant).get(ada.id());
        Contact behindTheBack = memory.contacts(tenant).update(ada.id(), ada.version(),
                ada.toDraft().toBuilder().notes("changed").build());

        channelB.deliver("stowage-cache/1 node-z * *");
        Threads.await(() -> b.statistics().invalidationsReceived() == channelA.published.size() + 1, PATIENCE,
                "the flush message");

        assertThat(b.contacts(tenant).get(ada.id())).contains(behindTheBack);
    }

    @Test
    void a_write_whose_broadcast_fails_still_succeeds() {
        Contact ada = a.contacts(tenant).create(ContactDraft.builder("ada@example.com").build());
        channelA.failPublishing = true;

        Contact updated = a.contacts(tenant).update(ada.id(), ada.version(),
                ada.toDraft().toBuilder().notes("published nowhere").build());

        assertThat(updated.version()).isEqualTo(2);
        assertThat(a.contacts(tenant).get(ada.id())).contains(updated);
    }

    @Test
    void an_uncertain_upsert_flushes_every_instance() {
        Contact ada = a.contacts(tenant).upsertBySource(ContactDraft.builder("ada@example.com").source("crm", "1").build());
        awaitDelivered(b, channelA);
        b.contacts(tenant).get(ada.id());
        long flushesBefore = b.statistics().flushes();
        // The store fails after writing, as a timed-out statement that committed would.
        store.hook((method, result) -> {
            if (method.equals("upsertBySource")) {
                throw new dev.stowage.exception.StoreTimeoutException("test: timed out after commit", null);
            }
        });

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.contacts(tenant).upsertBySource(
                        ada.toDraft().toBuilder().notes("maybe written").build()))
                .isInstanceOf(dev.stowage.exception.StoreTimeoutException.class);
        store.hook((method, result) -> { });

        Threads.await(() -> b.statistics().flushes() == flushesBefore + 1, PATIENCE, "B's flush");
        assertThat(b.contacts(tenant).get(ada.id()).orElseThrow().notes()).isEqualTo("maybe written");
    }

    @Test
    void a_write_around_every_cache_shows_after_the_ttl_by_the_store_clock() {
        Contact ada = a.contacts(tenant).create(ContactDraft.builder("ada@example.com").build());
        b.contacts(tenant).get(ada.id());
        Contact behindTheBack = memory.contacts(tenant).update(ada.id(), ada.version(),
                ada.toDraft().toBuilder().notes("around every cache").build());

        clock.advance(CacheOptions.DEFAULT_CONTACTS_TTL);

        assertThat(b.contacts(tenant).get(ada.id())).contains(behindTheBack);
    }

    /** Waits until {@code node} has applied every message published so far by the other node. */
    private void awaitDelivered(CachingBackend node, InProcessBus.Node from) {
        Threads.await(() -> node.statistics().invalidationsReceived() >= from.published.size(), PATIENCE,
                "invalidations applied by " + node.nodeId());
    }

    /** Lets two decorators share one backend in a test without either closing it. */
    private record Unclosable(StoreBackend target) implements StoreBackend {
        @Override
        public String name() {
            return target.name();
        }

        @Override
        public dev.stowage.contact.ContactStore contacts(TenantId tenant) {
            return target.contacts(tenant);
        }

        @Override
        public dev.stowage.credit.CreditStore credits(TenantId tenant) {
            return target.credits(tenant);
        }

        @Override
        public dev.stowage.token.TokenStore tokens(TenantId tenant) {
            return target.tokens(tenant);
        }

        @Override
        public void close() {
            // The test closes the shared backend once, after both decorators.
        }
    }
}
