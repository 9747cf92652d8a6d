package dev.stowage.migration;

import dev.stowage.Stores;
import dev.stowage.spi.StoreBackend;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One side of a migration: the backend of each store, and the side's name in the run's
 * configuration fingerprint.
 *
 * @param contacts the backend of the contact store
 * @param credits  the backend of the credit store
 * @param tokens   the backend of the token store
 * @param name     the side's name
 */
record Endpoint(StoreBackend contacts, StoreBackend credits, StoreBackend tokens, String name) {

    static Endpoint of(StoreBackend backend) {
        return new Endpoint(backend, backend, backend, backend.name());
    }

    static Endpoint of(Stores stores) {
        Set<String> names = new LinkedHashSet<>();
        names.add(stores.contactsBackend().name());
        names.add(stores.creditsBackend().name());
        names.add(stores.tokensBackend().name());
        String name = names.size() == 1 ? names.iterator().next()
                : "contacts=" + stores.contactsBackend().name() + ",credits=" + stores.creditsBackend().name()
                        + ",tokens=" + stores.tokensBackend().name();
        return new Endpoint(stores.contactsBackend(), stores.creditsBackend(), stores.tokensBackend(), name);
    }

    Endpoint named(String other) {
        return new Endpoint(contacts, credits, tokens, other);
    }

    StoreBackend backend(StoreKind store) {
        return switch (store) {
            case CONTACTS -> contacts;
            case CREDITS -> credits;
            case TOKENS -> tokens;
        };
    }
}
