package dev.stowage.spring;

import dev.stowage.StowageConfig;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the {@code stowage.*} properties of a Spring {@link Environment} into a
 * {@link StowageConfig}, so the starter accepts exactly the keys of {@code Stowage.open}.
 * Spring's relaxed binding finds them in every property source ({@code application.properties},
 * YAML, {@code STOWAGE_POSTGRES_URL} in the environment, command-line arguments); a camel-case
 * key ({@code stowage.postgres.pool.maxSize}) is turned into the kebab case the library uses
 * ({@code pool.max-size}). As in {@link StowageConfig#fromEnvironment()}, {@code stowage.test.*}
 * ({@code STOWAGE_TEST_*} variables) belongs to test setups and is left out. Nothing is validated here: {@code Stowage.open} rejects unknown keys
 * and malformed values with its own messages.
 */
public final class SpringStowageConfig {

    /** The canonical start of the keys of test setups ({@code STOWAGE_TEST_POSTGRES_URL}, ...). */
    private static final String TEST_SETUP = "TEST_";

    private SpringStowageConfig() {
    }

    /**
     * @param environment the application's environment
     * @return its {@code stowage.*} properties as a library configuration
     */
    public static StowageConfig from(Environment environment) {
        Map<String, String> bound = Binder.get(environment)
                .bind("stowage", Bindable.mapOf(String.class, String.class)).orElseGet(Map::of);
        Map<String, Object> entries = new TreeMap<>();
        bound.forEach((key, value) -> {
            if (!StowageConfig.canonical(key).startsWith(TEST_SETUP)) {
                entries.put(StowageConfig.PREFIX + kebab(key), value);
            }
        });
        return StowageConfig.of(entries);
    }

    /**
     * @return the key with every upper-case letter of a camel-case word turned into {@code -} and
     *     its lower-case form ({@code pool.maxSize} becomes {@code pool.max-size})
     */
    static String kebab(String key) {
        StringBuilder text = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(key.charAt(i - 1))) {
                text.append('-');
            }
            text.append(Character.toLowerCase(c));
        }
        return text.toString().toLowerCase(Locale.ROOT);
    }
}
