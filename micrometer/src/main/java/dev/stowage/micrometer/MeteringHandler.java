package dev.stowage.micrometer;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Times every method of a store interface through a dynamic proxy, so an operation added to
 * {@code ContactStore}, {@code CreditStore} or {@code TokenStore} is metered without a line
 * here (the store interfaces have dozens of methods and keep growing). The operation tag is the
 * method's name; overloads share it.
 */
final class MeteringHandler implements InvocationHandler {

    private final Object target;
    private final OperationMeters meters;

    private MeteringHandler(Object target, OperationMeters meters) {
        this.target = target;
        this.meters = meters;
    }

    /**
     * @param type   the store interface
     * @param target the store to meter
     * @param meters the meters of that store
     * @param <T>    the store type
     * @return a store that records every call in the meters
     */
    static <T> T meter(Class<T> type, T target, OperationMeters meters) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new MeteringHandler(target, meters)));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "Metered[" + target + "]";
            };
        }
        long start = meters.now();
        try {
            Object result = method.invoke(target, args);
            meters.record(method.getName(), meters.now() - start, null);
            return result;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            meters.record(method.getName(), meters.now() - start, cause);
            throw cause;
        }
    }
}
