package dev.stowage.migration.switching;

import dev.stowage.Stores;
import dev.stowage.migration.StoreKind;
import dev.stowage.spi.StoreBackend;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Reaching the switching backends of stores opened by {@code Stowage.open}, as an operator's code does. */
final class Configured {

    private Configured() {
    }

    /** @return a fresh lower-case identifier starting with {@code label}, for a schema or key prefix */
    static String space(String label) {
        return (label + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10)).toLowerCase(Locale.ROOT);
    }

    /** @return the backend serving the store, which must be a switching one */
    static SwitchingBackend switching(Stores stores, StoreKind store) {
        StoreBackend backend = switch (store) {
            case CONTACTS -> stores.contactsBackend();
            case CREDITS -> stores.creditsBackend();
            case TOKENS -> stores.tokensBackend();
        };
        assertThat(backend).as("the backend of %s", store).isInstanceOf(SwitchingBackend.class);
        return (SwitchingBackend) backend;
    }

    /** @return the controllers of the stores, each from its own switching backend */
    static List<StageController> controllers(Stores stores, StoreKind... moving) {
        return java.util.Arrays.stream(moving).map(store -> switching(stores, store).controller(store)).toList();
    }
}
