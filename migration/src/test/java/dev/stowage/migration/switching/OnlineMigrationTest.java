package dev.stowage.migration.switching;

import dev.stowage.migration.StoreKind;
import dev.stowage.migration.TestBackend;
import dev.stowage.migration.verify.Verification;
import dev.stowage.migration.verify.VerificationState;
import dev.stowage.postgres.PostgresStores;
import dev.stowage.redis.RedisStores;
import dev.stowage.Stores;
import dev.stowage.testkit.TestServers;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole online migration, Redis to PostgreSQL, with two application instances (each its own
 * connections, pollers and switching backend) running mixed traffic while the operator moves
 * every store OFF to COMPLETE through the gates, with a backfill in DUAL_WRITE. At the end the
 * verification is VALIDATED, the old store is retired, and every acknowledged write is in the new
 * store exactly once. Prints the longest write pause an instance saw at a stage change.
 */
class OnlineMigrationTest {

    @Test
    void two_instances_move_every_store_from_redis_to_postgres_under_traffic() {
        String space = "sw_online_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Fleet fleet = new Fleet("online", 2,
                i -> RedisStores.builder(TestServers.redisUri()).prefix(space).clock(Clock.systemUTC())
                        .commandTimeout(Duration.ofSeconds(10)).buildBackend(),
                i -> PostgresStores.builder(TestServers.postgresUrl()).schema(space).maxPoolSize(4).minIdle(0)
                        .buildBackend())) {
            Traffic traffic = new Traffic("online", fleet.stores(), 2);
            try {
                Steps.advanceAll(fleet);                       // OFF -> DUAL_WRITE
                Steps.sleep(300);
                Steps.backfillAll(fleet);
                Steps.advanceAll(fleet);                       // -> SHADOW
                Steps.sleep(300);
                Steps.advanceAll(fleet);                       // -> LIVE (the fenced authority flip)
                Steps.sleep(300);
                Steps.advanceAll(fleet);                       // -> RAMP_DOWN
                Steps.sleep(300);
            } finally {
                traffic.stop();
            }
            for (StoreKind store : StoreKind.values()) {
                Steps.verifyUntilValidated(fleet.controller(store));
                fleet.controller(store).advance();             // -> COMPLETE
                assertThat(fleet.controller(store).stage()).isEqualTo(Stage.COMPLETE);
                Steps.verifyUntilValidated(fleet.controller(store));
                fleet.controller(store).retire();
            }
            SwitchingBackend operator = fleet.operator();
            assertThat(Verification.of(operator.oldBackend(), operator.newBackend()).run().state())
                    .isEqualTo(VerificationState.VALIDATED);
            assertThat(traffic.failures()).as("callers never see a failure").isEmpty();
            traffic.check(Stores.of(operator.newBackend()).forTenant(Fleet.TENANT));
            for (Stores instance : fleet.stores()) {
                traffic.check(instance);
            }
            System.out.printf(Locale.ROOT, "online migration: %d acknowledged operations, mean %.0f us, longest write"
                    + " pause at a stage change %d ms%n", traffic.operations(), traffic.meanMicros(),
                    fleet.longestPause().toMillis());
        } finally {
            TestBackend.sql("DROP SCHEMA IF EXISTS \"" + space + "\" CASCADE");
            TestBackend.deleteRedisKeys(TestBackend.Kind.REDIS, space);
        }
    }
}
