package dev.stowage.support;

import dev.stowage.exception.ValidationException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON objects held in plain Java types (custom fields, metadata). The canonical form is what
 * every backend returns, so values compare equal whichever backend they came from:
 * <ul>
 *   <li>objects are unmodifiable {@code Map<String, Object>}, arrays unmodifiable {@code List};</li>
 *   <li>strings, booleans and {@code null} stay as they are;</li>
 *   <li>integral numbers become {@code Long} when they fit, otherwise {@code BigDecimal} with
 *       scale 0; every other number becomes a {@code BigDecimal} (a {@code double} through its
 *       shortest decimal representation), and an integral {@code BigDecimal} with a scale of zero
 *       or less is treated as an integer.</li>
 * </ul>
 * A backend that decodes JSON passes the result through {@link #canonicalObject} again.
 */
public final class JsonValues {

    /** Deepest nesting accepted, to keep recursive decoders safe. */
    public static final int MAX_DEPTH = 16;

    private JsonValues() {
    }

    /**
     * @param object the JSON object, {@code null} means empty
     * @param field  the field's name for errors
     * @return the canonical, unmodifiable copy
     * @throws ValidationException if a value is not representable in JSON
     */
    public static Map<String, Object> canonicalObject(Map<String, ?> object, String field) {
        if (object == null || object.isEmpty()) {
            return Map.of();
        }
        return objectAt(object, field, 1);
    }

    private static Map<String, Object> objectAt(Map<?, ?> object, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new ValidationException(path, "max-depth", "must not nest deeper than " + MAX_DEPTH + " levels");
        }
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : object.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new ValidationException(path, "json", "must have text keys");
            }
            Check.optionalText(key, path + "." + key, 1_000);
            copy.put(key, value(entry.getValue(), path + "." + key, depth));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static Object value(Object value, String path, int depth) {
        if (value == null || value instanceof Boolean) {
            return value;
        }
        if (value instanceof String text) {
            return Check.optionalText(text, path, 1_000_000);
        }
        if (value instanceof Number number) {
            return number(number, path);
        }
        if (value instanceof Map<?, ?> map) {
            return objectAt(map, path, depth + 1);
        }
        if (value instanceof Iterable<?> iterable) {
            if (depth + 1 > MAX_DEPTH) {
                throw new ValidationException(path, "max-depth", "must not nest deeper than " + MAX_DEPTH + " levels");
            }
            List<Object> copy = new ArrayList<>();
            int index = 0;
            for (Object element : iterable) {
                copy.add(value(element, path + "[" + index + "]", depth + 1));
                index++;
            }
            return Collections.unmodifiableList(copy);
        }
        throw new ValidationException(path, "json",
                "must be a JSON value (String, Number, Boolean, null, Map or List), not " + value.getClass().getName());
    }

    private static Object number(Number number, String path) {
        if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return number.longValue();
        }
        BigDecimal decimal;
        if (number instanceof BigInteger big) {
            decimal = new BigDecimal(big);
        } else if (number instanceof BigDecimal big) {
            decimal = big;
        } else {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new ValidationException(path, "json", "must be a finite number");
            }
            decimal = new BigDecimal(Double.toString(d));
        }
        if (decimal.scale() <= 0) {
            BigInteger integral = decimal.toBigIntegerExact();
            if (integral.bitLength() < 64) {
                return integral.longValueExact();
            }
            return new BigDecimal(integral);
        }
        return decimal;
    }
}
