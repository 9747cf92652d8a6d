package dev.stowage;

import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.spi.BackendProvider;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The backend instances of a configuration. A named instance is declared by
 * {@code stowage.backends.<name>.type=<backend>} and configured by the backend's keys under
 * {@code stowage.backends.<name>.}; every backend also has the instance named after it, configured
 * by {@code stowage.<backend>.*}. Backends read their keys as {@code stowage.<backend>.<key>}, so
 * each instance's provider is handed a view of the configuration in which that instance's keys,
 * and no other instance's, appear under {@code stowage.<backend>.}. Immutable.
 */
final class BackendInstances {

    /** The prefix of every named instance's keys. */
    static final String PREFIX = "stowage.backends.";

    private static final String CANONICAL_PREFIX = StowageConfig.canonical(PREFIX);
    private static final String TYPE = "type";
    private static final String CANONICAL_TYPE_SUFFIX = "_" + StowageConfig.canonical(TYPE);
    /** A name in canonical form: lower-case letters, digits and '-' upper-cased, '-' as '_'. */
    private static final Pattern CANONICAL_NAME = Pattern.compile("[A-Z0-9]+(_[A-Z0-9]+)*");

    /**
     * One backend instance.
     *
     * @param name  what {@code stowage.<store>.backend} names it by
     * @param type  the backend ({@link BackendProvider#name()}) it is an instance of
     * @param named whether it is declared under {@value #PREFIX} (else it is the instance
     *              named after its type, configured by {@code stowage.<type>.*})
     */
    record Instance(String name, String type, boolean named) {

        /** @return the prefix of this instance's keys as the configuration gives them */
        String keyPrefix() {
            return named ? PREFIX + name + "." : StowageConfig.PREFIX + type + ".";
        }
    }

    private final StowageConfig config;
    private final Map<String, BackendProvider> providers;
    /** The declared named instances, by name. */
    private final Map<String, Instance> declared;

    private BackendInstances(StowageConfig config, Map<String, BackendProvider> providers,
                             Map<String, Instance> declared) {
        this.config = config;
        this.providers = providers;
        this.declared = declared;
    }

    /**
     * Reads the instances the configuration declares.
     *
     * @param config    the configuration
     * @param providers the backends on the class path, by name
     * @param modules   the modules of the backends Stowage publishes, by backend name
     * @return the instances
     * @throws StoreConfigurationException if a name is malformed or taken by another backend, or
     *     a type is missing, unknown or not on the class path (naming the dependency to add)
     */
    static BackendInstances of(StowageConfig config, Map<String, BackendProvider> providers,
                               Map<String, String> modules) {
        Map<String, Instance> declared = new TreeMap<>();
        for (String key : config.keys()) {
            String canonical = StowageConfig.canonical(key);
            if (!canonical.startsWith(CANONICAL_PREFIX) || !canonical.endsWith(CANONICAL_TYPE_SUFFIX)
                    || canonical.length() <= CANONICAL_PREFIX.length() + CANONICAL_TYPE_SUFFIX.length()) {
                continue;
            }
            String canonicalName = canonical.substring(CANONICAL_PREFIX.length(),
                    canonical.length() - CANONICAL_TYPE_SUFFIX.length());
            if (!CANONICAL_NAME.matcher(canonicalName).matches()) {
                throw new StoreConfigurationException("the backend instance name in '" + key + "' must be lower-case"
                        + " letters, digits and '-', as in " + PREFIX + "archive." + TYPE + "=postgres");
            }
            String name = canonicalName.toLowerCase(Locale.ROOT).replace('_', '-');
            String type = config.get(key).orElse("").trim();
            checkType(key, name, type, providers, modules);
            if ((providers.containsKey(name) || modules.containsKey(name)) && !name.equals(type)) {
                throw new StoreConfigurationException("backend instance '" + name + "' has the name of the '" + name
                        + "' backend, so it must be of type '" + name + "', not '" + type + "' (" + key
                        + "); give the instance another name");
            }
            declared.put(name, new Instance(name, type, true));
        }
        BackendInstances instances = new BackendInstances(config, providers, declared);
        declared.values().forEach(instances::checkNotConfiguredTwice);
        return instances;
    }

    private static void checkType(String key, String name, String type, Map<String, BackendProvider> providers,
                                  Map<String, String> modules) {
        if (providers.containsKey(type)) {
            return;
        }
        if (type.isEmpty()) {
            throw new StoreConfigurationException("backend instance '" + name + "' has no type: set " + key
                    + " to one of " + Stowage.availableOrHint(providers.keySet()));
        }
        String module = modules.get(type);
        if (module != null) {
            throw new StoreConfigurationException("backend instance '" + name + "' is of type '" + type + "' (" + key
                    + "), which is not on the class path: add the dependency " + module);
        }
        throw new StoreConfigurationException("unknown backend type '" + type + "' for backend instance '" + name
                + "' (" + key + "); available: " + Stowage.availableOrHint(providers.keySet()));
    }

    /** A named instance called after its type and that type's own keys would be two configurations of one instance. */
    private void checkNotConfiguredTwice(Instance instance) {
        if (!instance.name().equals(instance.type())) {
            return;
        }
        String single = StowageConfig.canonical(StowageConfig.PREFIX + instance.type() + ".");
        for (String key : config.keys()) {
            if (StowageConfig.canonical(key).startsWith(single)) {
                throw new StoreConfigurationException("backend instance '" + instance.name() + "' is configured twice,"
                        + " by " + PREFIX + instance.name() + ".* and by " + key + "; keep one of the two");
            }
        }
    }

    /**
     * @param name a backend or instance name, as {@code stowage.<store>.backend} gives it
     * @return the declared instance of that name, else the instance named after the backend
     *     {@code name} (whose provider may not be on the class path: the caller says so)
     */
    Instance resolve(String name) {
        Instance instance = declared.get(name);
        return instance != null ? instance : new Instance(name, name, false);
    }

    /**
     * @return the names of the declared instances, sorted
     */
    Set<String> names() {
        return declared.keySet();
    }

    /**
     * @param key a configuration key
     * @return whether it is under {@value #PREFIX}, so {@link #checkKey} decides about it
     */
    static boolean isInstanceKey(String key) {
        return StowageConfig.canonical(key).startsWith(CANONICAL_PREFIX);
    }

    /**
     * @param key a key under {@value #PREFIX}
     * @throws StoreConfigurationException unless it is the type or a key of the backend of a
     *     declared instance, naming the key and the valid ones
     */
    void checkKey(String key) {
        String canonical = StowageConfig.canonical(key);
        Instance owner = ownerOf(canonical).orElseThrow(() -> undeclared(key));
        String relative = canonical.substring(CANONICAL_PREFIX.length() + StowageConfig.canonical(owner.name()).length() + 1);
        Set<String> valid = new TreeSet<>();
        valid.add(TYPE);
        valid.addAll(providers.get(owner.type()).configKeys());
        if (valid.stream().noneMatch(each -> StowageConfig.canonical(each).equals(relative))) {
            Set<String> shown = new TreeSet<>();
            valid.forEach(each -> shown.add(owner.keyPrefix() + each));
            throw new StoreConfigurationException("unknown configuration key '" + key + "' for backend instance '"
                    + owner.name() + "' (type " + owner.type() + "); its keys are " + shown);
        }
    }

    /** @return the declared instance with the longest name whose prefix the key starts with */
    private Optional<Instance> ownerOf(String canonicalKey) {
        Instance owner = null;
        for (Instance instance : declared.values()) {
            String prefix = CANONICAL_PREFIX + StowageConfig.canonical(instance.name()) + "_";
            if (canonicalKey.startsWith(prefix) && (owner == null || instance.name().length() > owner.name().length())) {
                owner = instance;
            }
        }
        return Optional.ofNullable(owner);
    }

    private StoreConfigurationException undeclared(String key) {
        String rest = key.substring(Math.min(key.length(), PREFIX.length()));
        int dot = rest.indexOf('.');
        String hint = dot > 0 ? "declare the instance with " + PREFIX + rest.substring(0, dot) + "." + TYPE
                : "an instance's keys are " + PREFIX + "<name>.<key>, declared with " + PREFIX + "<name>." + TYPE;
        return new StoreConfigurationException("configuration key '" + key + "' belongs to no declared backend"
                + " instance: " + hint + " set to its backend, one of " + Stowage.availableOrHint(providers.keySet())
                + (declared.isEmpty() ? "" : " (declared instances: " + String.join(", ", declared.keySet()) + ")"));
    }

    /**
     * @param instance an instance
     * @return the configuration its provider is opened with: everything outside
     *     {@value #PREFIX}, with a named instance's keys moved to {@code stowage.<type>.} in place
     *     of the single-instance keys of its type
     */
    StowageConfig configFor(Instance instance) {
        String single = StowageConfig.canonical(StowageConfig.PREFIX + instance.type() + ".");
        String own = CANONICAL_PREFIX + StowageConfig.canonical(instance.name()) + "_";
        Map<String, String> view = new TreeMap<>();
        for (String key : config.keys()) {
            String canonical = StowageConfig.canonical(key);
            String value = config.get(key).orElseThrow();
            if (!canonical.startsWith(CANONICAL_PREFIX)) {
                if (!instance.named() || !canonical.startsWith(single)) {
                    view.put(key, value);
                }
            } else if (instance.named() && ownerOf(canonical).filter(instance::equals).isPresent()) {
                String relative = canonical.substring(own.length());
                if (!relative.equals(StowageConfig.canonical(TYPE))) {
                    view.put(StowageConfig.PREFIX + instance.type() + "." + relative.toLowerCase(Locale.ROOT)
                            .replace('_', '.'), value);
                }
            }
        }
        return StowageConfig.of(view);
    }

    /**
     * @param instance a named instance
     * @param failure  its provider's configuration failure, which names the keys as
     *                 {@code stowage.<type>.*}
     * @return the failure naming the keys as the configuration gives them
     */
    static StoreConfigurationException renamed(Instance instance, StoreConfigurationException failure) {
        String message = String.valueOf(failure.getMessage())
                .replace(StowageConfig.PREFIX + instance.type() + ".", instance.keyPrefix());
        return new StoreConfigurationException("backend instance '" + instance.name() + "': " + message, failure);
    }
}
