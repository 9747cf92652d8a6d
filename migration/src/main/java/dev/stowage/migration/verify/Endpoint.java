package dev.stowage.migration.verify;

import dev.stowage.Stores;
import dev.stowage.migration.StoreKind;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;

import java.util.EnumMap;
import java.util.Map;

/**
 * One side of a verification: the backend that holds each store.
 */
final class Endpoint {

    private final Map<StoreKind, StoreBackend> backends = new EnumMap<>(StoreKind.class);

    private Endpoint(StoreBackend contacts, StoreBackend credits, StoreBackend tokens) {
        backends.put(StoreKind.CONTACTS, contacts);
        backends.put(StoreKind.CREDITS, credits);
        backends.put(StoreKind.TOKENS, tokens);
    }

    static Endpoint of(StoreBackend backend, String field) {
        Check.required(backend, field);
        return new Endpoint(backend, backend, backend);
    }

    static Endpoint of(Stores stores, String field) {
        Check.required(stores, field);
        return new Endpoint(stores.contactsBackend(), stores.creditsBackend(), stores.tokensBackend());
    }

    StoreBackend backend(StoreKind store) {
        return backends.get(store);
    }

    /**
     * @return the backend's name, or {@code contacts=<name>,credits=<name>,tokens=<name>} when the
     *     stores live in different backends
     */
    String describe() {
        StoreBackend contacts = backends.get(StoreKind.CONTACTS);
        if (contacts == backends.get(StoreKind.CREDITS) && contacts == backends.get(StoreKind.TOKENS)) {
            return contacts.name();
        }
        StringBuilder text = new StringBuilder();
        backends.forEach((store, backend) -> {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(store.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(backend.name());
        });
        return text.toString();
    }
}
