package dev.stowage.migration.legacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.support.Check;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The built-in converters. Each accepts exactly what it declares and refuses everything else with
 * a {@link ConversionException}; none rounds, truncates or reinterprets. Names (as used in mapping
 * files) are in brackets.
 * <ul>
 *   <li>{@link #text()} [{@code text}]: a string, or a number written out exactly;</li>
 *   <li>{@link #integer()} [{@code integer}]: a 64-bit integer, or a string of digits; never a boolean,
 *       {@code "false"}, a fraction or an empty string;</li>
 *   <li>{@link #bool()} [{@code boolean}]: {@code true}/{@code false}, the strings {@code "true"}/{@code "false"},
 *       and SQLite's {@code 0}/{@code 1} (number or string); nothing else;</li>
 *   <li>{@link #decimal(int)} [{@code decimal}]: an exact decimal (money) with at most the declared
 *       number of decimals, never through floating point;</li>
 *   <li>{@link #epochSeconds()} [{@code epoch-seconds}], {@link #epochMillis()} [{@code epoch-millis}]:
 *       an integer read in the declared unit (never guessed from its size), refused if the instant
 *       falls outside {@value #EARLIEST_YEAR}..{@value #LATEST_YEAR} (milliseconds read as seconds land
 *       in the year 53 000);</li>
 *   <li>{@link #isoInstant()} [{@code iso-instant}]: ISO-8601 with an offset or {@code Z};</li>
 *   <li>{@link #isoLocalDateTime(ZoneId)} [{@code iso-local-datetime}]: ISO-8601 without offset (a {@code T}
 *       or a space between date and time, as SQLite's {@code datetime('now')} writes) in a declared zone;</li>
 *   <li>{@link #isoDate()} [{@code iso-date}]: {@code yyyy-MM-dd}, kept as that text;</li>
 *   <li>{@link #tags()} [{@code tags}]: a comma-separated string or an array of strings, to a set;</li>
 *   <li>{@link #object()} [{@code object}]: a nested object (or a string holding a JSON object), for
 *       {@code customFields} and {@code metadata};</li>
 *   <li>{@link #enumeration(Class, Map)} [{@code enum}]: a constant's name or a declared alias.</li>
 * </ul>
 * The instant converters also accept a value the source itself typed as a date (mongoexport's
 * {@code $date}).
 */
public final class Converters {

    /** Earliest year an epoch converter accepts. */
    public static final int EARLIEST_YEAR = 1900;
    /** Latest year an epoch converter accepts. */
    public static final int LATEST_YEAR = 2199;

    private static final Instant EARLIEST = LocalDate.of(EARLIEST_YEAR, 1, 1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    private static final Instant AFTER_LATEST = LocalDate.of(LATEST_YEAR + 1, 1, 1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,19}");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,30}(\\.[0-9]{1,30})?");
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd().append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter(Locale.ROOT);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Converters() {
    }

    /** @return the {@code text} converter */
    public static Converter<String> text() {
        return converter("text", (field, raw) -> {
            if (raw instanceof String s) {
                return s;
            }
            if (raw instanceof Long || raw instanceof Integer) {
                return raw.toString();
            }
            if (raw instanceof BigDecimal d) {
                return d.toPlainString();
            }
            throw refuse(field, "text", "must be text (or a number), not " + describe(raw), raw);
        });
    }

    /** @return the {@code integer} converter */
    public static Converter<Long> integer() {
        return converter("integer", (field, raw) -> integer(field, "integer", raw));
    }

    /** @return the {@code boolean} converter */
    public static Converter<Boolean> bool() {
        return converter("boolean", (field, raw) -> {
            if (raw instanceof Boolean b) {
                return b;
            }
            String text = raw instanceof String s ? s : raw instanceof Long || raw instanceof Integer ? raw.toString()
                    : raw instanceof BigDecimal d && d.scale() <= 0 ? d.toPlainString() : null;
            if (text != null) {
                switch (text) {
                    case "true", "1":
                        return true;
                    case "false", "0":
                        return false;
                    default:
                        break;
                }
            }
            throw refuse(field, "boolean", "must be true, false, 1 or 0, not " + describe(raw), raw);
        });
    }

    /**
     * @param maxScale the most decimals accepted, 0..30; a value with more is refused, never rounded
     * @return the {@code decimal} converter
     */
    public static Converter<BigDecimal> decimal(int maxScale) {
        Check.range(maxScale, "scale", 0, 30);
        return converter("decimal", (field, raw) -> {
            BigDecimal value;
            if (raw instanceof Long || raw instanceof Integer) {
                value = BigDecimal.valueOf(((Number) raw).longValue());
            } else if (raw instanceof BigDecimal d) {
                value = d;
            } else if (raw instanceof String s && DECIMAL.matcher(s).matches()) {
                value = new BigDecimal(s);
            } else {
                throw refuse(field, "decimal", "must be an exact decimal number, not " + describe(raw), raw);
            }
            if (Math.max(0, value.stripTrailingZeros().scale()) > maxScale) {
                throw refuse(field, "decimal", "has more than " + maxScale + " decimals; it is not rounded", raw);
            }
            return value.scale() < 0 ? value.setScale(0) : value;
        });
    }

    /** @return the {@code epoch-seconds} converter */
    public static Converter<Instant> epochSeconds() {
        return epoch("epoch-seconds", 1_000L);
    }

    /** @return the {@code epoch-millis} converter */
    public static Converter<Instant> epochMillis() {
        return epoch("epoch-millis", 1L);
    }

    private static Converter<Instant> epoch(String name, long millisPerUnit) {
        return converter(name, (field, raw) -> {
            if (raw instanceof Instant instant) {
                return inRange(field, name, instant, raw);
            }
            long value = integer(field, name, raw);
            Instant instant;
            try {
                instant = Instant.ofEpochMilli(Math.multiplyExact(value, millisPerUnit));
            } catch (ArithmeticException | DateTimeException e) {
                throw refuse(field, name, "is out of range as " + name.substring(6), raw);
            }
            return inRange(field, name, instant, raw);
        });
    }

    /** @return the {@code iso-instant} converter */
    public static Converter<Instant> isoInstant() {
        return converter("iso-instant", (field, raw) -> {
            if (raw instanceof Instant instant) {
                return instant;
            }
            if (raw instanceof String s) {
                try {
                    return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
                } catch (DateTimeException e) {
                    // refused below
                }
            }
            throw refuse(field, "iso-instant", "must be an ISO-8601 date-time with an offset or Z, not "
                    + describe(raw), raw);
        });
    }

    /**
     * @param zone the zone the source's local date-times are in (SQLite's {@code datetime('now')}: UTC)
     * @return the {@code iso-local-datetime} converter
     */
    public static Converter<Instant> isoLocalDateTime(ZoneId zone) {
        Check.required(zone, "zone");
        return converter("iso-local-datetime", (field, raw) -> {
            if (raw instanceof Instant instant) {
                return instant;
            }
            if (raw instanceof String s && s.length() > 10 && (s.charAt(10) == 'T' || s.charAt(10) == ' ')) {
                try {
                    return LocalDateTime.parse(s, LOCAL).atZone(zone).toInstant();
                } catch (DateTimeException e) {
                    // refused below
                }
            }
            throw refuse(field, "iso-local-datetime", "must be an ISO-8601 local date-time (yyyy-MM-dd HH:mm:ss), not "
                    + describe(raw), raw);
        });
    }

    /** @return the {@code iso-date} converter */
    public static Converter<String> isoDate() {
        return converter("iso-date", (field, raw) -> {
            if (raw instanceof String s) {
                try {
                    return LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE).toString();
                } catch (DateTimeException e) {
                    // refused below
                }
            }
            throw refuse(field, "iso-date", "must be an ISO-8601 date (yyyy-MM-dd), not " + describe(raw), raw);
        });
    }

    /** @return the {@code tags} converter */
    public static Converter<Set<String>> tags() {
        return converter("tags", (field, raw) -> {
            Set<String> tags = new LinkedHashSet<>();
            if (raw instanceof String s) {
                for (String part : s.split(",")) {
                    if (!part.isBlank()) {
                        tags.add(part.strip());
                    }
                }
                return tags;
            }
            if (raw instanceof List<?> list) {
                for (Object element : list) {
                    if (!(element instanceof String s) || s.isBlank()) {
                        throw refuse(field, "tags", "must hold only non-blank strings, not " + describe(element), raw);
                    }
                    tags.add(s.strip());
                }
                return tags;
            }
            throw refuse(field, "tags", "must be a comma-separated string or an array of strings, not "
                    + describe(raw), raw);
        });
    }

    /** @return the {@code object} converter */
    public static Converter<Map<String, Object>> object() {
        return converter("object", (field, raw) -> {
            Object value = raw;
            if (raw instanceof String s && s.strip().startsWith("{")) {
                try {
                    value = JSON.readValue(s, Map.class);
                } catch (JsonProcessingException e) {
                    throw refuse(field, "object", "is not a well-formed JSON object", raw);
                }
            }
            if (!(value instanceof Map<?, ?> map)) {
                throw refuse(field, "object", "must be an object, not " + describe(raw), raw);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> json = (Map<String, Object>) plain(map);
            return json;
        });
    }

    /**
     * @param type    the enum
     * @param aliases source values for constants (e.g. {@code "1" -> ACTIVE}); a value that is
     *                neither an alias nor a constant's exact name is refused
     * @param <E>     the enum
     * @return the {@code enum} converter
     */
    public static <E extends Enum<E>> Converter<E> enumeration(Class<E> type, Map<String, E> aliases) {
        Check.required(type, "type");
        Map<String, E> known = new LinkedHashMap<>(Check.required(aliases, "aliases"));
        return converter("enum", (field, raw) -> {
            String text = raw instanceof String s ? s : raw instanceof Long || raw instanceof Integer ? raw.toString() : null;
            if (text != null) {
                E alias = known.get(text);
                if (alias != null) {
                    return alias;
                }
                for (E constant : type.getEnumConstants()) {
                    if (constant.name().equals(text)) {
                        return constant;
                    }
                }
            }
            throw refuse(field, "enum", "must be one of " + names(type, known) + ", not " + describe(raw), raw);
        });
    }

    /**
     * @param type the enum
     * @param <E>  the enum
     * @return the {@code enum} converter accepting the constants' exact names only
     */
    public static <E extends Enum<E>> Converter<E> enumeration(Class<E> type) {
        return enumeration(type, Map.of());
    }

    /**
     * Nested source values as plain JSON values: instants the source typed as dates become
     * ISO-8601 text, binary values base64 text.
     */
    static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(plain(v)));
            return copy;
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return value;
    }

    private static String names(Class<? extends Enum<?>> type, Map<String, ?> aliases) {
        List<String> names = new ArrayList<>(aliases.keySet());
        for (Enum<?> constant : type.getEnumConstants()) {
            names.add(constant.name());
        }
        return String.join(", ", names);
    }

    private static long integer(String field, String name, Object raw) {
        if (raw instanceof Long || raw instanceof Integer) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                throw refuse(field, name, "must be a whole number within 64 bits, not a fraction or a larger number", raw);
            }
        }
        if (raw instanceof String s && INTEGER.matcher(s).matches()) {
            BigInteger value = new BigInteger(s);
            if (value.bitLength() < 64) {
                return value.longValue();
            }
        }
        throw refuse(field, name, "must be a whole number, not " + describe(raw), raw);
    }

    private static Instant inRange(String field, String name, Instant instant, Object raw) {
        if (instant.isBefore(EARLIEST) || !instant.isBefore(AFTER_LATEST)) {
            throw refuse(field, name, "is outside the years " + EARLIEST_YEAR + ".." + LATEST_YEAR
                    + " when read as " + name + " (is it in another unit?)", raw);
        }
        return instant.with(ChronoField.NANO_OF_SECOND, instant.getNano() / 1_000 * 1_000);
    }

    /** What kind of value it is, never the value itself (messages may be logged). */
    static String describe(Object raw) {
        if (raw instanceof String s) {
            return s.isEmpty() ? "an empty string" : "this string";
        }
        if (raw instanceof Boolean) {
            return "a boolean";
        }
        if (raw instanceof Long || raw instanceof Integer || raw instanceof BigDecimal) {
            return "this number";
        }
        if (raw instanceof Map) {
            return "an object";
        }
        if (raw instanceof List) {
            return "an array";
        }
        if (raw instanceof byte[]) {
            return "binary data";
        }
        if (raw instanceof Instant) {
            return "a date";
        }
        return "a " + raw.getClass().getSimpleName();
    }

    static ConversionException refuse(String field, String converter, String detail, Object raw) {
        return new ConversionException(field, converter, detail, raw);
    }

    /** A converter from a name and a function. */
    private static <T> Converter<T> converter(String name, java.util.function.BiFunction<String, Object, T> function) {
        return new Converter<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public T convert(String field, Object raw) {
                return function.apply(field, raw);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
