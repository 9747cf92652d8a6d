package dev.stowage;

import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.support.Secrets;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Immutable configuration for {@link Stowage#open}: the {@code stowage.*} entries of a map,
 * {@link Properties} or the environment. Entries outside the {@code stowage.} prefix are ignored,
 * so an application can pass its whole configuration. Key matching is relaxed: case, {@code .},
 * {@code -} and {@code _} are not significant, so {@code STOWAGE_POSTGRES_POOL_MAX_SIZE} in the
 * environment sets {@code stowage.postgres.pool.max-size}. Values of keys that may hold
 * credentials ({@link Secrets#isSecretKey}) are never shown, in {@link #toString()} or in
 * messages. Keys that no core feature or backend reads are rejected by {@link Stowage#open}.
 */
public final class StowageConfig {

    /** Every key starts with this. */
    public static final String PREFIX = "stowage.";

    private final Map<String, String> values;

    private StowageConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * @param entries configuration entries; non-{@code stowage.} keys are ignored, values are
     *                converted with {@link String#valueOf}
     * @return the configuration
     */
    public static StowageConfig of(Map<String, ?> entries) {
        TreeMap<String, String> values = new TreeMap<>();
        entries.forEach((key, value) -> {
            if (key != null && key.toLowerCase(Locale.ROOT).startsWith(PREFIX) && value != null) {
                values.put(key.trim(), String.valueOf(value).trim());
            }
        });
        return new StowageConfig(values);
    }

    /**
     * @param properties properties, for example loaded from {@code application.properties}
     * @return the configuration of their {@code stowage.*} entries
     */
    public static StowageConfig fromProperties(Properties properties) {
        TreeMap<String, Object> entries = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            entries.put(name, properties.getProperty(name));
        }
        return of(entries);
    }

    /**
     * @return the configuration of this process's {@code STOWAGE_*} environment variables
     */
    public static StowageConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Maps {@code STOWAGE_POSTGRES_URL} to {@code stowage.postgres.url}. Variables starting
     * with {@code STOWAGE_TEST_} belong to test setups and are ignored.
     *
     * @param environment environment variables
     * @return the configuration
     */
    public static StowageConfig fromEnvironment(Map<String, String> environment) {
        TreeMap<String, Object> entries = new TreeMap<>();
        environment.forEach((name, value) -> {
            String upper = name.toUpperCase(Locale.ROOT);
            if (upper.startsWith("STOWAGE_") && !upper.startsWith("STOWAGE_TEST_")) {
                entries.put(upper.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return of(entries);
    }

    /**
     * @param key   a key
     * @param value its value
     * @return a copy with the entry added or replaced
     */
    public StowageConfig with(String key, Object value) {
        TreeMap<String, String> copy = new TreeMap<>(values);
        copy.keySet().removeIf(existing -> canonical(existing).equals(canonical(key)));
        copy.put(key, String.valueOf(value));
        return new StowageConfig(copy);
    }

    /**
     * @param other another configuration
     * @return a copy where {@code other}'s entries win
     */
    public StowageConfig overriddenBy(StowageConfig other) {
        StowageConfig merged = this;
        for (Map.Entry<String, String> entry : other.values.entrySet()) {
            merged = merged.with(entry.getKey(), entry.getValue());
        }
        return merged;
    }

    /**
     * @return the keys as given
     */
    public Set<String> keys() {
        return values.keySet();
    }

    /**
     * @param key a key, matched relaxed
     * @return its value, or empty
     */
    public Optional<String> get(String key) {
        String wanted = canonical(key);
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (canonical(entry.getKey()).equals(wanted)) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * @param key      a key
     * @param fallback the value if absent
     * @return the value or the fallback
     */
    public String getString(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    /**
     * @param key      a key
     * @param fallback the value if absent
     * @return the value as an int
     * @throws StoreConfigurationException naming the key if the value is not an integer
     */
    public int getInt(String key, int fallback) {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            throw new StoreConfigurationException(key + " must be an integer, was '" + shown(key, value.get()) + "'");
        }
    }

    /**
     * @param key      a key
     * @param fallback the value if absent
     * @return the value as a boolean ({@code true} or {@code false}, any case)
     * @throws StoreConfigurationException naming the key if the value is neither
     */
    public boolean getBoolean(String key, boolean fallback) {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return fallback;
        }
        String text = value.get().toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw new StoreConfigurationException(key + " must be true or false, was '" + shown(key, value.get()) + "'");
        }
        return Boolean.parseBoolean(text);
    }

    /**
     * @param key      a key
     * @param fallback the value if absent
     * @return the value as a duration: ISO-8601 ({@code PT5S}) or a number with a unit
     *     ({@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d})
     * @throws StoreConfigurationException naming the key if the value is not a duration
     */
    public Duration getDuration(String key, Duration fallback) {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return fallback;
        }
        String text = value.get().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("p")) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new NumberFormatException(text);
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new StoreConfigurationException(key + " must be a duration such as 500ms, 5s, 2m or PT5S, was '"
                    + shown(key, value.get()) + "'");
        }
    }

    /**
     * The relaxed form keys are compared in: upper case, every run of {@code .}, {@code -} and
     * {@code _} a single underscore.
     *
     * @param key a key
     * @return its canonical form
     */
    public static String canonical(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[._-]+", "_");
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("StowageConfig{");
        values.forEach((key, value) -> text.append(key).append('=')
                .append(shown(key, value)).append(", "));
        if (!values.isEmpty()) {
            text.setLength(text.length() - 2);
        }
        return text.append('}').toString();
    }

    /**
     * @param key   a key
     * @param value its value
     * @return the value as it may be shown in a message: masked for keys that may hold credentials
     */
    public static String shown(String key, String value) {
        return Secrets.isSecretKey(key) ? Secrets.MASK : value;
    }
}
