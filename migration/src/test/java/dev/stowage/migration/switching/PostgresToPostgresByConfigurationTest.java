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

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL to a new PostgreSQL database (here another schema of the same server) with nothing
 * but {@code Stowage.open} and properties: two named postgres instances, contacts and credits
 * moving to the new one under a shared flag (the control record in its own schema), tokens staying
 * on the old one. Two application instances run traffic while the operator's moves the stores
 * through every stage, with a backfill, the gates' verifications and the retire step; the second
 * instance follows the control record.
 */
class PostgresToPostgresByConfigurationTest {

    private final String oldSchema = Configured.space("sw_cfg_old");
    private final String newSchema = Configured.space("sw_cfg_new");
    private final String controlSchema = Configured.space("sw_cfg_ctl");

    @AfterEach
    void dropSchemas() {
        for (String schema : List.of(oldSchema, newSchema, controlSchema)) {
            TestBackend.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private Map<String, String> configuration() {
        Map<String, String> config = new TreeMap<>();
        config.put("stowage.backend", "old");
        config.put("stowage.backends.old.type", "postgres");
        config.put("stowage.backends.old.url", TestServers.postgresUrl());
        config.put("stowage.backends.old.schema", oldSchema);
        config.put("stowage.backends.old.pool.max-size", "4");
        config.put("stowage.backends.old.pool.min-idle", "0");
        config.put("stowage.backends.new.type", "postgres");
        config.put("stowage.backends.new.url", TestServers.postgresUrl());
        config.put("stowage.backends.new.schema", newSchema);
        config.put("stowage.backends.new.pool.max-size", "4");
        config.put("stowage.backends.new.pool.min-idle", "0");
        for (String store : List.of("contacts", "credits")) {
            String prefix = "stowage." + store + ".migration.";
            config.put(prefix + "to", "new");
            config.put(prefix + "flag", "shared");
            config.put(prefix + "name", "pg-to-pg");
            config.put(prefix + "control.url", TestServers.postgresUrl());
            config.put(prefix + "control.schema", controlSchema);
            config.put(prefix + "poll-interval", "50ms");
            config.put(prefix + "lease", "1s");
            config.put(prefix + "shadow.ratio", "0.2");
        }
        return config;
    }

    private Stores plain(String schema) {
        return Stowage.open(Map.of("stowage.backend", "postgres", "stowage.postgres.url", TestServers.postgresUrl(),
                "stowage.postgres.schema", schema, "stowage.postgres.pool.max-size", "2",
                "stowage.postgres.pool.min-idle", "0"));
    }

    @Test
    void contacts_and_credits_move_to_a_new_database_while_tokens_stay() {
        TestBackend.sql("CREATE SCHEMA " + controlSchema);
        Map<String, String> config = configuration();
        Traffic traffic;
        try (Stores operator = Stowage.open(config); Stores second = Stowage.open(config)) {
            assertThat(operator.tokensBackend()).as("tokens stay on the old database")
                    .isNotInstanceOf(SwitchingBackend.class);
            SwitchingBackend followed = Configured.switching(second, StoreKind.CONTACTS);
            List<StageController> controllers = Configured.controllers(operator, StoreKind.CONTACTS, StoreKind.CREDITS);
            traffic = new Traffic("pg2pg", List.of(operator, second), 1);
            try {
                Steps.toRampDown(controllers, () -> {
                    Steps.eventually(() -> followed.stage(StoreKind.CONTACTS) == controllers.get(0).stage(),
                            Duration.ofSeconds(10));
                    Steps.sleep(200);
                });
            } finally {
                traffic.stop();
            }
            Steps.completeAndRetire(controllers);
            Steps.eventually(() -> followed.stage(StoreKind.CONTACTS) == Stage.COMPLETE, Duration.ofSeconds(10));
            assertThat(traffic.failures()).as("callers never see a failure").isEmpty();
            traffic.check(operator);
            traffic.check(second);
        }
        try (Stores old = plain(oldSchema); Stores moved = plain(newSchema)) {
            assertThat(Verification.of(old.contactsBackend(), moved.contactsBackend())
                    .stores(StoreKind.CONTACTS, StoreKind.CREDITS).run().state()).isEqualTo(VerificationState.VALIDATED);
            traffic.check(moved, EnumSet.of(StoreKind.CONTACTS, StoreKind.CREDITS));
            traffic.check(old, EnumSet.of(StoreKind.TOKENS));
            traffic.checkAbsent(moved, StoreKind.TOKENS);
        }
    }
}
