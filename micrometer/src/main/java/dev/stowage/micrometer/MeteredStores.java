package dev.stowage.micrometer;

import dev.stowage.Stores;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.spi.StoreBackend;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Times every store operation on every backend with Micrometer:
 * <pre>{@code
 * Stores stores = MeteredStores.wrap(PostgresStores.builder(dataSource).build(), meterRegistry);
 * }</pre>
 * Meters:
 * <ul>
 *   <li>{@value #OPERATIONS}, a timer per operation and outcome, tagged {@code store}
 *       ({@code contacts}, {@code credits}, {@code tokens}, or {@code tenants} for the backend's
 *       {@code tenants} and {@code eraseTenant}), {@code backend} ({@code memory}, {@code postgres},
 *       {@code redis}, ...), {@code operation} (the method's name: {@code create}, {@code post},
 *       {@code rotateRefreshToken}, ...) and {@code outcome} ({@value #SUCCESS} or the exception's
 *       simple class name, such as {@code ConflictException});</li>
 *   <li>{@value #ERRORS}, a counter of failed operations tagged {@code store}, {@code backend},
 *       {@code operation} and {@code exception} (the exception's simple class name).</li>
 * </ul>
 * The timer wraps the call as the application sees it, so with the cache enabled a hit is timed
 * too (the cache's own {@code stowage.cache.*} meters tell hits from store reads). Histograms
 * and percentiles are left to the registry's configuration (a {@code MeterFilter}, or Spring
 * Boot's {@code management.metrics.distribution.*}). Closing the stores removes their meters.
 */
public final class MeteredStores {

    /** The timer of every store operation. */
    public static final String OPERATIONS = "stowage.store.operations";
    /** The counter of failed store operations. */
    public static final String ERRORS = "stowage.store.errors";
    /** The tag naming the store: {@code contacts}, {@code credits}, {@code tokens} or {@code tenants}. */
    public static final String TAG_STORE = "store";
    /** The tag naming the backend, as in configuration. */
    public static final String TAG_BACKEND = "backend";
    /** The tag naming the operation (the store method). */
    public static final String TAG_OPERATION = "operation";
    /** The timer's tag: {@value #SUCCESS} or the exception's simple class name. */
    public static final String TAG_OUTCOME = "outcome";
    /** The error counter's tag: the exception's simple class name. */
    public static final String TAG_EXCEPTION = "exception";
    /** The outcome of an operation that returned normally (an empty {@code Optional} included). */
    public static final String SUCCESS = "success";

    private MeteredStores() {
    }

    /**
     * @param backend  the backend to meter; closed when the returned one is
     * @param registry where the meters go
     * @return the metered backend
     * @throws StoreConfigurationException if the backend is already metered
     */
    public static MeteredBackend wrap(StoreBackend backend, MeterRegistry registry) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(registry, "registry");
        if (backend.unwrap(MeteredBackend.class).isPresent()) {
            throw new StoreConfigurationException("this backend is already metered; wrap the original backend once");
        }
        return new MeteredBackend(backend, registry);
    }

    /**
     * @param stores   the stores to meter; their backends are closed when the returned stores are
     * @param registry where the meters go
     * @return stores of the same tenant whose every operation is metered
     * @throws StoreConfigurationException if the stores are already metered
     */
    public static Stores wrap(Stores stores, MeterRegistry registry) {
        Objects.requireNonNull(stores, "stores");
        Objects.requireNonNull(registry, "registry");
        if (isMetered(stores)) {
            throw new StoreConfigurationException("these stores are already metered; wrap the original stores once");
        }
        Map<StoreBackend, StoreBackend> metered = new IdentityHashMap<>();
        for (StoreBackend backend : stores.backends()) {
            metered.put(backend, new MeteredBackend(backend, registry));
        }
        return Stores.of(metered.get(stores.contactsBackend()), metered.get(stores.creditsBackend()),
                metered.get(stores.tokensBackend()), stores.tenant());
    }

    /**
     * @param stores stores
     * @return whether any of their backends is metered
     */
    public static boolean isMetered(Stores stores) {
        return stores.backends().stream().anyMatch(backend -> backend.unwrap(MeteredBackend.class).isPresent());
    }
}
