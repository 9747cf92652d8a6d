package dev.stowage.spring.health;

import dev.stowage.Stores;
import dev.stowage.exception.StoreException;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.switching.SwitchingBackend;
import dev.stowage.spi.StoreBackend;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The probe of a moving store's switching backend, {@code switching-<store>}. Details: the
 * {@code stage}, the backends it moves {@code from} and {@code to}, whether the stage is
 * {@code confirmed} and the {@code repairQueueDepth}. Up while the stage is confirmed and the
 * repair queue answers, whatever the stage and however many keys wait (the reconciler drains
 * them; a deep queue is for an operator to watch, not a reason to take the instance out of
 * service). Down when the stage source cannot read its flag (a {@code shared} control record
 * unreadable for longer than its lease: writes are then held back) or the repair queue cannot be
 * read, with the error's type and message. Loaded only when stowage-migration is on the class path.
 */
final class SwitchingProbe {

    private SwitchingProbe() {
    }

    static Map<String, Supplier<Probe>> of(Stores stores) {
        Map<String, Supplier<Probe>> probes = new LinkedHashMap<>();
        add(probes, StoreKind.CONTACTS, stores.contactsBackend());
        add(probes, StoreKind.CREDITS, stores.creditsBackend());
        add(probes, StoreKind.TOKENS, stores.tokensBackend());
        return probes;
    }

    private static void add(Map<String, Supplier<Probe>> probes, StoreKind store, StoreBackend backend) {
        backend.unwrap(SwitchingBackend.class).ifPresent(switching ->
                probes.put("switching-" + store.name().toLowerCase(Locale.ROOT), () -> probe(switching, store)));
    }

    static Probe probe(SwitchingBackend switching, StoreKind store) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("stage", switching.stage(store).name());
        details.put("from", switching.oldBackend().name());
        details.put("to", switching.newBackend().name());
        boolean confirmed = switching.stageConfirmed(store);
        details.put("confirmed", confirmed);
        try {
            details.put("repairQueueDepth", switching.repairQueue().size(store));
        } catch (StoreException e) {
            details.put("error", e.getClass().getSimpleName());
            details.put("message", e.getMessage());
            return new Probe(false, details);
        }
        return new Probe(confirmed, details);
    }
}
