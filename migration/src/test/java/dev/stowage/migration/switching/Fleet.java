package dev.stowage.migration.switching;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.TestBackend;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.TestServers;
import com.zaxxer.hikari.HikariDataSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Several application instances of one online migration: each its own {@link SwitchingBackend}
 * over its own connections to the same old and new stores, its own {@link SharedStageSource} per
 * store (all following the same control record in a fresh PostgreSQL schema), sharing one
 * {@link PostgresRepairQueue}. The first instance is the operator's: its {@link StageController}s
 * change the stages. Closing removes the control schema.
 */
final class Fleet implements AutoCloseable {

    static final TenantId TENANT = TenantId.of("online");

    private final String schema;
    private final HikariDataSource control = new HikariDataSource();
    private final List<SwitchingBackend> backends = new ArrayList<>();
    private final List<SharedStageSource> sources = new ArrayList<>();

    /**
     * @param label       names the control schema
     * @param instances   how many instances
     * @param oldBackends opens instance i's connection to the old store
     * @param newBackends opens instance i's connection to the new store
     */
    Fleet(String label, int instances, IntFunction<StoreBackend> oldBackends, IntFunction<StoreBackend> newBackends) {
        schema = "sw_" + label.toLowerCase(Locale.ROOT) + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        TestBackend.sql("CREATE SCHEMA " + schema);
        control.setJdbcUrl(TestServers.postgresUrl());
        control.setMaximumPoolSize(4);
        control.setMinimumIdle(0);
        for (int i = 0; i < instances; i++) {
            SwitchingBackend.Builder builder = SwitchingBackend.builder(oldBackends.apply(i), newBackends.apply(i))
                    .repairQueue(PostgresRepairQueue.builder(control).schema(schema).name(label).build())
                    .shadowRatio(0.2).metrics(false);
            for (StoreKind store : StoreKind.values()) {
                SharedStageSource source = SharedStageSource.builder(control).schema(schema).name(label).store(store)
                        .pollInterval(Duration.ofMillis(50)).lease(Duration.ofSeconds(1)).build();
                sources.add(source);
                builder.stage(store, source);
            }
            backends.add(builder.build());
        }
    }

    /** @return each instance's stores of {@link #TENANT} */
    List<Stores> stores() {
        return backends.stream().map(backend -> Stores.of(backend).forTenant(TENANT)).toList();
    }

    /** @return the operator instance's backend */
    SwitchingBackend operator() {
        return backends.get(0);
    }

    /** @return the operator's controller of a store */
    StageController controller(StoreKind store) {
        return operator().controller(store);
    }

    /** @return the operator's controllers, one per store */
    List<StageController> controllers() {
        return java.util.Arrays.stream(StoreKind.values()).map(this::controller).toList();
    }

    /** @return the longest write pause any instance saw at a stage change */
    Duration longestPause() {
        return sources.stream().map(SharedStageSource::longestPause).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** @return the control database */
    HikariDataSource control() {
        return control;
    }

    @Override
    public void close() {
        backends.forEach(SwitchingBackend::close);
        control.close();
        TestBackend.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
}
