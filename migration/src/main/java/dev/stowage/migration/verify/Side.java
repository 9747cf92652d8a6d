package dev.stowage.migration.verify;

import dev.stowage.TenantId;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.TokenStore;

import java.util.function.Supplier;

/**
 * The stores of one tenant on one side (source or target). Every read goes through
 * {@link #read}, so a failure names the side and what was being read.
 */
final class Side {

    /** Which side. */
    enum Role {
        SOURCE, TARGET;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Role role;
    private final StoreBackend backend;
    private final TenantId tenant;

    Side(Role role, StoreBackend backend, TenantId tenant) {
        this.role = role;
        this.backend = backend;
        this.tenant = tenant;
    }

    Role role() {
        return role;
    }

    ContactStore contacts() {
        return read("its contact store", () -> backend.contacts(tenant));
    }

    CreditStore credits() {
        return read("its credit store", () -> backend.credits(tenant));
    }

    TokenStore tokens() {
        return read("its token store", () -> backend.tokens(tenant));
    }

    /**
     * @param what what is read, for the message of a failure
     * @param call the read
     * @return its result
     * @throws ReadFailure if the read throws
     */
    <T> T read(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (ReadFailure failure) {
            throw failure;
        } catch (RuntimeException e) {
            throw ReadFailure.of(role, what, e);
        }
    }
}
