package dev.stowage.spring.health;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import dev.stowage.exception.StoreException;
import dev.stowage.micrometer.MeteredBackend;
import dev.stowage.spi.StoreBackend;
import org.springframework.util.ClassUtils;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The health probes of a {@link Stores}: one per distinct backend ({@code postgres}, {@code redis},
 * {@code memory}, named as in configuration), {@code cache-channel} when the cache broadcasts
 * invalidations, and {@code switching-<store>} for each store that moves ({@link SwitchingProbe}). Free of Spring Boot's health types, so each Boot line's adapter is a few lines.
 * <p>
 * A backend probe reads one contact that does not exist, below the meters and the cache (so it
 * neither shows in the operation meters nor is answered from memory), and is bounded by the
 * backend's own statement or command timeout: up if the read answers, down with the error's type
 * and message if it throws.
 */
public final class StowageProbes {

    private static final boolean CACHE_PRESENT =
            ClassUtils.isPresent("dev.stowage.cache.Caching", StowageProbes.class.getClassLoader());
    private static final boolean SWITCHING_PRESENT = ClassUtils.isPresent(
            "dev.stowage.migration.switching.SwitchingBackend", StowageProbes.class.getClassLoader());

    private StowageProbes() {
    }

    /**
     * @param stores the stores
     * @return a probe per component, by name, in the order the stores list their backends
     */
    public static Map<String, Supplier<Probe>> of(Stores stores) {
        Map<String, Supplier<Probe>> probes = new LinkedHashMap<>();
        for (StoreBackend backend : stores.backends()) {
            StoreBackend probed = belowDecorators(backend);
            probes.putIfAbsent(backend.name(), () -> probe(probed));
        }
        if (CACHE_PRESENT) {
            CacheChannelProbe.of(stores).ifPresent(probe -> probes.put("cache-channel", probe));
        }
        if (SWITCHING_PRESENT) {
            probes.putAll(SwitchingProbe.of(stores));
        }
        return probes;
    }

    /**
     * @param backend a backend
     * @return its probe result
     */
    static Probe probe(StoreBackend backend) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("backend", backend.name());
        try {
            backend.contacts(TenantId.DEFAULT).get(new UUID(0, 0));
            return new Probe(true, details);
        } catch (StoreException e) {
            details.put("error", e.getClass().getSimpleName());
            details.put("message", e.getMessage());
            return new Probe(false, details);
        }
    }

    private static StoreBackend belowDecorators(StoreBackend backend) {
        StoreBackend probed = backend.unwrap(MeteredBackend.class).<StoreBackend>map(MeteredBackend::delegate)
                .orElse(backend);
        return CACHE_PRESENT ? CacheChannelProbe.belowCache(probed) : probed;
    }
}
