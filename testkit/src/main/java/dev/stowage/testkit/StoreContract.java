package dev.stowage.testkit;

import dev.stowage.TenantId;
import dev.stowage.spi.StoreBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.util.UUID;

/**
 * Shared life cycle of the contract suites. A backend plugs in by implementing
 * {@link #openBackend(Clock)}:
 * <pre>{@code
 * class MyContactStoreTest extends ContactStoreContract {
 *     @Override
 *     protected StoreBackend openBackend(Clock clock) {
 *         return MyStores.builder(...).clock(clock).buildBackend();
 *     }
 * }
 * }</pre>
 * The backend is opened once per test class with a {@link MutableClock}; every test runs in a
 * fresh, random tenant, so tests never see each other's data and need no cleanup between them.
 * Override {@link #closeBackend(StoreBackend)} to drop the class's schema or keys afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
public abstract class StoreContract {

    /** The clock of the backend under test; tests move it to drive timestamps and expiry. */
    protected final MutableClock clock = MutableClock.standard();

    /** The backend under test, opened once per class. */
    protected StoreBackend backend;

    /** A fresh tenant for the current test. */
    protected TenantId tenant;

    /**
     * Opens the backend under test. Called once per test class.
     *
     * @param clock the clock the backend's stores must use for every timestamp and expiry decision
     * @return the backend
     */
    protected abstract StoreBackend openBackend(Clock clock);

    /**
     * Closes the backend after the class's last test. Override to also remove the class's
     * schema or key prefix; call {@code super.closeBackend(backend)} first.
     *
     * @param backend the backend under test
     */
    protected void closeBackend(StoreBackend backend) {
        backend.close();
    }

    @BeforeAll
    final void openBackendOnce() {
        backend = openBackend(clock);
    }

    @AfterAll
    final void closeBackendOnce() {
        if (backend != null) {
            closeBackend(backend);
        }
    }

    @BeforeEach
    final void useFreshTenant() {
        tenant = freshTenant();
    }

    /**
     * @return a new tenant no other test uses
     */
    protected static TenantId freshTenant() {
        return TenantId.of("t-" + UUID.randomUUID().toString().substring(0, 18));
    }
}
