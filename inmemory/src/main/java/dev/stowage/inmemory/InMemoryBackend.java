package dev.stowage.inmemory;

import dev.stowage.TenantId;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.exception.StoreClosedException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.TokenStore;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Holds every tenant's data. Each tenant's contacts, credits and tokens are separate objects,
 * each guarded by its own lock, so tenants never contend with one another.
 */
final class InMemoryBackend implements StoreBackend {

    private final Clock clock;
    private final ConcurrentMap<TenantId, InMemoryContactStore> contacts = new ConcurrentHashMap<>();
    private final ConcurrentMap<TenantId, InMemoryCreditStore> credits = new ConcurrentHashMap<>();
    private final ConcurrentMap<TenantId, InMemoryTokenStore> tokens = new ConcurrentHashMap<>();
    private volatile boolean closed;

    InMemoryBackend(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public ContactStore contacts(TenantId tenant) {
        ensureOpen();
        return contacts.computeIfAbsent(Objects.requireNonNull(tenant, "tenant"),
                t -> new InMemoryContactStore(this, clock));
    }

    @Override
    public CreditStore credits(TenantId tenant) {
        ensureOpen();
        return credits.computeIfAbsent(Objects.requireNonNull(tenant, "tenant"),
                t -> new InMemoryCreditStore(this, clock));
    }

    @Override
    public TokenStore tokens(TenantId tenant) {
        ensureOpen();
        return tokens.computeIfAbsent(Objects.requireNonNull(tenant, "tenant"),
                t -> new InMemoryTokenStore(this, clock));
    }

    /**
     * @return the tenants whose stores hold an unexpired record, sorted by value; a store that was
     *     only read from holds nothing
     */
    @Override
    public List<TenantId> tenants() {
        ensureOpen();
        Set<TenantId> found = new TreeSet<>(Comparator.comparing(TenantId::value));
        contacts.forEach((tenant, store) -> {
            if (!store.scan(null, 1).isEmpty()) {
                found.add(tenant);
            }
        });
        credits.forEach((tenant, store) -> {
            if (!store.scanAccounts(null, 1).isEmpty()) {
                found.add(tenant);
            }
        });
        tokens.forEach((tenant, store) -> {
            if (!store.scanCredentials(null, null, 1).isEmpty() || !store.scanRefreshFamilies(null, 1).isEmpty()
                    || !store.scanRevokedAccessTokens(null, 1).isEmpty()) {
                found.add(tenant);
            }
        });
        return List.copyOf(found);
    }

    void ensureOpen() {
        if (closed) {
            throw new StoreClosedException("the in-memory backend was closed; open a new one with InMemoryStores.create(clock)");
        }
    }

    @Override
    public void close() {
        closed = true;
        contacts.clear();
        credits.clear();
        tokens.clear();
    }

    @Override
    public String toString() {
        return "InMemoryBackend[tenants=" + contacts.size() + "]";
    }
}
