package dev.stowage;

import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.spi.BackendContext;
import dev.stowage.spi.BackendProvider;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.TokenStore;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test backends "fake" and "other" that record how they were opened and closed. */
public class FakeBackendProvider implements BackendProvider {

    static final List<FakeBackend> opened = new CopyOnWriteArrayList<>();
    /** The contexts backends were opened with, in order. */
    static final List<BackendContext> contexts = new CopyOnWriteArrayList<>();

    private final String name;

    public FakeBackendProvider() {
        this("fake");
    }

    FakeBackendProvider(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of("pool.max-size", "fail");
    }

    @Override
    public StoreBackend open(BackendContext context) {
        if (context.config().getBoolean("stowage." + name + ".fail", false)) {
            throw new StoreConfigurationException("stowage." + name + ".fail is true: backend " + name
                    + " was told to fail");
        }
        contexts.add(context);
        FakeBackend backend = new FakeBackend(name, context.config().getInt("stowage." + name + ".pool.max-size", 10),
                context.config());
        opened.add(backend);
        return backend;
    }

    /** The second test backend. */
    public static final class Other extends FakeBackendProvider {
        public Other() {
            super("other");
        }
    }

    static final class FakeBackend implements StoreBackend {
        final String name;
        final int poolMaxSize;
        /** The configuration the backend was opened with. */
        final StowageConfig config;
        int closeCount;

        FakeBackend(String name, int poolMaxSize, StowageConfig config) {
            this.name = name;
            this.poolMaxSize = poolMaxSize;
            this.config = config;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public ContactStore contacts(TenantId tenant) {
            return stub(ContactStore.class);
        }

        @Override
        public CreditStore credits(TenantId tenant) {
            return stub(CreditStore.class);
        }

        @Override
        public TokenStore tokens(TenantId tenant) {
            return stub(TokenStore.class);
        }

        @Override
        public void close() {
            closeCount++;
        }

        private static <T> T stub(Class<T> type) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
                throw new UnsupportedOperationException("a fake store does no work: " + method.getName());
            }));
        }
    }
}
