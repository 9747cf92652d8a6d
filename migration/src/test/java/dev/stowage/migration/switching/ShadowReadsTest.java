package dev.stowage.migration.switching;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.migration.StoreKind;
import dev.stowage.spi.StoreBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shadow reads against a deliberately slow and a deliberately wrong new store, every read sampled:
 * the caller always gets the authoritative answer, and its latency is measured (printed, not
 * asserted) against the same reads at OFF; timeouts and mismatches reach the listener and
 * Micrometer, and each mismatched key is queued for repair (a drain then fixes the wrong copy).
 */
class ShadowReadsTest {

    private static final int READS = 200;

    @Test
    void a_slow_secondary_never_slows_the_caller_and_is_reported_as_timeouts() {
        Run run = run(answer -> {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            return answer;
        });
        assertThat(run.results).extracting(ShadowResult::outcome).contains(ShadowResult.Outcome.TIMEOUT)
                .doesNotContain(ShadowResult.Outcome.MISMATCH);
        assertThat(run.registry.find("stowage.switching.shadow").tag("outcome", "timeout").counter().count()).isPositive();
        assertThat(run.registry.find("stowage.switching.shadow").tag("outcome", "dropped").counter().count())
                .as("reads beyond the bounded executor are dropped, not waited for").isPositive();
        System.out.printf(Locale.ROOT, "shadow reads, slow secondary (200 ms): caller mean %.1f us at OFF, %.1f us at"
                + " SHADOW%n", run.offMicros, run.shadowMicros);
        run.backend.close();
    }

    @Test
    void a_wrong_secondary_is_reported_and_its_keys_are_queued_and_repaired() {
        Run run = run(answer -> answer.map(contact -> new Contact(contact.id(), "Wrong", contact.lastName(),
                contact.email(), contact.phone(), contact.company(), contact.title(), contact.address(), contact.notes(),
                contact.status(), contact.tags(), contact.customFields(), contact.source(), contact.sourceId(),
                contact.createdAt(), contact.updatedAt(), contact.version())));
        assertThat(run.results).extracting(ShadowResult::outcome).contains(ShadowResult.Outcome.MISMATCH)
                .doesNotContain(ShadowResult.Outcome.MATCH);
        assertThat(run.results).allSatisfy(result -> assertThat(result.store()).isEqualTo(StoreKind.CONTACTS));
        assertThat(run.backend.repairQueue().size(StoreKind.CONTACTS)).isPositive();
        assertThat(run.registry.find("stowage.switching.shadow").tag("outcome", "mismatch").counter().count()).isPositive();
        assertThat(run.registry.find("stowage.switching.repair.depth").tag("store", "contacts").gauge().value())
                .isPositive();
        assertThat(run.backend.reconciler().drain(StoreKind.CONTACTS).failed()).isZero();
        assertThat(run.backend.repairQueue().size(StoreKind.CONTACTS)).isZero();
        System.out.printf(Locale.ROOT, "shadow reads, wrong secondary: caller mean %.1f us at OFF, %.1f us at SHADOW%n",
                run.offMicros, run.shadowMicros);
        run.backend.close();
        assertThat(run.registry.find("stowage.switching.repair.depth").gauge()).as("removed on close").isNull();
    }

    private record Run(SwitchingBackend backend, List<ShadowResult> results, SimpleMeterRegistry registry,
                       double offMicros, double shadowMicros) {
    }

    private static Run run(UnaryOperator<Optional<Contact>> newAnswers) {
        StoreBackend oldStore = InMemoryStores.backend(Clock.systemUTC());
        StoreBackend newStore = Altered.contactReads(InMemoryStores.backend(Clock.systemUTC()), newAnswers);
        ProgrammaticStageSource stage = ProgrammaticStageSource.startingAt(Stage.DUAL_WRITE);
        List<ShadowResult> results = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SwitchingBackend backend = SwitchingBackend.builder(oldStore, newStore).contacts(stage).shadowRatio(1.0)
                .shadowTimeout(Duration.ofMillis(50)).shadowExecutor(2, 50).shadowListener(results::add)
                .meterRegistry(registry).build();
        Stores stores = Stores.of(backend).forTenant(TenantId.of("shadow"));
        List<Contact> contacts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            contacts.add(stores.contacts().create(ContactDraft.builder("s" + i + "@example.com").firstName("Right").build()));
        }
        stage.set(Stage.OFF);
        meanReadMicros(stores, contacts);
        double off = meanReadMicros(stores, contacts);
        stage.set(Stage.SHADOW);
        double shadow = meanReadMicros(stores, contacts);
        Steps.eventually(() -> results.size() >= 2, Duration.ofSeconds(30));
        return new Run(backend, results, registry, off, shadow);
    }

    /** Every read returns the authoritative answer; returns the mean latency in microseconds. */
    private static double meanReadMicros(Stores stores, List<Contact> contacts) {
        long started = System.nanoTime();
        for (int i = 0; i < READS; i++) {
            Contact expected = contacts.get(i % contacts.size());
            assertThat(stores.contacts().get(expected.id())).hasValueSatisfying(contact ->
                    assertThat(contact.firstName()).isEqualTo("Right"));
        }
        return (System.nanoTime() - started) / 1_000.0 / READS;
    }
}
