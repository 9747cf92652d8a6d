package dev.stowage.migration.switching;

import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactStore;
import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.spi.StoreBackend;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Backends that misbehave on purpose: contact reads by id deliberately slow or wrong (shadow-read
 * tests), another instance's write slipped in before a replication (race tests), imports that
 * fail (replication failures); every other call goes to the real backend untouched.
 */
final class Altered {

    private Altered() {
    }

    /**
     * @param real    the real backend
     * @param answers turns the real answer of {@code contacts.get} into the altered one (may sleep)
     * @return the altered backend
     */
    static StoreBackend contactReads(StoreBackend real, UnaryOperator<Optional<Contact>> answers) {
        return withContactCalls(real, (store, method, args) -> {
            Object answer = invoke(store, method, args);
            if (method.getName().equals("get")) {
                @SuppressWarnings("unchecked")
                Optional<Contact> contact = (Optional<Contact>) answer;
                return answers.apply(contact);
            }
            return answer;
        });
    }

    /**
     * @param real   the real backend
     * @param before runs once, just before the first {@code contacts.importContacts} (a replication)
     *               reaches the real backend: what another instance did meanwhile
     * @return the altered backend
     */
    static StoreBackend beforeFirstContactImport(StoreBackend real, Runnable before) {
        AtomicBoolean ran = new AtomicBoolean();
        return withContactCalls(real, (store, method, args) -> {
            if (method.getName().equals("importContacts") && ran.compareAndSet(false, true)) {
                before.run();
            }
            return invoke(store, method, args);
        });
    }

    /**
     * @param real    the real backend
     * @param failing while it answers {@code true}, every {@code contacts.importContacts} (a
     *                replication, a repair) fails as an unreachable server would
     * @return the altered backend
     */
    static StoreBackend contactImportsFailingWhile(StoreBackend real, BooleanSupplier failing) {
        return withContactCalls(real, (store, method, args) -> {
            if (method.getName().equals("importContacts") && failing.getAsBoolean()) {
                throw new StoreUnavailableException("the new store is unreachable (on purpose)", null);
            }
            return invoke(store, method, args);
        });
    }

    /**
     * @param real the real backend
     * @param next asked before each {@code contacts.importContacts}; what it hands out (if not
     *             {@code null}) runs just before that import reaches the real backend
     * @return the altered backend
     */
    static StoreBackend beforeContactImports(StoreBackend real, Supplier<Runnable> next) {
        return withContactCalls(real, (store, method, args) -> {
            if (method.getName().equals("importContacts")) {
                Runnable before = next.get();
                if (before != null) {
                    before.run();
                }
            }
            return invoke(store, method, args);
        });
    }

    /** A call to a real contact store, altered. */
    @FunctionalInterface
    private interface ContactCall {
        Object handle(ContactStore real, Method method, Object[] args) throws Throwable;
    }

    /** The backend, each contact store it hands out going through {@code call}; everything else untouched. */
    private static StoreBackend withContactCalls(StoreBackend real, ContactCall call) {
        return (StoreBackend) Proxy.newProxyInstance(Altered.class.getClassLoader(), new Class<?>[] {StoreBackend.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (!method.getName().equals("contacts")) {
                        return result;
                    }
                    ContactStore store = (ContactStore) result;
                    return Proxy.newProxyInstance(Altered.class.getClassLoader(), new Class<?>[] {ContactStore.class},
                            (p, m, a) -> call.handle(store, m, a));
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
