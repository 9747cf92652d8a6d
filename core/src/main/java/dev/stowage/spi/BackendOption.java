package dev.stowage.spi;

import dev.stowage.StowageConfig;
import dev.stowage.exception.StoreConfigurationException;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.ObjIntConsumer;
import java.util.stream.Collectors;

/**
 * One configuration option of a backend, declared once: its key, its default and meaning as
 * documented, whether its value is secret, and how a configured value is applied to the
 * backend's builder. A provider lists its options in one table that both
 * {@link BackendProvider#configKeys()} ({@link #keys}) and {@link BackendProvider#open}
 * ({@link #applyAll}) read, so an option cannot be accepted without being applied, or the
 * other way round (as Micrometer's registry configs declare each property once).
 * <pre>{@code
 * static final List<BackendOption<MyStores.Builder>> OPTIONS = List.of(
 *         BackendOption.required("url", "my://host:1234", "where the server is"),
 *         BackendOption.duration("timeout", Duration.ofSeconds(2), "how long one call may take",
 *                 MyStores.Builder::timeout));
 * }</pre>
 *
 * @param key          the key relative to {@code stowage.<backend>.}, e.g. {@code "pool.max-size"}
 * @param defaultValue the default as documented, or {@code null} if there is none
 * @param example      an example value for messages and documentation, or {@code null}
 * @param description  what the option means
 * @param required     whether opening fails without it (see {@link #require})
 * @param secret       whether the value is a credential that must never be shown
 * @param binding      applies a configured value to the builder; does nothing for options the
 *                     provider reads itself ({@link #required})
 * @param <B>          the builder type the option configures
 */
public record BackendOption<B>(String key, String defaultValue, String example, String description,
                               boolean required, boolean secret, Binding<B> binding) {

    /**
     * Applies one configured value to a builder.
     *
     * @param <B> the builder type
     */
    @FunctionalInterface
    public interface Binding<B> {
        /**
         * @param builder the builder
         * @param config  the configuration (read the value with its typed getters, which name the
         *                key when it is malformed)
         * @param fullKey the option's full key, e.g. {@code stowage.postgres.pool.max-size}
         */
        void apply(B builder, StowageConfig config, String fullKey);
    }

    /**
     * Use the factories ({@link #text}, {@link #duration}, ...) rather than this constructor.
     *
     * @param key          the key relative to {@code stowage.<backend>.}
     * @param defaultValue the default as documented, or {@code null}
     * @param example      an example value, or {@code null}
     * @param description  what the option means
     * @param required     whether opening fails without it
     * @param secret       whether the value is a credential
     * @param binding      applies a configured value to the builder
     * @throws NullPointerException if key, description or binding is missing
     */
    public BackendOption {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(binding, "binding");
    }

    /**
     * @param key         the key
     * @param example     an example value, quoted when the key is missing
     * @param description what it means
     * @param <B>         the builder type
     * @return a required option the provider reads with {@link #require} (typically the
     *     builder's constructor argument, such as a URL)
     */
    public static <B> BackendOption<B> required(String key, String example, String description) {
        return new BackendOption<>(key, null, example, description, true, false, (builder, config, fullKey) -> { });
    }

    /**
     * @param key          the key
     * @param defaultValue the documented default, or {@code null}
     * @param description  what it means
     * @param setter       applies the value
     * @param <B>          the builder type
     * @return a text option
     */
    public static <B> BackendOption<B> text(String key, String defaultValue, String description,
                                            BiConsumer<B, String> setter) {
        return new BackendOption<>(key, defaultValue, null, description, false, false,
                (builder, config, fullKey) -> config.get(fullKey).ifPresent(value -> setter.accept(builder, value)));
    }

    /**
     * @param key         the key
     * @param description what it means
     * @param setter      applies the value
     * @param <B>         the builder type
     * @return a secret text option: its value never appears in a message
     */
    public static <B> BackendOption<B> secret(String key, String description, BiConsumer<B, String> setter) {
        return new BackendOption<>(key, null, null, description, false, true,
                (builder, config, fullKey) -> config.get(fullKey).ifPresent(value -> setter.accept(builder, value)));
    }

    /**
     * @param key          the key
     * @param defaultValue the default
     * @param description  what it means
     * @param setter       applies the value
     * @param <B>          the builder type
     * @return an integer option
     */
    public static <B> BackendOption<B> integer(String key, int defaultValue, String description,
                                               ObjIntConsumer<B> setter) {
        return new BackendOption<>(key, Integer.toString(defaultValue), null, description, false, false,
                (builder, config, fullKey) -> {
                    if (config.get(fullKey).isPresent()) {
                        setter.accept(builder, config.getInt(fullKey, defaultValue));
                    }
                });
    }

    /**
     * @param key          the key
     * @param defaultValue the default
     * @param description  what it means
     * @param setter       applies the value
     * @param <B>          the builder type
     * @return a {@code true}/{@code false} option
     */
    public static <B> BackendOption<B> flag(String key, boolean defaultValue, String description,
                                            BiConsumer<B, Boolean> setter) {
        return new BackendOption<>(key, Boolean.toString(defaultValue), null, description, false, false,
                (builder, config, fullKey) -> {
                    if (config.get(fullKey).isPresent()) {
                        setter.accept(builder, config.getBoolean(fullKey, defaultValue));
                    }
                });
    }

    /**
     * @param key          the key
     * @param defaultValue the default
     * @param description  what it means
     * @param setter       applies the value
     * @param <B>          the builder type
     * @return a duration option: {@code 500ms}, {@code 5s}, {@code 2m}, {@code PT5S}, or {@code 0}
     *     for zero
     */
    public static <B> BackendOption<B> duration(String key, Duration defaultValue, String description,
                                                BiConsumer<B, Duration> setter) {
        return duration(key, format(defaultValue), description, setter);
    }

    /**
     * @param key          the key
     * @param defaultValue the documented default, when it is not one fixed duration (e.g. derived from another option)
     * @param description  what it means
     * @param setter       applies the value
     * @param <B>          the builder type
     * @return a duration option, as {@link #duration(String, Duration, String, BiConsumer)}
     */
    public static <B> BackendOption<B> duration(String key, String defaultValue, String description,
                                                BiConsumer<B, Duration> setter) {
        return new BackendOption<>(key, defaultValue, null, description, false, false,
                (builder, config, fullKey) -> config.get(fullKey).ifPresent(value -> setter.accept(builder,
                        value.equals("0") ? Duration.ZERO : config.getDuration(fullKey, null))));
    }

    /**
     * @param key          the key
     * @param defaultValue the default constant
     * @param description  what it means
     * @param setter       applies the value
     * @param <B>          the builder type
     * @param <E>          the enum of accepted values
     * @return an option whose value is one of the enum's constants, in any case
     */
    public static <B, E extends Enum<E>> BackendOption<B> choice(String key, E defaultValue, String description,
                                                                 BiConsumer<B, E> setter) {
        Class<E> type = defaultValue.getDeclaringClass();
        return new BackendOption<>(key, defaultValue.name().toLowerCase(Locale.ROOT), null, description, false, false,
                (builder, config, fullKey) -> config.get(fullKey).ifPresent(value ->
                        setter.accept(builder, constant(type, fullKey, value))));
    }

    /**
     * @param backend the backend's name, e.g. {@code postgres}
     * @return the full key, e.g. {@code stowage.postgres.pool.max-size}
     */
    public String fullKey(String backend) {
        return StowageConfig.PREFIX + backend + "." + key;
    }

    /**
     * @param config  the configuration
     * @param backend the backend's name
     * @return the configured value of a required option
     * @throws StoreConfigurationException naming the key and an example if it is missing
     */
    public String require(StowageConfig config, String backend) {
        return config.get(fullKey(backend)).orElseThrow(() -> new StoreConfigurationException(fullKey(backend)
                + " is required for the " + backend + " backend" + (example == null ? "" : ", e.g. " + example)));
    }

    /**
     * @param config  the configuration
     * @param backend the backend's name
     * @return the configured value as given, if any
     */
    public Optional<String> value(StowageConfig config, String backend) {
        return config.get(fullKey(backend));
    }

    /**
     * @param backend the backend's name
     * @return the option as a row of the key table of the backend's README:
     *     {@code | `stowage.<backend>.<key>` | default | description |}, so the documentation is
     *     checked against this one declaration
     */
    public String documentationRow(String backend) {
        String shownDefault = required ? "required" + (example == null ? "" : ", e.g. `" + example + "`")
                : defaultValue == null ? "" : "`" + defaultValue + "`";
        return "| `" + fullKey(backend) + "` | " + shownDefault + " | " + description + " |";
    }

    /**
     * @param options a provider's option table
     * @return the keys, for {@link BackendProvider#configKeys()}
     */
    public static Set<String> keys(Collection<? extends BackendOption<?>> options) {
        return options.stream().map(BackendOption::key).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * Applies every configured option of the table to the builder, in table order.
     *
     * @param options the provider's option table
     * @param builder the builder
     * @param config  the configuration
     * @param backend the backend's name
     * @param <B>     the builder type
     * @return the builder
     */
    public static <B> B applyAll(Collection<BackendOption<B>> options, B builder, StowageConfig config, String backend) {
        for (BackendOption<B> option : options) {
            option.binding().apply(builder, config, option.fullKey(backend));
        }
        return builder;
    }

    /**
     * @param value a duration
     * @return it as configuration text: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}
     */
    public static String format(Duration value) {
        if (value.isZero()) {
            return "0";
        }
        if (value.toMillisPart() != 0 || value.toNanosPart() % 1_000_000 != 0) {
            return value.toMillis() + "ms";
        }
        long seconds = value.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String fullKey, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.trim())) {
                return constant;
            }
        }
        throw new StoreConfigurationException(fullKey + " must be one of " + Arrays.stream(type.getEnumConstants())
                .map(constant -> "'" + constant.name().toLowerCase(Locale.ROOT) + "'")
                .collect(Collectors.joining(" or ")) + ", was '" + StowageConfig.shown(fullKey, value) + "'");
    }
}
