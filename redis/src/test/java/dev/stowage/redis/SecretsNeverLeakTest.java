package dev.stowage.redis;

import dev.stowage.Stowage;
import dev.stowage.StowageConfig;
import dev.stowage.TenantId;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.exception.StoreException;
import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.redis.cache.RedisInvalidationBroadcaster;
import dev.stowage.spi.StoreBackend;
import dev.stowage.spi.invalidation.InvalidationBroadcaster;
import dev.stowage.testkit.LogCapture;
import dev.stowage.testkit.MutableClock;
import dev.stowage.testkit.SecretLeaks;
import dev.stowage.token.CredentialDraft;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Passwords and token values never appear in a message, a cause (any message of the chain,
 * suppressed ones included) or a log line, on every failure path the backend has: malformed
 * URIs, an unreachable server, several URIs without Cluster, a wrong password and a user without
 * write permission (Redis ACL users the test creates on the shared server and deletes), a write
 * of credentials that server refuses, and the cache channel. Lettuce logs through
 * {@code java.util.logging} here (no SLF4J provider on the test class path); it is captured at
 * DEBUG and above for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsNeverLeakTest {

    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final String WRONG_PASSWORD = "wrong-" + UUID.randomUUID();
    private static final String ACCESS_TOKEN = "access-" + UUID.randomUUID();
    private static final String REFRESH_TOKEN = "refresh-" + UUID.randomUUID();
    private static final List<String> SECRETS = List.of(PASSWORD, WRONG_PASSWORD, ACCESS_TOKEN, REFRESH_TOKEN);

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String writer = "stowage-secrets-writer-" + suffix;
    private final String reader = "stowage-secrets-reader-" + suffix;
    private final String prefix = TestTarget.uniquePrefix(SecretsNeverLeakTest.class);
    private final MutableClock clock = MutableClock.standard();
    private RedisURI shared;
    private RawRedis raw;
    private LogCapture logs;

    @BeforeAll
    void createUsers() {
        logs = LogCapture.start();
        TestTarget target = TestTarget.standaloneServer();
        shared = RedisURI.create(target.uri());
        raw = RawRedis.open(target);
        raw.commands().aclSetuser(writer, AclSetuserArgs.Builder.on().addPassword(PASSWORD)
                .keyPattern("{" + prefix + ":*").allChannels().allCommands());
        raw.commands().aclSetuser(reader, AclSetuserArgs.Builder.on().addPassword(PASSWORD)
                .keyPattern("{" + prefix + ":*").allChannels().addCommand(io.lettuce.core.protocol.CommandType.HELLO)
                .addCategory(io.lettuce.core.AclCategory.CONNECTION).addCategory(io.lettuce.core.AclCategory.READ));
    }

    @AfterAll
    void deleteUsers() {
        try {
            raw.commands().aclDeluser(writer, reader);
            raw.deletePrefix(prefix);
            raw.close();
        } finally {
            logs.close();
        }
        SecretLeaks.assertNoneIn(logs.lines(), SECRETS);
        assertThat(logs.lines()).as("the capture saw Lettuce's logs").anyMatch(line -> line.contains("io.lettuce"));
    }

    @Test
    void malformed_uris_are_configuration_errors_that_do_not_quote_the_password() {
        for (String uri : List.of("redis://:" + PASSWORD + "@127.0.0.1:notaport", "redis://:" + PASSWORD + "@[bad",
                "http://:" + PASSWORD + "@127.0.0.1:6379", "redis://:" + PASSWORD + "@127.0.0.1:99999",
                "redis://:" + PASSWORD + "@", "redis//:" + PASSWORD + "@127.0.0.1")) {
            Throwable failure = catchThrowable(() -> RedisStores.builder(uri).buildBackend());
            assertThat(failure).as(uri).isInstanceOf(StoreConfigurationException.class);
            SecretLeaks.assertNoneIn(failure, SECRETS);
        }
        expectNoSecret(StoreConfigurationException.class, () -> RedisStores.builder("redis://:" + PASSWORD
                + "@127.0.0.1:1,redis://:" + PASSWORD + "@127.0.0.1:2").buildBackend());
    }

    @Test
    void an_unreachable_server_is_unavailable_without_the_password() {
        expectNoSecret(StoreUnavailableException.class, () -> RedisStores.builder("redis://:" + PASSWORD
                + "@127.0.0.1:1").commandTimeout(Duration.ofSeconds(1)).buildBackend());
        expectNoSecret(StoreUnavailableException.class, () -> RedisStores.builder("redis://" + writer + ":" + PASSWORD
                + "@127.0.0.1:1,redis://" + writer + ":" + PASSWORD + "@127.0.0.1:2").cluster(true)
                .commandTimeout(Duration.ofSeconds(1)).buildBackend());
    }

    @Test
    void a_wrong_password_is_a_configuration_error_quoting_neither_password() {
        expectNoSecret(StoreConfigurationException.class, () -> RedisStores.builder(uri(writer, WRONG_PASSWORD))
                .prefix(prefix).buildBackend());
        expectNoSecret(StoreConfigurationException.class, () -> Stowage.open(StowageConfig.of(Map.of(
                "stowage.backend", "redis", "stowage.redis.uri", uri(writer, WRONG_PASSWORD),
                "stowage.redis.prefix", prefix)), clock));
    }

    @Test
    void the_right_password_works_and_stays_out_of_every_message_and_log() {
        try (StoreBackend backend = RedisStores.builder(uri(writer, PASSWORD)).prefix(prefix).clock(clock)
                .buildBackend()) {
            assertThat(backend.tokens(TenantId.of("ok")).isAccessTokenRevoked("jti")).isFalse();
            assertThat(backend.toString()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void a_credential_write_the_server_refuses_never_quotes_the_tokens_or_the_password() {
        try (StoreBackend backend = RedisStores.builder(uri(reader, PASSWORD)).prefix(prefix).clock(clock)
                .buildBackend()) {
            expectNoSecret(StoreConfigurationException.class, () -> backend.tokens(TenantId.of("t")).putCredential(
                    CredentialDraft.builder("ada", "google", ACCESS_TOKEN).refreshToken(REFRESH_TOKEN).build()));
        }
    }

    @Test
    void the_cache_channel_masks_the_uri() {
        expectNoSecret(StoreConfigurationException.class, () -> RedisInvalidationBroadcaster.open(
                "redis://:" + PASSWORD + "@[bad", false, "stowage-secrets"));
        expectNoSecret(StoreConfigurationException.class, () -> RedisInvalidationBroadcaster.open(
                "redis://:" + PASSWORD + "@127.0.0.1:1,redis://:" + PASSWORD + "@127.0.0.1:2", false, "stowage-secrets"));
        InvalidationBroadcaster unreachable = RedisInvalidationBroadcaster.open("redis://:" + PASSWORD + "@127.0.0.1:1",
                false, "stowage-secrets");
        try {
            expectNoSecret(StoreException.class, () -> unreachable.start(new InvalidationBroadcaster.Listener() {
                @Override
                public void onMessage(String message) {
                }

                @Override
                public void onConnected() {
                }

                @Override
                public void onDisconnected(String reason) {
                    assertThat(reason).doesNotContain(PASSWORD);
                }
            }));
        } finally {
            unreachable.close();
        }
    }

    private String uri(String user, String password) {
        return "redis://" + user + ":" + password + "@" + shared.getHost() + ":" + shared.getPort();
    }

    private static void expectNoSecret(Class<? extends StoreException> expected, ThrowingCallable call) {
        SecretLeaks.assertFailsWithout(expected, call, SECRETS);
    }
}
