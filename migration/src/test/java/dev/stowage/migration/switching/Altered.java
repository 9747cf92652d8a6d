package dev.stowage.migration.switching;

import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactStore;
import dev.stowage.spi.StoreBackend;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A backend whose contact reads by id are deliberately slow or wrong, for shadow-read tests; every
 * other call goes to the real backend untouched.
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
        return (StoreBackend) Proxy.newProxyInstance(Altered.class.getClassLoader(), new Class<?>[] {StoreBackend.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (method.getName().equals("contacts")) {
                        ContactStore store = (ContactStore) result;
                        return Proxy.newProxyInstance(Altered.class.getClassLoader(), new Class<?>[] {ContactStore.class},
                                (p, m, a) -> {
                                    Object answer = invoke(store, m, a);
                                    if (m.getName().equals("get")) {
                                        @SuppressWarnings("unchecked")
                                        Optional<Contact> contact = (Optional<Contact>) answer;
                                        return answers.apply(contact);
                                    }
                                    return answer;
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
