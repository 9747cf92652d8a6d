package dev.stowage.migration.switching;

import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.providers.memory.Flag;
import dev.openfeature.sdk.providers.memory.InMemoryProvider;
import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.TestBackend;
import dev.stowage.testkit.TestServers;
import org.junit.jupiter.api.Test;
import com.zaxxer.hikari.HikariDataSource;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stage sources: static, programmatic (fenced), shared (the fenced change every instance follows), OpenFeature. */
class StageSourcesTest {

    @Test
    void a_static_source_never_changes_and_parses_nothing() {
        assertThat(StageSource.fixed(Stage.SHADOW).stage()).isEqualTo(Stage.SHADOW);
        assertThat(StageSource.fixed(Stage.LIVE).beginWrite().stage()).isEqualTo(Stage.LIVE);
        assertThatThrownBy(() -> StageSource.fixed(null)).isInstanceOf(ValidationException.class);
        assertThat(Stage.parse("ramp-down")).isEqualTo(Stage.RAMP_DOWN);
        assertThat(Stage.parse("sideways")).isNull();
    }

    @Test
    void a_programmatic_change_waits_for_the_writes_in_flight() throws Exception {
        ProgrammaticStageSource source = ProgrammaticStageSource.startingAt(Stage.SHADOW);
        WritePermit inFlight = source.beginWrite();
        CompletableFuture<Void> change = CompletableFuture.runAsync(() -> source.set(Stage.LIVE));
        Steps.sleep(100);
        assertThat(change).as("the flip waits for the write in flight").isNotDone();
        assertThat(source.stage()).isEqualTo(Stage.SHADOW);
        inFlight.close();
        change.get(10, TimeUnit.SECONDS);
        assertThat(source.stage()).isEqualTo(Stage.LIVE);
        try (WritePermit after = source.beginWrite()) {
            assertThat(after.stage()).isEqualTo(Stage.LIVE);
        }
        assertThat(source.longestPause()).isPositive();
    }

    @Test
    void a_programmatic_change_that_cannot_drain_within_the_bound_keeps_the_stage() {
        ProgrammaticStageSource source = ProgrammaticStageSource.startingAt(Stage.SHADOW, Duration.ofMillis(100));
        try (WritePermit stuck = source.beginWrite()) {
            assertThatThrownBy(() -> source.set(Stage.LIVE)).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("stays SHADOW");
            assertThat(stuck.stage()).isEqualTo(Stage.SHADOW);
        }
        assertThat(source.stage()).isEqualTo(Stage.SHADOW);
    }

    @Test
    void two_instances_of_a_shared_source_never_write_under_different_authorities() throws Exception {
        withTwoSharedSources((first, second) -> {
            first.set(Stage.DUAL_WRITE);
            first.set(Stage.SHADOW);
            Steps.eventually(() -> second.stage() == Stage.SHADOW, Duration.ofSeconds(10));
            WritePermit inFlight = second.beginWrite();
            CountDownLatch flipping = new CountDownLatch(1);
            CompletableFuture<Void> flip = CompletableFuture.runAsync(() -> {
                flipping.countDown();
                first.set(Stage.LIVE);
            });
            flipping.await();
            Steps.sleep(300);
            assertThat(flip).as("the flip waits for the other instance's write in flight").isNotDone();
            assertThat(first.stage()).isEqualTo(Stage.SHADOW);
            inFlight.close();
            flip.get(10, TimeUnit.SECONDS);
            Steps.eventually(() -> second.stage() == Stage.LIVE, Duration.ofSeconds(10));
            try (WritePermit after = second.beginWrite()) {
                assertThat(after.stage()).isEqualTo(Stage.LIVE);
            }
            System.out.printf(Locale.ROOT, "shared flip SHADOW -> LIVE: change took %d ms (held by a write for 300 ms),"
                    + " longest write pause %d ms%n", first.lastChangeDuration().toMillis(),
                    Math.max(first.longestPause().toMillis(), second.longestPause().toMillis()));
            first.set(Stage.RAMP_DOWN);
            System.out.printf(Locale.ROOT, "shared change LIVE -> RAMP_DOWN without writes in flight: %d ms%n",
                    first.lastChangeDuration().toMillis());
            try (WritePermit stuck = second.beginWrite()) {
                assertThat(stuck.stage()).isEqualTo(Stage.RAMP_DOWN);
                assertThatThrownBy(() -> first.set(Stage.COMPLETE)).isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("stays RAMP_DOWN");
            }
            Steps.eventually(() -> {
                try (WritePermit resumed = second.beginWrite()) {
                    return resumed.stage() == Stage.RAMP_DOWN;
                }
            }, Duration.ofSeconds(10));
            assertThat(second.stage()).isEqualTo(Stage.RAMP_DOWN);
        });
    }

    @Test
    void a_shared_change_runs_its_paused_step_while_no_instance_writes_and_a_failing_step_keeps_the_stage()
            throws Exception {
        withTwoSharedSources((first, second) -> {
            first.set(Stage.SHADOW);
            Steps.eventually(() -> second.stage() == Stage.SHADOW, Duration.ofSeconds(10));
            AtomicReference<CompletableFuture<Stage>> heldBack = new AtomicReference<>();
            first.set(Stage.LIVE, () -> {
                CompletableFuture<Stage> write = CompletableFuture.supplyAsync(() -> {
                    try (WritePermit permit = second.beginWrite()) {
                        return permit.stage();
                    }
                });
                heldBack.set(write);
                Steps.sleep(200);
                assertThat(write).as("the other instance's write waits for the paused step").isNotDone();
            });
            assertThat(heldBack.get().get(10, TimeUnit.SECONDS)).as("and then runs under the new stage")
                    .isEqualTo(Stage.LIVE);

            IllegalStateException refused = new IllegalStateException("refused on purpose");
            assertThatThrownBy(() -> first.set(Stage.RAMP_DOWN, () -> {
                throw refused;
            })).isSameAs(refused);
            assertThat(first.stage()).isEqualTo(Stage.LIVE);
            Steps.eventually(() -> {
                try (WritePermit resumed = second.beginWrite()) {
                    return resumed.stage() == Stage.LIVE;
                }
            }, Duration.ofSeconds(10));
        });
    }

    @Test
    void closing_a_shared_source_stops_its_poller_and_removes_its_instance_row() {
        String schema = "sw_shared_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String name = "closing-" + UUID.randomUUID().toString().substring(0, 8);
        TestBackend.sql("CREATE SCHEMA " + schema);
        HikariDataSource control = new HikariDataSource();
        control.setJdbcUrl(TestServers.postgresUrl());
        control.setMaximumPoolSize(2);
        control.setMinimumIdle(0);
        try {
            SharedStageSource source = SharedStageSource.builder(control).schema(schema).name(name).store(StoreKind.CREDITS)
                    .pollInterval(Duration.ofMillis(20)).build();
            Steps.eventually(() -> pollers(name) == 1 && instanceRows(schema, name) == 1, Duration.ofSeconds(10));
            source.close();
            assertThat(pollers(name)).as("poller threads of %s after close()", name).isZero();
            assertThat(instanceRows(schema, name)).isZero();
        } finally {
            control.close();
            TestBackend.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static long pollers(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().contains(name)).count();
    }

    private static long instanceRows(String schema, String name) {
        return TestBackend.sqlCount("SELECT count(*) FROM " + schema + ".stowage_switching_instance WHERE name = '" + name + "'");
    }

    /** Two instances' sources of one control record, in a schema of their own, dropped afterwards. */
    private static void withTwoSharedSources(TwoInstances test) throws Exception {
        String schema = "sw_shared_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        TestBackend.sql("CREATE SCHEMA " + schema);
        HikariDataSource control = new HikariDataSource();
        control.setJdbcUrl(TestServers.postgresUrl());
        control.setMaximumPoolSize(4);
        control.setMinimumIdle(0);
        try (SharedStageSource first = shared(control, schema); SharedStageSource second = shared(control, schema)) {
            test.run(first, second);
        } finally {
            control.close();
            TestBackend.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @FunctionalInterface
    private interface TwoInstances {
        void run(SharedStageSource first, SharedStageSource second) throws Exception;
    }

    private static SharedStageSource shared(HikariDataSource control, String schema) {
        return SharedStageSource.builder(control).schema(schema).name("sources").store(StoreKind.CREDITS)
                .pollInterval(Duration.ofMillis(20)).lease(Duration.ofSeconds(1)).maxPause(Duration.ofSeconds(1)).build();
    }

    @Test
    void an_openfeature_flag_drives_the_stage_and_a_bad_value_keeps_the_last_one() {
        InMemoryProvider provider = new InMemoryProvider(Map.of("contacts-stage",
                Flag.builder().variant("v", "shadow").defaultVariant("v").build()));
        OpenFeatureAPI.getInstance().setProviderAndWait("stowage-switching-test", provider);
        OpenFeatureStageSource source = OpenFeatureStageSource.of(OpenFeatureAPI.getInstance()
                .getClient("stowage-switching-test"), "contacts-stage", Stage.OFF);
        assertThat(source.stage()).isEqualTo(Stage.SHADOW);
        provider.updateFlag("contacts-stage", Flag.builder().variant("v", "live").defaultVariant("v").build());
        assertThat(source.stage()).isEqualTo(Stage.LIVE);
        provider.updateFlag("contacts-stage", Flag.builder().variant("v", "sideways").defaultVariant("v").build());
        assertThat(source.stage()).as("a value that names no stage").isEqualTo(Stage.LIVE);
        provider.updateFlag("contacts-stage", Flag.builder().variant("v", 42).defaultVariant("v").build());
        assertThat(source.stage()).as("a value of the wrong type").isEqualTo(Stage.LIVE);
        OpenFeatureStageSource missing = OpenFeatureStageSource.of(OpenFeatureAPI.getInstance()
                .getClient("stowage-switching-test"), "no-such-flag", Stage.DUAL_WRITE);
        assertThat(missing.stage()).isEqualTo(Stage.DUAL_WRITE);
    }
}
