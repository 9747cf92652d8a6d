package dev.stowage.micrometer;

import dev.stowage.TenantErasure;
import dev.stowage.TenantId;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.TokenStore;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A backend whose stores record every operation in Micrometer (see {@link MeteredStores} for the
 * meters). Made by {@link MeteredStores#wrap(StoreBackend, MeterRegistry)}. Thread-safe; closing
 * it closes the wrapped backend and removes its meters from the registry.
 */
public final class MeteredBackend implements StoreBackend {

    /** The {@code store} tag of the backend's own operations ({@link #tenants()}, {@link #eraseTenant}). */
    static final String TENANT_OPERATIONS = "tenants";

    private final StoreBackend delegate;
    private final MeterRegistry registry;
    private final Set<Meter> registered = ConcurrentHashMap.newKeySet();
    private final OperationMeters contacts;
    private final OperationMeters credits;
    private final OperationMeters tokens;
    private final OperationMeters tenants;
    private final AtomicBoolean closed = new AtomicBoolean();

    MeteredBackend(StoreBackend delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
        String backend = delegate.name();
        this.contacts = new OperationMeters(registry, "contacts", backend, registered);
        this.credits = new OperationMeters(registry, "credits", backend, registered);
        this.tokens = new OperationMeters(registry, "tokens", backend, registered);
        this.tenants = new OperationMeters(registry, TENANT_OPERATIONS, backend, registered);
    }

    /**
     * @return the backend whose operations are metered
     */
    public StoreBackend delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public ContactStore contacts(TenantId tenant) {
        return MeteringHandler.meter(ContactStore.class, delegate.contacts(tenant), contacts);
    }

    @Override
    public CreditStore credits(TenantId tenant) {
        return MeteringHandler.meter(CreditStore.class, delegate.credits(tenant), credits);
    }

    @Override
    public TokenStore tokens(TenantId tenant) {
        return MeteringHandler.meter(TokenStore.class, delegate.tokens(tenant), tokens);
    }

    @Override
    public List<TenantId> tenants() {
        return timed("tenants", delegate::tenants);
    }

    @Override
    public TenantErasure eraseTenant(TenantId tenant) {
        return timed("eraseTenant", () -> delegate.eraseTenant(tenant));
    }

    @Override
    public <T extends StoreBackend> Optional<T> unwrap(Class<T> type) {
        return StoreBackend.super.unwrap(type).or(() -> delegate.unwrap(type));
    }

    /**
     * Closes the wrapped backend (once) and removes this backend's meters from the registry.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            delegate.close();
        } finally {
            registered.forEach(registry::remove);
            registered.clear();
        }
    }

    private <T> T timed(String operation, Callable<T> call) {
        try {
            return tenants.time(operation, call);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("a store operation threw a checked exception", e);
        }
    }

    @Override
    public String toString() {
        return "MeteredBackend[" + delegate + "]";
    }
}
