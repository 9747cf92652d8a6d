package dev.stowage.readme;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The README's "test server" of the testkit example: it only records the namespaces in use, so
 * the example's {@code removeNamespace} has something to remove.
 */
final class MyTestServer {

    private static final Set<String> NAMESPACES = ConcurrentHashMap.newKeySet();

    private MyTestServer() {
    }

    static void use(String namespace) {
        NAMESPACES.add(namespace);
    }

    static void drop(String namespace) {
        if (!NAMESPACES.remove(namespace)) {
            throw new AssertionError("namespace " + namespace + " was never used");
        }
    }
}
