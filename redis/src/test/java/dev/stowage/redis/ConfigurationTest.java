package dev.stowage.redis;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.StowageConfig;
import dev.stowage.TenantId;
import dev.stowage.contact.ContactDraft;
import dev.stowage.credit.Posting;
import dev.stowage.exception.StoreClosedException;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.spi.BackendOption;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Opening through {@link Stowage#open} and the builder: keys, defaults, failures and close. */
class ConfigurationTest extends RedisTestBase {

    @Override
    protected TestTarget target() {
        return TestTarget.standaloneServer();
    }

    @Test
    void stowage_open_finds_the_redis_backend_and_reads_its_keys() {
        try (Stores stores = Stowage.open(StowageConfig.of(Map.of("stowage.backend", "redis",
                "stowage.redis.uri", target.uri(), "stowage.redis.prefix", prefix,
                "stowage.redis.command-timeout", "3s")), clock)) {
            assertThat(stores.contactsBackend().name()).isEqualTo("redis");
            stores.credits().post(Posting.purchase("acct", 5));
            assertThat(stores.credits().account("acct").orElseThrow().balance()).isEqualTo(5);
            // The account's key is named by the keyed hash of its id, never the id.
            assertThat(raw.keysOfPrefix(prefix))
                    .contains(new Keys(prefix, TenantId.DEFAULT, KeyHasher.forPrefix(prefix)).account("acct"))
                    .noneMatch(key -> key.contains("acct"));
        }
    }

    @Test
    void a_missing_uri_or_an_unknown_key_fails_fast_with_what_to_set() {
        assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backend", "redis")))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("stowage.redis.uri");
        assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backend", "redis", "stowage.redis.uri", target.uri(),
                "stowage.redis.pool-size", "4")))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("stowage.redis.pool-size");
        assertThatThrownBy(() -> RedisStores.builder(target.uri()).prefix("has space"))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("prefix");
        assertThatThrownBy(() -> RedisStores.builder(target.uri()).commandTimeout(Duration.ZERO))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("timeout");
    }

    @Test
    void an_unreachable_server_is_reported_as_unavailable() {
        assertThatThrownBy(() -> RedisStores.builder("redis://127.0.0.1:1").commandTimeout(Duration.ofSeconds(1))
                .buildBackend())
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("127.0.0.1:1")
                .hasMessageContaining("could not connect").hasMessageNotContaining("took effect");
    }

    @Test
    void a_malformed_uri_is_a_configuration_error_that_says_what_to_fix_not_an_outage() {
        assertThatThrownBy(() -> RedisStores.builder("redis://127.0.0.1:notaport").buildBackend())
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("port 'notaport'")
                .hasMessageNotContaining("server is up");
        assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backend", "redis",
                "stowage.redis.uri", "redis://127.0.0.1:notaport")))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("notaport");
        assertThatThrownBy(() -> RedisStores.builder("http://127.0.0.1:6379").buildBackend())
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("not a Redis URI");
        assertThatThrownBy(() -> RedisStores.builder("redis://127.0.0.1:99999").buildBackend())
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("99999");
        assertThatThrownBy(() -> Stowage.open(Map.of("stowage.backend", "redis", "stowage.redis.uri", target.uri(),
                "stowage.redis.cluster", "sometimes")))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("stowage.redis.cluster");
    }

    @Test
    void the_option_table_is_what_the_provider_accepts_and_what_the_readme_documents() throws Exception {
        assertThat(new RedisBackendProvider().configKeys())
                .containsExactlyElementsOf(RedisBackendProvider.OPTIONS.stream().map(BackendOption::key).toList());
        List<String> documented = Files.readAllLines(Path.of("README.md")).stream()
                .filter(line -> line.startsWith("| `stowage.redis.")).toList();
        List<String> expected = RedisBackendProvider.OPTIONS.stream().map(option -> option.documentationRow("redis"))
                .toList();
        assertThat(documented).as("the key table of redis/README.md; expected:%n%s", String.join("\n", expected))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void close_releases_the_client_the_builder_created() {
        long before = lettuceThreads();
        Stores stores = RedisStores.builder(target.uri()).prefix(prefix).clock(clock).build();
        stores.tokens().revokeAccessToken("jti", clock.instant().plusSeconds(60));
        assertThat(lettuceThreads()).isGreaterThan(before);
        stores.close();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (lettuceThreads() > before && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(10));
        }
        assertThat(lettuceThreads()).isEqualTo(before);
    }

    @Test
    void close_leaves_a_callers_client_open() {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(target.uri());
        try {
            RedisStores.builder(client).prefix(prefix).clock(clock).build().close();
            try (var connection = client.connect()) {
                assertThat(connection.sync().ping()).isEqualTo("PONG");
            }
        } finally {
            client.shutdown();
        }
    }

    private static long lettuceThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith("lettuce-")).count();
    }

    @Test
    void stores_refuse_calls_after_close() {
        Stores stores = RedisStores.builder(target.uri()).prefix(prefix).clock(clock).build();
        var contacts = stores.backends().get(0).contacts(dev.stowage.TenantId.of("closing"));
        stores.close();
        assertThatThrownBy(() -> contacts.create(ContactDraft.builder("a@example.com").build()))
                .isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(stores::contacts).isInstanceOf(StoreClosedException.class);
    }
}
