package dev.stowage.migration.switching;

import dev.stowage.Stores;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.migration.StoreKind;
import dev.stowage.spi.StoreBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rolling back from each stage before COMPLETE, under traffic from two instances (two switching
 * backends over the same old and new stores, following one shared control record): the stores go
 * up to the stage through the gates, then step back one stage at a time to OFF. The end check is
 * the online migration's: VALIDATED at the last replicating stage, and every acknowledged write
 * exactly once in the old store, which serves everything again.
 */
class RollbackTest {

    @ParameterizedTest
    @EnumSource(value = Stage.class, names = {"DUAL_WRITE", "SHADOW", "LIVE", "RAMP_DOWN"})
    void rolls_back_under_traffic_from(Stage highest) {
        StoreBackend oldStore = InMemoryStores.backend(Clock.systemUTC());
        StoreBackend newStore = InMemoryStores.backend(Clock.systemUTC());
        try (Fleet fleet = new Fleet("rollback" + highest.ordinal(), 2, i -> oldStore, i -> newStore)) {
            Traffic traffic = new Traffic("rollback", fleet.stores(), 2);
            try {
                Steps.advanceAll(fleet);
                Steps.backfillAll(fleet);
                while (fleet.controller(StoreKind.CONTACTS).stage() != highest) {
                    Steps.sleep(150);
                    Steps.advanceAll(fleet);
                }
                Steps.sleep(200);
                while (fleet.controller(StoreKind.CONTACTS).stage() != Stage.DUAL_WRITE) {
                    Steps.backAll(fleet);
                    Steps.sleep(150);
                }
            } finally {
                traffic.stop();
            }
            for (StoreKind store : StoreKind.values()) {
                Steps.verifyUntilValidated(fleet.controller(store));
            }
            Steps.backAll(fleet);
            assertThat(fleet.operator().stage(StoreKind.TOKENS)).isEqualTo(Stage.OFF);
            assertThat(traffic.failures()).as("callers never see a failure").isEmpty();
            traffic.check(Stores.of(oldStore).forTenant(Fleet.TENANT));
            System.out.printf(Locale.ROOT, "rollback from %s: %d operations, longest pause %d ms%n", highest,
                    traffic.operations(), fleet.longestPause().toMillis());
        }
    }
}
