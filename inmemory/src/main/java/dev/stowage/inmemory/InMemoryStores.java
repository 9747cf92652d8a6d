package dev.stowage.inmemory;

import dev.stowage.Stores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.RefreshTokenHasher;

import java.time.Clock;

/**
 * The in-memory backend: thread-safe, complete, and the reference every other backend is tested
 * against. Data lives as long as the backend; nothing is persisted.
 * <pre>{@code
 * try (Stores stores = InMemoryStores.create(Clock.systemUTC())) {
 *     stores.credits().post(Posting.purchase("user-1", 100));
 * }
 * }</pre>
 * Configuration name: {@code memory} ({@code stowage.backend=memory}); it reads no keys.
 */
public final class InMemoryStores {

    private InMemoryStores() {
    }

    /**
     * @param clock the clock of every timestamp and expiry decision
     * @return stores of the default tenant over a new, empty backend
     */
    public static Stores create(Clock clock) {
        return Stores.of(backend(clock));
    }

    /**
     * @return stores over a new, empty backend with the system UTC clock
     */
    public static Stores create() {
        return create(Clock.systemUTC());
    }

    /**
     * @param clock the clock of every timestamp and expiry decision
     * @return a new, empty backend, for decorators and contract tests
     */
    public static StoreBackend backend(Clock clock) {
        return backend(clock, RefreshTokenHasher.sha256());
    }

    /**
     * @param clock  the clock of every timestamp and expiry decision
     * @param hasher how refresh tokens are hashed ({@link RefreshTokenHasher#hmacSha256} for a server key)
     * @return a new, empty backend
     */
    public static StoreBackend backend(Clock clock, RefreshTokenHasher hasher) {
        return new InMemoryBackend(clock, hasher);
    }
}
