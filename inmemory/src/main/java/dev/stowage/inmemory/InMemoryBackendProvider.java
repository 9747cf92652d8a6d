package dev.stowage.inmemory;

import dev.stowage.spi.BackendContext;
import dev.stowage.spi.BackendProvider;
import dev.stowage.spi.StoreBackend;

import java.util.Set;

/**
 * Registers the in-memory backend under the name {@code memory}. It reads no configuration keys.
 */
public final class InMemoryBackendProvider implements BackendProvider {

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public InMemoryBackendProvider() {
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Set<String> configKeys() {
        return Set.of();
    }

    @Override
    public StoreBackend open(BackendContext context) {
        return new InMemoryBackend(context.clock(), context.refreshTokenHasher());
    }
}
