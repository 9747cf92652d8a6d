package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.exception.StoreException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.TokenStore;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real backend whose contact imports start failing (a non-retryable error, as a full disk
 * would give) after a number of successful ones: an interruption in the middle of a copy,
 * without killing the test's JVM.
 */
final class FailingTarget implements StoreBackend {

    private final StoreBackend delegate;
    private final int successfulImports;
    private final AtomicInteger imports = new AtomicInteger();

    FailingTarget(StoreBackend delegate, int successfulImports) {
        this.delegate = delegate;
        this.successfulImports = successfulImports;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public ContactStore contacts(TenantId tenant) {
        ContactStore real = delegate.contacts(tenant);
        return (ContactStore) Proxy.newProxyInstance(ContactStore.class.getClassLoader(),
                new Class<?>[] {ContactStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("importContacts") && imports.incrementAndGet() > successfulImports) {
                        throw new StoreException("the target's disk is full (injected)");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public CreditStore credits(TenantId tenant) {
        return delegate.credits(tenant);
    }

    @Override
    public TokenStore tokens(TenantId tenant) {
        return delegate.tokens(tenant);
    }

    @Override
    public void close() {
        // The delegate belongs to the test.
    }
}
