package dev.stowage.migration.switching;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.TestBackend;
import dev.stowage.migration.verify.Verification;
import dev.stowage.migration.verify.VerificationState;
import dev.stowage.testkit.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis to PostgreSQL with nothing but {@code Stowage.open} and properties: every store moves to a
 * named postgres instance, each with a programmatic flag driven through its controller and a file
 * repair queue, the token secrets encrypted at rest on both sides; traffic runs while the stores go
 * through every stage, with a backfill, the gates' verifications and the retire step. At the end the
 * new database alone holds every acknowledged write exactly once.
 */
class RedisToPostgresByConfigurationTest {

    private final String space = Configured.space("sw_cfg_r2p");

    @TempDir
    Path dir;

    @AfterEach
    void removeData() {
        TestBackend.sql("DROP SCHEMA IF EXISTS " + space + " CASCADE");
        TestBackend.deleteRedisKeys(TestBackend.Kind.REDIS, space);
    }

    private Map<String, String> configuration() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> config = new TreeMap<>();
        config.put("stowage.backend", "redis");
        config.put("stowage.redis.uri", TestServers.redisUri());
        config.put("stowage.redis.prefix", space);
        config.put("stowage.backends.next.type", "postgres");
        config.put("stowage.backends.next.url", TestServers.postgresUrl());
        config.put("stowage.backends.next.schema", space);
        config.put("stowage.backends.next.pool.max-size", "4");
        config.put("stowage.backends.next.pool.min-idle", "0");
        config.put("stowage.tokens.encryption.active-key", "k1");
        config.put("stowage.tokens.encryption.keys.k1", Base64.getEncoder().encodeToString(key));
        for (String store : List.of("contacts", "credits", "tokens")) {
            String prefix = "stowage." + store + ".migration.";
            config.put(prefix + "to", "next");
            config.put(prefix + "flag", "programmatic");
            config.put(prefix + "repair-queue", "file");
            config.put(prefix + "repair-queue.path", dir.resolve(store + "-repairs.jsonl").toString());
            config.put(prefix + "shadow.ratio", "0.5");
            config.put(prefix + "reconcile-interval", "200ms");
        }
        return config;
    }

    @Test
    void every_store_moves_from_redis_to_postgres() {
        Map<String, String> config = configuration();
        Traffic traffic;
        try (Stores stores = Stowage.open(config)) {
            List<StageController> controllers = Configured.controllers(stores, StoreKind.values());
            traffic = new Traffic("r2p", List.of(stores), 2);
            try {
                Steps.toRampDown(controllers, () -> Steps.sleep(200));
            } finally {
                traffic.stop();
            }
            Steps.completeAndRetire(controllers);
            assertThat(traffic.failures()).as("callers never see a failure").isEmpty();
            traffic.check(stores);
        }
        Map<String, String> postgresOnly = new TreeMap<>();
        config.forEach((key, value) -> {
            if (key.startsWith("stowage.tokens.encryption.") || key.startsWith("stowage.backends.next.")) {
                postgresOnly.put(key, value);
            }
        });
        postgresOnly.put("stowage.backend", "next");
        Map<String, String> redisOnly = new TreeMap<>(config);
        redisOnly.keySet().removeIf(key -> key.contains(".migration.") || key.startsWith("stowage.backends."));
        try (Stores moved = Stowage.open(postgresOnly); Stores old = Stowage.open(redisOnly)) {
            traffic.check(moved);
            assertThat(Verification.of(old.contactsBackend(), moved.contactsBackend()).run().state())
                    .isEqualTo(VerificationState.VALIDATED);
        }
    }
}
