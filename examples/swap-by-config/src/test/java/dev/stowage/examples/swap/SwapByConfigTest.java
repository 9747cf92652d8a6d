package dev.stowage.examples.swap;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.StowageConfig;
import dev.stowage.TenantId;
import dev.stowage.testkit.TestServers;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the swap-by-config example on memory, PostgreSQL and Redis: the same output but for the backend's name. */
class SwapByConfigTest {

    private final String name = "swap_example_" + UUID.randomUUID().toString().substring(0, 8);

    private static List<String> run(Map<String, String> config) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SwapByConfig.run(StowageConfig.of(config), new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static List<String> expected(String backend) {
        return List.of("backend: " + backend, "contacts tagged navy: 1", "balance of grace: 50");
    }

    @Test
    void inMemory() {
        assertThat(run(Map.of("stowage.backend", "memory"))).isEqualTo(expected("memory"));
    }

    @Test
    void inPostgres() throws Exception {
        try {
            assertThat(run(Map.of("stowage.backend", "postgres", "stowage.postgres.url", TestServers.postgresUrl(),
                    "stowage.postgres.schema", name))).isEqualTo(expected("postgres"));
        } finally {
            try (Connection connection = DriverManager.getConnection(TestServers.postgresUrl());
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            }
        }
    }

    @Test
    void inRedis() {
        Map<String, String> config = Map.of("stowage.backend", "redis", "stowage.redis.uri", TestServers.redisUri(),
                "stowage.redis.prefix", name);
        try {
            assertThat(run(config)).isEqualTo(expected("redis"));
        } finally {
            try (Stores stores = Stowage.open(config)) {
                stores.contactsBackend().eraseTenant(TenantId.DEFAULT);
            }
        }
    }
}
