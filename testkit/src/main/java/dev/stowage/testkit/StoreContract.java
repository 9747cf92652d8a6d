package dev.stowage.testkit;

import dev.stowage.TenantId;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.exception.StoreClosedException;
import dev.stowage.token.TokenStore;
import dev.stowage.spi.StoreBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * The backend is opened once per test class with a {@link MutableClock} (and once more for
 * {@link #a_closed_backend_refuses_further_work_and_closing_twice_is_harmless()}); every test runs in a
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
     * Opens the backend under test: once per test class, and once more by the life-cycle test,
     * which closes that second backend itself.
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

    @Test
    void a_closed_backend_refuses_further_work_and_closing_twice_is_harmless() {
        StoreBackend second = openBackend(clock);
        ContactStore contacts = second.contacts(tenant);
        CreditStore credits = second.credits(tenant);
        TokenStore tokens = second.tokens(tenant);
        second.close();
        second.close();
        assertThatThrownBy(() -> contacts.get(UUID.randomUUID())).isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> credits.account("closed")).isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> tokens.isAccessTokenRevoked("closed")).isInstanceOf(StoreClosedException.class);
        assertThat(backend.contacts(tenant).get(UUID.randomUUID()))
                .as("closing another backend leaves the one under test working").isEmpty();
    }

    /**
     * @return a new tenant no other test uses
     */
    protected static TenantId freshTenant() {
        return TenantId.of("t-" + UUID.randomUUID().toString().substring(0, 18));
    }
}
