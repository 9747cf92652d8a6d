package dev.stowage.cache;

import dev.stowage.TenantErasure;
import dev.stowage.TenantId;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.exception.StoreClosedException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;
import dev.stowage.token.TokenStore;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link StoreBackend} that puts a Caffeine cache in front of another one. Made by
 * {@link Caching#wrap(StoreBackend, CacheOptions)} or {@link Caching#wrap(dev.stowage.Stores, CacheOptions)};
 * see {@link Caching} for what is and is not cached. Thread-safe. Its stores behave exactly like
 * the wrapped backend's, only faster for repeated point reads.
 */
public final class CachingBackend implements StoreBackend {

    /** The stores a decorator caches; the others are handed out unwrapped. */
    enum Kind { CONTACTS, CREDITS, TOKENS }

    private final StoreBackend delegate;
    private final CacheRuntime runtime;
    private final Set<Kind> cachedKinds;
    private final AtomicBoolean closed = new AtomicBoolean();

    CachingBackend(StoreBackend delegate, CacheRuntime runtime, Set<Kind> cachedKinds) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.runtime = runtime;
        this.cachedKinds = cachedKinds.isEmpty() ? EnumSet.noneOf(Kind.class) : EnumSet.copyOf(cachedKinds);
        runtime.retain();
    }

    /**
     * @return the wrapped backend's name, so configuration and reports read the same with the cache on
     */
    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public ContactStore contacts(TenantId tenant) {
        ensureOpen();
        Objects.requireNonNull(tenant, "tenant");
        ContactStore store = delegate.contacts(tenant);
        return cachedKinds.contains(Kind.CONTACTS) ? new CachingContactStore(tenant, store, runtime, this) : store;
    }

    @Override
    public CreditStore credits(TenantId tenant) {
        ensureOpen();
        Objects.requireNonNull(tenant, "tenant");
        CreditStore store = delegate.credits(tenant);
        return cachedKinds.contains(Kind.CREDITS) ? new CachingCreditStore(tenant, store, runtime, this) : store;
    }

    @Override
    public TokenStore tokens(TenantId tenant) {
        ensureOpen();
        Objects.requireNonNull(tenant, "tenant");
        TokenStore store = delegate.tokens(tenant);
        return cachedKinds.contains(Kind.TOKENS) ? new CachingTokenStore(tenant, store, runtime, this) : store;
    }

    /**
     * @return the wrapped backend's tenants (never cached)
     * @throws dev.stowage.exception.UnsupportedCapabilityException if the wrapped backend cannot list them
     */
    @Override
    public List<TenantId> tenants() {
        ensureOpen();
        return delegate.tenants();
    }

    /**
     * Erases the tenant in the wrapped backend, then flushes this instance's caches and tells
     * every other instance to flush (whatever the outcome, as an erasure that failed may have
     * removed part of the tenant): an erased record is never served from a cache. A flush drops
     * other tenants' entries too; they are reloaded on their next read, which is cheap next to an
     * erasure and keeps the rule simple.
     *
     * @throws dev.stowage.exception.UnsupportedCapabilityException if the wrapped backend cannot erase a tenant
     */
    @Override
    public TenantErasure eraseTenant(TenantId tenant) {
        ensureOpen();
        Check.required(tenant, "tenant");
        try {
            return delegate.eraseTenant(tenant);
        } finally {
            runtime.flushEverywhere();
        }
    }

    /** Looks at this backend, then at the wrapped one. */
    @Override
    public <T extends StoreBackend> Optional<T> unwrap(Class<T> type) {
        return StoreBackend.super.unwrap(type).or(() -> delegate.unwrap(type));
    }

    /**
     * @return the wrapped backend (reads and writes through it bypass this cache and its invalidations)
     */
    public StoreBackend delegate() {
        return delegate;
    }

    /**
     * @return a snapshot of the counters (shared by every decorator made by the same
     *     {@link Caching#wrap(dev.stowage.Stores, CacheOptions)} call)
     */
    public CacheStatistics statistics() {
        return runtime.statistics();
    }

    /**
     * @return the options the cache runs with
     */
    public CacheOptions options() {
        return runtime.options();
    }

    /**
     * @return this instance's node id in invalidation messages
     */
    public String nodeId() {
        return runtime.nodeId();
    }

    /**
     * @return whether reads go straight to the store of record right now because the broadcast
     *     channel is down (or not connected yet)
     */
    public boolean isBypassing() {
        return runtime.isBypassing();
    }

    /**
     * Drops every cached entry of this instance, for example after data was changed behind the
     * stores' back (a manual SQL fix). Other instances are not told; use it on each.
     */
    public void flush() {
        ensureOpen();
        runtime.flush();
    }

    CacheRuntime runtime() {
        return runtime;
    }

    /**
     * Closes the wrapped backend and, with the last decorator sharing them, the caches, the
     * broadcaster and any registered meters. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            delegate.close();
        } finally {
            runtime.release();
        }
    }

    void ensureOpen() {
        if (closed.get()) {
            throw new StoreClosedException("this cached " + delegate.name()
                    + " backend was closed; open the stores again to keep using them");
        }
    }

    @Override
    public String toString() {
        return "CachingBackend[" + delegate + ", caches=" + runtime.cacheNames() + ", node=" + runtime.nodeId() + "]";
    }
}
