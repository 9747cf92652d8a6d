package dev.stowage;

import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.spi.StoreMigrationContext;
import dev.stowage.spi.StoreMigrationProvider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code stowage.<store>.migration.*} keys: {@code to} names the backend (or backend instance)
 * a store moves to, and is read here; every other key belongs to the
 * {@link StoreMigrationProvider} on the class path.
 */
final class MovingStores {

    /** The module that publishes the store migration provider. */
    static final String MODULE = "dev.stowage:stowage-migration";

    private static final String TO = "to";

    private MovingStores() {
    }

    /**
     * @param store a store
     * @return the prefix of its migration keys, {@code stowage.<store>.migration.}
     */
    static String prefix(String store) {
        return StowageConfig.PREFIX + store + ".migration.";
    }

    /**
     * @param store a store
     * @return {@code stowage.<store>.migration.to}
     */
    static String toKey(String store) {
        return prefix(store) + TO;
    }

    /**
     * @param key a configuration key
     * @return the store whose migration key it is, if it is one
     */
    static Optional<String> storeOf(String key) {
        String canonical = StowageConfig.canonical(key);
        return StoreMigrationContext.STORES.stream()
                .filter(store -> canonical.startsWith(StowageConfig.canonical(prefix(store))))
                .findFirst();
    }

    /**
     * @param key      a migration key of {@code store}
     * @param store    the store
     * @param provider the store migration provider on the class path, if any
     * @throws StoreConfigurationException naming the dependency to add without a provider, or the
     *     key and the valid ones if the provider does not read it
     */
    static void checkKey(String key, String store, Optional<StoreMigrationProvider> provider) {
        if (provider.isEmpty()) {
            throw new StoreConfigurationException("configuration key '" + key + "' is for moving the " + store
                    + " store, which needs a store migration provider on the class path: add the dependency " + MODULE);
        }
        Set<String> valid = new TreeSet<>(provider.get().configKeys());
        valid.add(TO);
        String relative = StowageConfig.canonical(key).substring(StowageConfig.canonical(prefix(store)).length());
        if (valid.stream().noneMatch(each -> StowageConfig.canonical(each).equals(relative))) {
            Set<String> shown = new TreeSet<>();
            valid.forEach(each -> shown.add(prefix(store) + each));
            throw new StoreConfigurationException("unknown configuration key '" + key + "' for moving the " + store
                    + " store; its keys are " + shown);
        }
    }

    /**
     * @param name      a backend or instance that failed to open
     * @param backendOf the backend (or instance) name of each store
     * @param movesTo   the backend (or instance) name each moving store moves to
     * @param failure   the failure
     * @return the failure naming the {@code migration.to} key that asked for the backend, when
     *     only moving stores use it (else the failure as it is: it concerns the stores' own backend)
     */
    static StoreConfigurationException namingTarget(String name, Map<String, String> backendOf,
                                                    Map<String, String> movesTo, StoreConfigurationException failure) {
        if (backendOf.containsValue(name)) {
            return failure;
        }
        List<String> keys = new ArrayList<>();
        movesTo.forEach((store, target) -> {
            if (target.equals(name)) {
                keys.add(toKey(store));
            }
        });
        return keys.isEmpty() ? failure : new StoreConfigurationException(String.join(", ", keys) + " names '" + name
                + "', which cannot be opened: " + failure.getMessage(), failure);
    }

    /**
     * @param config    the configuration, its keys already checked
     * @param backendOf the backend (or instance) name of each store
     * @param instances the configuration's backend instances
     * @return the backend (or instance) name each moving store moves to, by store
     * @throws StoreConfigurationException if a store moves to the backend it is on, names no
     *     target, or has migration keys without {@code to}
     */
    static Map<String, String> targets(StowageConfig config, Map<String, String> backendOf,
                                       BackendInstances instances) {
        Map<String, String> targets = new LinkedHashMap<>();
        backendOf.forEach((store, current) -> {
            Optional<String> to = config.get(toKey(store));
            if (to.isEmpty()) {
                config.keys().stream().filter(key -> storeOf(key).filter(store::equals).isPresent()).findFirst()
                        .ifPresent(key -> {
                            throw new StoreConfigurationException(key + " is set but " + toKey(store) + " is not: set"
                                    + " it to the backend (or backend instance) the " + store
                                    + " store moves to, or remove " + key);
                        });
                return;
            }
            String target = to.get().trim();
            if (target.isEmpty()) {
                throw new StoreConfigurationException(toKey(store) + " is empty: set it to the backend (or backend"
                        + " instance) the " + store + " store moves to");
            }
            if (instances.resolve(target).equals(instances.resolve(current))) {
                throw new StoreConfigurationException(toKey(store) + " is '" + target + "', the backend the " + store
                        + " store is already on (stowage." + store + ".backend or stowage.backend): name the"
                        + " backend or backend instance it moves to");
            }
            targets.put(store, target);
        });
        return targets;
    }
}
