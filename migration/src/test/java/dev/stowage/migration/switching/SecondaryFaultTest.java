package dev.stowage.migration.switching;

import dev.stowage.Stores;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.TestBackend;
import dev.stowage.postgres.PostgresStores;
import dev.stowage.redis.RedisStores;
import dev.stowage.testkit.TestServers;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store that is not authoritative loses its connections again and again (server side:
 * {@code pg_terminate_backend} of the new PostgreSQL store's pool during DUAL_WRITE,
 * {@code CLIENT KILL} of the old Redis store's clients during LIVE) under traffic: callers see no
 * failure, the failed replications fill the (file) repair queue, the reconciler drains it, and the
 * end state verifies. Only this test's own connections are killed, on the shared servers.
 */
class SecondaryFaultTest {

    @TempDir
    Path dir;

    @Test
    void callers_are_unaffected_and_the_repair_queue_fills_and_drains() {
        String space = "sw_fault_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String clientName = space + "_redis";
        RepairQueue queue = FileRepairQueue.open(dir.resolve("repairs.jsonl"));
        ProgrammaticStageSource contacts = ProgrammaticStageSource.startingAt(Stage.OFF);
        ProgrammaticStageSource credits = ProgrammaticStageSource.startingAt(Stage.OFF);
        ProgrammaticStageSource tokens = ProgrammaticStageSource.startingAt(Stage.OFF);
        SwitchingBackend backend = SwitchingBackend.builder(
                        RedisStores.builder(TestServers.redisUri() + "?clientName=" + clientName).prefix(space)
                                .clock(Clock.systemUTC()).commandTimeout(Duration.ofSeconds(5)).buildBackend(),
                        PostgresStores.builder(TestServers.postgresUrl()).schema(space).applicationName(space)
                                .maxPoolSize(4).minIdle(0).buildBackend())
                .contacts(contacts).credits(credits).tokens(tokens).repairQueue(queue).shadowRatio(0.1).metrics(false)
                .build();
        RedisClient admin = RedisClient.create(TestServers.redisUri());
        try (StatefulRedisConnection<String, String> redis = admin.connect()) {
            Stores stores = Stores.of(backend).forTenant(Fleet.TENANT);
            Traffic traffic = new Traffic("fault", java.util.List.of(stores), 3);
            try {
                advanceAll(backend);                                  // DUAL_WRITE
                backfill(backend);
                long filledInDualWrite = killUntilQueued(backend, () -> terminatePostgres(space));
                drainAndVerify(backend);
                advanceAll(backend);                                  // SHADOW
                advanceAll(backend);                                  // LIVE: Redis is now the other store
                assertThat(backend.stage(StoreKind.CREDITS)).isEqualTo(Stage.LIVE);
                long filledInLive = killUntilQueued(backend, () -> killRedisClients(redis, clientName));
                drainAndVerify(backend);
                System.out.printf(Locale.ROOT, "secondary faults: %d keys queued in DUAL_WRITE, %d in LIVE, all"
                        + " drained; %d operations%n", filledInDualWrite, filledInLive, traffic.operations());
            } finally {
                traffic.stop();
            }
            drainAndVerify(backend);
            assertThat(traffic.failures()).as("callers never see the other store's failures").isEmpty();
            traffic.check(stores);
            traffic.check(Stores.of(backend.oldBackend()).forTenant(Fleet.TENANT));
        } finally {
            admin.shutdown();
            backend.close();
            TestBackend.sql("DROP SCHEMA IF EXISTS \"" + space + "\" CASCADE");
            TestBackend.deleteRedisKeys(TestBackend.Kind.REDIS, space);
        }
    }

    private static void advanceAll(SwitchingBackend backend) {
        for (StoreKind store : StoreKind.values()) {
            StageController controller = backend.controller(store);
            if (controller.stage() != Stage.OFF) {
                Steps.verifyUntilValidated(controller);
            }
            controller.advance();
        }
    }

    private static void backfill(SwitchingBackend backend) {
        for (StoreKind store : StoreKind.values()) {
            backend.controller(store).backfill();
        }
    }

    /** Kills until replications failed and were queued; returns how many keys were queued at most. */
    private static long killUntilQueued(SwitchingBackend backend, Runnable kill) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long queued = 0;
        int kills = 0;
        while (System.nanoTime() < deadline && (queued == 0 || kills < 5)) {
            kill.run();
            kills++;
            Steps.sleep(40);
            queued = Math.max(queued, depth(backend));
        }
        assertThat(queued).as("failed replications were queued").isPositive();
        return queued;
    }

    private static long depth(SwitchingBackend backend) {
        long depth = 0;
        for (StoreKind store : StoreKind.values()) {
            depth += backend.repairQueue().size(store);
        }
        return depth;
    }

    private static void drainAndVerify(SwitchingBackend backend) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (depth(backend) > 0) {
            backend.reconciler().drainAll();
            assertThat(System.nanoTime()).as("the repair queue drains").isLessThan(deadline);
        }
        for (StoreKind store : StoreKind.values()) {
            Steps.verifyUntilValidated(backend.controller(store));
        }
    }

    private static void terminatePostgres(String applicationName) {
        try (Connection connection = DriverManager.getConnection(TestServers.postgresUrl());
             Statement statement = connection.createStatement();
             ResultSet ignored = statement.executeQuery("WITH targets AS MATERIALIZED (SELECT pid FROM pg_stat_activity"
                     + " WHERE application_name = '" + applicationName + "' AND pid <> pg_backend_pid())"
                     + " SELECT pid FROM targets WHERE pg_terminate_backend(pid)")) {
            // the terminated pids are not needed; the pool notices on its next statement
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void killRedisClients(StatefulRedisConnection<String, String> redis, String clientName) {
        for (String line : redis.sync().clientList().split("\n")) {
            if (line.contains(" name=" + clientName + " ")) {
                String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
                try {
                    redis.sync().clientKill(KillArgs.Builder.id(Long.parseLong(id)));
                } catch (RuntimeException gone) {
                    // the client went away by itself between the listing and the kill
                }
            }
        }
    }
}
