package dev.stowage.cache;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.Posting;
import dev.stowage.exception.InsufficientCreditsException;
import dev.stowage.exception.StoreClosedException;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.MutableClock;
import dev.stowage.token.Credential;
import dev.stowage.token.CredentialDraft;
import dev.stowage.token.TokenStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What the decorator caches, what it never caches, and that every write through it is seen by
 * the next read. The backend underneath is the in-memory reference, wrapped so the test can count
 * the calls that reach it: no call means the cache answered.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CachingDecoratorTest {

    private final MutableClock clock = MutableClock.standard();
    private final StoreBackend memory = InMemoryStores.backend(clock);
    private final CountingBackend store = new CountingBackend(memory);
    private final TenantId tenant = TenantId.of("acme");
    private CachingBackend cached = Caching.wrap(store, CacheOptions.builder().clock(clock).recordStatistics(true).build());

    @AfterEach
    void close() {
        cached.close();
    }

    private void rewrap(CacheOptions.Builder options) {
        cached.runtime().release();
        cached = Caching.wrap(store, options.clock(clock).recordStatistics(true).build());
    }

    private ContactStore contacts() {
        return cached.contacts(tenant);
    }

    private static ContactDraft draft(String email) {
        return ContactDraft.builder(email).firstName("Ada").lastName("Lovelace").build();
    }

    @Nested
    class Contacts {

        @Test
        void a_contact_read_twice_is_loaded_once() {
            Contact ada = contacts().create(draft("ada@example.com"));

            assertThat(contacts().get(ada.id())).contains(ada);
            assertThat(contacts().get(ada.id())).contains(ada);

            assertThat(store.calls("get")).isEqualTo(1);
            CacheStats stats = cached.statistics().cache("contacts").orElseThrow();
            assertThat(stats.hits()).isEqualTo(1);
            assertThat(stats.misses()).isEqualTo(1);
            assertThat(stats.loadSuccesses()).isEqualTo(1);
        }

        @Test
        void an_update_or_delete_through_the_cache_is_seen_by_the_next_read() {
            Contact ada = contacts().create(draft("ada@example.com"));
            contacts().get(ada.id());

            Contact renamed = contacts().update(ada.withDraft(ada.toDraft().toBuilder().firstName("Augusta").build()));
            assertThat(contacts().get(ada.id())).contains(renamed);

            assertThat(contacts().delete(ada.id(), renamed.version())).isTrue();
            assertThat(contacts().get(ada.id())).isEmpty();
        }

        @Test
        void the_source_lookup_follows_updates_of_the_source() {
            Contact ada = contacts().create(draft("ada@example.com").toBuilder().source("crm", "1").build());
            assertThat(contacts().findBySource("crm", "1")).contains(ada);
            assertThat(contacts().findBySource("crm", "1")).contains(ada);
            assertThat(store.calls("findBySource")).isEqualTo(1);

            Contact moved = contacts().update(ada.id(), ada.version(),
                    ada.toDraft().toBuilder().source("crm", "2").build());
            Contact other = contacts().create(draft("bob@example.com").toBuilder().source("crm", "1").build());

            assertThat(contacts().findBySource("crm", "2")).contains(moved);
            assertThat(contacts().findBySource("crm", "1")).contains(other);
        }

        @Test
        void the_source_lookup_notices_a_deleted_contact() {
            Contact ada = contacts().create(draft("ada@example.com").toBuilder().source("crm", "1").build());
            contacts().findBySource("crm", "1");

            contacts().delete(ada.id());

            assertThat(contacts().findBySource("crm", "1")).isEmpty();
        }

        @Test
        void the_email_lookup_is_case_insensitive_and_follows_every_change() {
            Contact ada = contacts().create(draft("Ada@Example.com"));
            assertThat(contacts().findByEmail("ada@example.com")).containsExactly(ada);
            assertThat(contacts().findByEmail("ADA@EXAMPLE.COM")).containsExactly(ada);
            assertThat(store.calls("findByEmail")).as("one entry for every spelling").isEqualTo(1);

            clock.advance(Duration.ofSeconds(1));
            Contact twin = contacts().create(draft("ada@example.com"));
            assertThat(contacts().findByEmail("ada@example.com")).containsExactly(ada, twin);

            Contact moved = contacts().update(ada.id(), ada.version(),
                    ada.toDraft().toBuilder().email("augusta@example.com").build());
            assertThat(contacts().findByEmail("ada@example.com")).containsExactly(twin);
            assertThat(contacts().findByEmail("augusta@example.com")).containsExactly(moved);

            contacts().delete(twin.id());
            assertThat(contacts().findByEmail("ada@example.com")).isEmpty();
        }

        @Test
        void an_upsert_or_an_import_through_the_cache_is_seen_by_every_lookup() {
            Contact first = contacts().upsertBySource(draft("ada@example.com").toBuilder().source("crm", "7").build());
            assertThat(contacts().get(first.id())).contains(first);
            assertThat(contacts().findBySource("crm", "7")).contains(first);
            assertThat(contacts().findByEmail("ada@example.com")).containsExactly(first);

            Contact second = contacts().upsertBySource(first.toDraft().toBuilder().notes("called back").build());
            assertThat(contacts().get(first.id())).contains(second);
            assertThat(contacts().findBySource("crm", "7")).contains(second);
            assertThat(contacts().findByEmail("ada@example.com")).containsExactly(second);

            Contact imported = new Contact(first.id(), "Ada", "King", "countess@example.com", null, null, null, null,
                    null, null, null, null, "crm", "7", second.createdAt(), second.updatedAt().plusSeconds(1), 9);
            contacts().importContacts(List.of(imported));
            assertThat(contacts().get(first.id())).contains(imported);
            assertThat(contacts().findBySource("crm", "7")).contains(imported);
            assertThat(contacts().findByEmail("ada@example.com")).isEmpty();
            assertThat(contacts().findByEmail("countess@example.com")).containsExactly(imported);
        }

        @Test
        void absences_are_not_cached_by_default() {
            UUID unknown = UUID.randomUUID();

            assertThat(contacts().get(unknown)).isEmpty();
            assertThat(contacts().get(unknown)).isEmpty();
            assertThat(contacts().findBySource("crm", "none")).isEmpty();
            assertThat(contacts().findBySource("crm", "none")).isEmpty();

            assertThat(store.calls("get")).isEqualTo(2);
            assertThat(store.calls("findBySource")).isEqualTo(2);
        }

        @Test
        void cached_absences_end_with_the_write_that_fills_them() {
            rewrap(CacheOptions.builder().cacheAbsences(true));
            assertThat(contacts().findBySource("crm", "1")).isEmpty();
            assertThat(contacts().findByEmail("ada@example.com")).isEmpty();
            assertThat(contacts().findBySource("crm", "1")).isEmpty();
            assertThat(contacts().findByEmail("ada@example.com")).isEmpty();
            assertThat(store.calls("findBySource")).isEqualTo(1);
            assertThat(store.calls("findByEmail")).isEqualTo(1);

            Contact ada = contacts().create(draft("ada@example.com").toBuilder().source("crm", "1").build());

            assertThat(contacts().findBySource("crm", "1")).contains(ada);
            assertThat(contacts().findByEmail("ada@example.com")).containsExactly(ada);
            UUID later = UUID.randomUUID();
            assertThat(contacts().get(later)).isEmpty();
            Contact imported = new Contact(later, null, null, "x@example.com", null, null, null, null, null, null,
                    null, null, null, null, ada.createdAt(), ada.createdAt(), 1);
            contacts().importContacts(List.of(imported));
            assertThat(contacts().get(later)).contains(imported);
        }

        @Test
        void searches_counts_scans_and_bulk_reads_always_ask_the_store() {
            Contact ada = contacts().create(draft("ada@example.com"));

            contacts().getAll(List.of(ada.id()));
            contacts().getAll(List.of(ada.id()));
            contacts().scan(null, 10);
            contacts().scan(null, 10);

            assertThat(store.calls("getAll")).isEqualTo(2);
            assertThat(store.calls("scan")).isEqualTo(2);
        }

        @Test
        void tenants_share_the_cache_but_never_each_others_entries() {
            ContactStore acme = cached.contacts(TenantId.of("acme"));
            ContactStore globex = cached.contacts(TenantId.of("globex"));
            Contact acmeAda = acme.create(draft("ada@example.com").toBuilder().source("crm", "1").build());
            Contact globexAda = globex.create(draft("ada@example.com").toBuilder().source("crm", "1").build());

            for (int i = 0; i < 2; i++) {
                assertThat(acme.findBySource("crm", "1")).contains(acmeAda);
                assertThat(globex.findBySource("crm", "1")).contains(globexAda);
                assertThat(acme.findByEmail("ada@example.com")).containsExactly(acmeAda);
                assertThat(globex.findByEmail("ada@example.com")).containsExactly(globexAda);
                assertThat(globex.get(acmeAda.id())).isEmpty();
            }
        }

        @Test
        void a_write_around_the_cache_shows_after_the_ttl_by_the_store_clock() {
            rewrap(CacheOptions.builder().contactsTtl(Duration.ofMinutes(10)));
            Contact ada = contacts().create(draft("ada@example.com"));
            contacts().get(ada.id());
            Contact behindTheBack = memory.contacts(tenant).update(ada.id(), ada.version(),
                    ada.toDraft().toBuilder().notes("changed directly").build());

            clock.advance(Duration.ofMinutes(10).minusNanos(1));
            assertThat(contacts().get(ada.id())).as("within the TTL").contains(ada);

            clock.advance(Duration.ofNanos(1));
            assertThat(contacts().get(ada.id())).as("at the TTL").contains(behindTheBack);
        }

        @Test
        void flush_drops_every_entry_after_a_write_around_the_cache() {
            Contact ada = contacts().create(draft("ada@example.com"));
            contacts().get(ada.id());
            Contact behindTheBack = memory.contacts(tenant).update(ada.id(), ada.version(),
                    ada.toDraft().toBuilder().notes("fixed by hand").build());

            cached.flush();

            assertThat(contacts().get(ada.id())).contains(behindTheBack);
            assertThat(cached.statistics().flushes()).isEqualTo(1);
        }

        @Test
        void a_zero_ttl_turns_contact_caching_off() {
            rewrap(CacheOptions.builder().contactsTtl(Duration.ZERO));
            Contact ada = contacts().create(draft("ada@example.com"));

            contacts().get(ada.id());
            contacts().get(ada.id());

            assertThat(store.calls("get")).isEqualTo(2);
            assertThat(cached.statistics().cache("contacts")).isEmpty();
        }
    }

    @Nested
    class Credits {

        private CreditStore credits() {
            return cached.credits(tenant);
        }

        @Test
        void an_account_is_cached_and_every_posting_through_the_cache_evicts_it() {
            credits().post(Posting.purchase("user-1", 100));
            assertThat(credits().account("user-1")).map(CreditAccount::balance).contains(100L);
            assertThat(credits().account("user-1")).map(CreditAccount::balance).contains(100L);
            assertThat(store.calls("account")).isEqualTo(1);

            credits().post(Posting.deduction("user-1", 30));
            assertThat(credits().account("user-1")).map(CreditAccount::balance).contains(70L);

            assertThatThrownBy(() -> credits().post(Posting.deduction("user-1", 71)))
                    .isInstanceOf(InsufficientCreditsException.class);
            assertThat(credits().account("user-1")).map(CreditAccount::balance).contains(70L);
        }

        @Test
        void postings_and_idempotency_checks_always_go_to_the_store() {
            Posting posting = Posting.purchase("user-1", 10).withIdempotencyKey("order-1");

            credits().post(posting);
            credits().post(posting);
            credits().post(posting);

            assertThat(store.calls("post")).isEqualTo(3);
            assertThat(credits().account("user-1")).map(CreditAccount::balance).contains(10L);
        }

        @Test
        void history_is_never_cached() {
            credits().post(Posting.purchase("user-1", 10));

            credits().history("user-1", 10, null);
            credits().history("user-1", 10, null);

            assertThat(store.calls("history")).isEqualTo(2);
        }
    }

    @Nested
    class Tokens {

        private TokenStore tokens() {
            return cached.tokens(tenant);
        }

        private CredentialDraft gmail(Instant expiresAt, String accessToken) {
            return CredentialDraft.builder("user-1", "google", accessToken).expiresAt(expiresAt).build();
        }

        @Test
        void a_credential_is_cached_and_replaced_or_deleted_through_the_cache() {
            Credential first = tokens().putCredential(gmail(clock.instant().plus(Duration.ofHours(1)), "a1"));
            assertThat(tokens().credential("user-1", "google")).contains(first);
            assertThat(tokens().credential("user-1", "google")).contains(first);
            assertThat(store.calls("credential")).isEqualTo(1);

            Credential second = tokens().putCredential(gmail(clock.instant().plus(Duration.ofHours(1)), "a2"));
            assertThat(tokens().credential("user-1", "google")).contains(second);

            assertThat(tokens().deleteCredential("user-1", "google")).isTrue();
            assertThat(tokens().credential("user-1", "google")).isEmpty();
        }

        @Test
        void a_cached_credential_is_served_until_its_expiry_and_never_at_it() {
            rewrap(CacheOptions.builder().tokensTtl(Duration.ofHours(1)));
            Instant expiresAt = clock.instant().plus(Duration.ofSeconds(10));
            Credential credential = tokens().putCredential(gmail(expiresAt, "a1"));
            assertThat(tokens().credential("user-1", "google")).contains(credential);

            clock.set(credential.expiresAt().minusNanos(1_000));
            assertThat(tokens().credential("user-1", "google")).contains(credential);
            assertThat(store.calls("credential")).as("served from the cache").isEqualTo(1);

            clock.set(credential.expiresAt());
            assertThat(tokens().credential("user-1", "google")).isEmpty();
            clock.advance(Duration.ofDays(1));
            assertThat(tokens().credential("user-1", "google")).isEmpty();
            assertThat(cached.statistics().cache("credentials").orElseThrow().size()).isZero();
        }

        @Test
        void refresh_tokens_and_the_denylist_always_go_to_the_store() {
            tokens().revokeAccessToken("jti-1", clock.instant().plus(Duration.ofMinutes(5)));
            assertThat(tokens().isAccessTokenRevoked("jti-1")).isTrue();
            assertThat(tokens().isAccessTokenRevoked("jti-1")).isTrue();
            String value = tokens().issueRefreshToken("user-1", Duration.ofDays(1)).token();
            tokens().findRefreshToken(value);
            tokens().findRefreshToken(value);

            assertThat(store.calls("isAccessTokenRevoked")).isEqualTo(2);
            assertThat(store.calls("findRefreshToken")).isEqualTo(2);
        }
    }

    @Nested
    class Life_cycle {

        @Test
        void after_close_every_call_fails_even_one_the_cache_could_answer() {
            Contact ada = contacts().create(draft("ada@example.com"));
            ContactStore before = contacts();
            before.get(ada.id());

            cached.close();
            cached.close();

            assertThatThrownBy(() -> before.get(ada.id())).isInstanceOf(StoreClosedException.class);
            assertThatThrownBy(() -> cached.contacts(tenant)).isInstanceOf(StoreClosedException.class);
            assertThatThrownBy(() -> memory.contacts(tenant)).as("the wrapped backend is closed too")
                    .isInstanceOf(StoreClosedException.class);
        }

        @Test
        void stores_can_be_wrapped_and_their_tenant_views_are_cached_too() {
            try (var stores = Caching.wrap(InMemoryStores.create(clock), CacheOptions.builder().clock(clock).recordStatistics(true).build())) {
                var acme = stores.forTenant(TenantId.of("acme"));
                Contact ada = acme.contacts().create(draft("ada@example.com"));
                acme.contacts().get(ada.id());
                acme.contacts().get(ada.id());

                assertThat(Caching.statistics(stores).orElseThrow().cache("contacts").orElseThrow().hits()).isEqualTo(1);
                assertThat(stores.contacts().get(ada.id())).as("the default tenant cannot see it").isEmpty();
                assertThatThrownBy(() -> Caching.wrap(stores, CacheOptions.defaults()))
                        .hasMessageContaining("already cached");
            }
        }

        @Test
        void the_size_is_bounded() {
            rewrap(CacheOptions.builder().maximumSize(5));
            for (int i = 0; i < 50; i++) {
                Contact contact = contacts().create(draft("p" + i + "@example.com"));
                contacts().get(contact.id());
            }

            CacheStats stats = cached.statistics().cache("contacts").orElseThrow();
            assertThat(stats.size()).isLessThanOrEqualTo(5);
            assertThat(stats.evictions()).isGreaterThanOrEqualTo(45);
        }

        @Test
        void statistics_count_hits_misses_failed_loads_and_load_time() {
            Contact ada = contacts().create(draft("ada@example.com"));
            contacts().get(ada.id());
            contacts().get(ada.id());
            contacts().get(ada.id());
            contacts().get(UUID.randomUUID());

            CacheStats stats = cached.statistics().cache("contacts").orElseThrow();
            assertThat(stats.hits()).isEqualTo(2);
            assertThat(stats.misses()).isEqualTo(2);
            assertThat(stats.loadSuccesses()).isEqualTo(1);
            assertThat(stats.loadFailures()).as("the absent contact, not cached").isEqualTo(1);
            assertThat(stats.totalLoadTime()).isPositive();
            assertThat(stats.hitRate()).isEqualTo(0.5);
            assertThat(cached.statistics().total().hits()).isEqualTo(2);
        }
    }

    @Test
    void a_read_answers_like_the_store_for_arguments_the_store_rejects() {
        List<Function<StoreBackend, Object>> calls = List.of(
                backend -> backend.contacts(tenant).findByEmail(""),
                backend -> backend.contacts(tenant).findByEmail(null),
                backend -> backend.contacts(tenant).findBySource("has space", "1"),
                backend -> backend.contacts(tenant).findBySource(null, "1"),
                backend -> backend.contacts(tenant).get(null),
                backend -> backend.credits(tenant).account(""),
                backend -> backend.tokens(tenant).credential("user 1", "google"));
        for (Function<StoreBackend, Object> call : calls) {
            Throwable direct = catchThrowable(() -> call.apply(memory));
            assertThat(direct).isNotNull();
            assertThatThrownBy(() -> call.apply(cached)).isInstanceOf(direct.getClass()).hasMessage(direct.getMessage());
        }
    }
}
