package dev.stowage.migration.switching;

import dev.stowage.migration.verify.VerificationReport;
import dev.stowage.migration.verify.VerificationState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What an operator does to move stores between stages, as the tests do it. */
final class Steps {

    private Steps() {
    }

    /**
     * Verifies until VALIDATED: under live traffic a write can land between the two sides' scans
     * of its key, so a report may differ transiently; a real difference persists and fails.
     */
    static VerificationReport verifyUntilValidated(StageController controller) {
        List<String> attempts = new ArrayList<>();
        // A bound in time, not in attempts: on a loaded machine one verification takes long enough
        // for live traffic to touch some key between the two scans of nearly every attempt.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(90);
        while (attempts.isEmpty() || System.nanoTime() < deadline) {
            VerificationReport report = controller.verify();
            if (report.state(controller.store()) == VerificationState.VALIDATED) {
                return report;
            }
            attempts.add(report.toTable());
            sleep(100);
        }
        throw new AssertionError("never VALIDATED in " + attempts.size() + " attempts; last report:\n" + attempts.get(attempts.size() - 1));
    }

    /** Advances every store one stage through the gates (verifying first unless at OFF). */
    static void advanceAll(Fleet fleet) {
        advanceAll(fleet.controllers());
    }

    /** Advances each controller's store one stage through the gates (verifying first unless at OFF). */
    static void advanceAll(List<StageController> controllers) {
        for (StageController controller : controllers) {
            if (controller.stage() != Stage.OFF) {
                verifyUntilValidated(controller);
            }
            controller.advance();
        }
    }

    /** Steps every store one stage back. */
    static void backAll(Fleet fleet) {
        for (StageController controller : fleet.controllers()) {
            controller.back();
        }
    }

    /** Backfills every store (old to new) with the migration engine. */
    static void backfillAll(Fleet fleet) {
        backfillAll(fleet.controllers());
    }

    /** Backfills each controller's store (old to new) with the migration engine. */
    static void backfillAll(List<StageController> controllers) {
        for (StageController controller : controllers) {
            assertThat(controller.backfill().totals(controller.store()).rejected()).isZero();
        }
    }

    /**
     * Moves each controller's store OFF to RAMP_DOWN through the gates, running {@code between}
     * after each stage change (traffic keeps running meanwhile), with a backfill in DUAL_WRITE.
     */
    static void toRampDown(List<StageController> controllers, Runnable between) {
        advanceAll(controllers);                              // OFF -> DUAL_WRITE
        between.run();
        backfillAll(controllers);
        for (int stage = Stage.DUAL_WRITE.ordinal(); stage < Stage.RAMP_DOWN.ordinal(); stage++) {
            advanceAll(controllers);                          // -> SHADOW, LIVE (the flip), RAMP_DOWN
            between.run();
        }
    }

    /**
     * Advances each controller's store to COMPLETE, verifies it and retires its old backend. The
     * old backend stops receiving writes at COMPLETE, so traffic must have stopped.
     */
    static void completeAndRetire(List<StageController> controllers) {
        advanceAll(controllers);
        for (StageController controller : controllers) {
            assertThat(controller.stage()).isEqualTo(Stage.COMPLETE);
            verifyUntilValidated(controller);
            controller.retire();
            assertThat(controller.retired()).isTrue();
        }
    }

    /** Waits until the condition holds; fails after the generous bound (it proves "not forever", not a timing). */
    static void eventually(BooleanSupplier condition, Duration bound) {
        await().atMost(bound).pollInterval(Duration.ofMillis(10)).until(condition::getAsBoolean);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
