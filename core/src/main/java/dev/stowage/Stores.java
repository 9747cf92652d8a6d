package dev.stowage;

import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.exception.StoreClosedException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.TokenStore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The three stores of one tenant, each from the backend configured for it. Thread-safe.
 * <pre>{@code
 * try (Stores stores = InMemoryStores.create(Clock.systemUTC())) {
 *     Contact ada = stores.contacts().create(ContactDraft.builder("ada@example.com").build());
 *     Stores acme = stores.forTenant(TenantId.of("acme"));   // cannot see ada
 * }
 * }</pre>
 * {@link #close()} on the {@code Stores} that was opened releases every backend; closing a view
 * made by {@link #forTenant} does nothing, so views can be used in try-with-resources freely.
 */
public final class Stores implements AutoCloseable {

    private final StoreBackend contactsBackend;
    private final StoreBackend creditsBackend;
    private final StoreBackend tokensBackend;
    private final TenantId tenant;
    private final boolean owner;
    private final AtomicBoolean closed;
    private volatile ContactStore contacts;
    private volatile CreditStore credits;
    private volatile TokenStore tokens;

    private Stores(StoreBackend contactsBackend, StoreBackend creditsBackend, StoreBackend tokensBackend,
                   TenantId tenant, boolean owner, AtomicBoolean closed) {
        this.contactsBackend = Objects.requireNonNull(contactsBackend, "contactsBackend");
        this.creditsBackend = Objects.requireNonNull(creditsBackend, "creditsBackend");
        this.tokensBackend = Objects.requireNonNull(tokensBackend, "tokensBackend");
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.owner = owner;
        this.closed = closed;
    }

    /**
     * @param backend the backend for all three stores; closed by {@link #close()}
     * @return the stores of the default tenant
     */
    public static Stores of(StoreBackend backend) {
        return of(backend, backend, backend, TenantId.DEFAULT);
    }

    /**
     * @param contactsBackend backend of the contact store
     * @param creditsBackend  backend of the credit store
     * @param tokensBackend   backend of the token store
     * @param tenant          the tenant of {@link #contacts()} and friends
     * @return the stores; {@link #close()} closes each distinct backend once
     */
    public static Stores of(StoreBackend contactsBackend, StoreBackend creditsBackend, StoreBackend tokensBackend,
                            TenantId tenant) {
        return new Stores(contactsBackend, creditsBackend, tokensBackend, tenant, true, new AtomicBoolean());
    }

    /**
     * @return the tenant these stores are bound to
     */
    public TenantId tenant() {
        return tenant;
    }

    /**
     * @return the tenant's contact store
     * @throws StoreClosedException after {@link #close()}
     */
    public ContactStore contacts() {
        ensureOpen();
        ContactStore store = contacts;
        if (store == null) {
            store = contactsBackend.contacts(tenant);
            contacts = store;
        }
        return store;
    }

    /**
     * @return the tenant's credit store
     * @throws StoreClosedException after {@link #close()}
     */
    public CreditStore credits() {
        ensureOpen();
        CreditStore store = credits;
        if (store == null) {
            store = creditsBackend.credits(tenant);
            credits = store;
        }
        return store;
    }

    /**
     * @return the tenant's token store
     * @throws StoreClosedException after {@link #close()}
     */
    public TokenStore tokens() {
        ensureOpen();
        TokenStore store = tokens;
        if (store == null) {
            store = tokensBackend.tokens(tenant);
            tokens = store;
        }
        return store;
    }

    /**
     * @param other a tenant
     * @return a view of the same backends bound to {@code other}; it can neither see nor change
     *     this tenant's records
     */
    public Stores forTenant(TenantId other) {
        return new Stores(contactsBackend, creditsBackend, tokensBackend, Objects.requireNonNull(other, "tenant"),
                false, closed);
    }

    /**
     * @return the distinct backends behind these stores, for decorators and tools
     */
    public List<StoreBackend> backends() {
        Set<StoreBackend> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        List<StoreBackend> ordered = new ArrayList<>();
        for (StoreBackend backend : List.of(contactsBackend, creditsBackend, tokensBackend)) {
            if (distinct.add(backend)) {
                ordered.add(backend);
            }
        }
        return ordered;
    }

    /**
     * @return the backend of the contact store
     */
    public StoreBackend contactsBackend() {
        return contactsBackend;
    }

    /**
     * @return the backend of the credit store
     */
    public StoreBackend creditsBackend() {
        return creditsBackend;
    }

    /**
     * @return the backend of the token store
     */
    public StoreBackend tokensBackend() {
        return tokensBackend;
    }

    /**
     * Closes every backend once (idempotent) if this is the opened {@code Stores}; does nothing on
     * a {@link #forTenant} view.
     */
    @Override
    public void close() {
        if (!owner || !closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException failure = null;
        for (StoreBackend backend : backends()) {
            try {
                backend.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new StoreClosedException("these stores were closed; open new ones with Stowage.open(...)");
        }
    }

    @Override
    public String toString() {
        return "Stores[tenant=" + tenant + ", contacts=" + contactsBackend.name() + ", credits="
                + creditsBackend.name() + ", tokens=" + tokensBackend.name() + "]";
    }
}
