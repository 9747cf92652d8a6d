package dev.stowage.cache;

import dev.stowage.TenantId;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.TokenStore;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a real backend (the in-memory reference) and counts the store calls that reach it, so a
 * test can tell a cache hit (no call) from a miss (a call). An optional hook runs after each real
 * call returns and before its result is handed back, to hold a load in flight.
 */
final class CountingBackend implements StoreBackend {

    /** Runs after a real store call, with the method's name and result. */
    interface Hook {
        void afterCall(String method, Object result);
    }

    private final StoreBackend target;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile Hook hook = (method, result) -> { };

    CountingBackend(StoreBackend target) {
        this.target = target;
    }

    /**
     * @param method a store method's name
     * @return how many calls of it reached the real store
     */
    int calls(String method) {
        AtomicInteger count = calls.get(method);
        return count == null ? 0 : count.get();
    }

    void hook(Hook value) {
        hook = value;
    }

    @Override
    public String name() {
        return target.name();
    }

    @Override
    public ContactStore contacts(TenantId tenant) {
        return counting(ContactStore.class, target.contacts(tenant));
    }

    @Override
    public CreditStore credits(TenantId tenant) {
        return counting(CreditStore.class, target.credits(tenant));
    }

    @Override
    public TokenStore tokens(TenantId tenant) {
        return counting(TokenStore.class, target.tokens(tenant));
    }

    @Override
    public void close() {
        target.close();
    }

    private <T> T counting(Class<T> type, T store) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(store, args);
            }
            calls.computeIfAbsent(method.getName(), name -> new AtomicInteger()).incrementAndGet();
            Object result;
            try {
                result = method.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            hook.afterCall(method.getName(), result);
            return result;
        }));
    }
}
