package dev.stowage.support;

import dev.stowage.exception.ValidationException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one definition of the JSON objects of the model (a contact's {@code customFields}, a
 * posting's and a credential's {@code metadata}), enforced before any backend sees a value, so
 * that every backend stores it and reads it back identically.
 *
 * <p>The canonical form, which every backend returns:
 * <ul>
 *   <li>objects are unmodifiable {@code Map<String, Object>} whose keys iterate in code point order
 *       ({@link Text#CODE_POINT_ORDER}) at every level, whatever order the caller or the backend
 *       (PostgreSQL orders {@code jsonb} keys by length first) used; arrays are unmodifiable
 *       {@code List}s;</li>
 *   <li>strings, booleans and {@code null} stay as they are;</li>
 *   <li>integral numbers become {@code Long} when they fit, otherwise {@code BigDecimal} with
 *       scale 0; every other number becomes a {@code BigDecimal} keeping its scale (a
 *       {@code double} through its shortest decimal representation), and a {@code BigDecimal}
 *       with a scale of zero or less is treated as an integer.</li>
 * </ul>
 *
 * <p>The bounds, each a {@link ValidationException} naming the path of the offending part
 * ({@code customFields.prices[2]}):
 * <ul>
 *   <li>{@value #MAX_DEPTH} levels of nesting (rule {@code max-depth});</li>
 *   <li>keys of at most {@value #MAX_KEY_LENGTH} and strings of at most {@value #MAX_STRING_LENGTH}
 *       UTF-16 characters, well-formed and without NUL (rules of {@link Check#optionalText});</li>
 *   <li>numbers of at most {@value #MAX_NUMBER_DIGITS} digits when written out in full, without an
 *       exponent (rule {@code max-digits}): {@code 1e999} and {@code 1e-999} are accepted,
 *       {@code 1e1000} and {@code 1e-1000} are not. PostgreSQL's {@code jsonb} numeric holds far
 *       more, but prints every number in full, and Jackson (which the Redis backend and most
 *       readers of exported JSON use) refuses numbers longer than 1000 digits by default;</li>
 *   <li>a total size of at most {@value #MAX_SIZE} bytes (rule {@code max-size}, naming the field
 *       itself): the length in UTF-8 of the value written as compact JSON, that is without
 *       whitespace, with numbers as {@link BigDecimal#toString} or {@link Long#toString} writes
 *       them, and escaping in strings only what JSON requires ({@code \"}, {@code \\}, and
 *       control characters as {@code \n}, {@code \t}, {@code \b}, {@code \f}, {@code \r} or
 *       <code>&#92;u00XX</code>).</li>
 * </ul>
 * A backend that decodes JSON passes the result through {@link #canonicalObject} again; for a
 * value that is already canonical that costs nothing.
 */
public final class JsonValues {

    /** Deepest nesting accepted (an object or array counts one level), to keep recursive decoders safe. */
    public static final int MAX_DEPTH = 16;
    /** Longest object key, in UTF-16 characters. */
    public static final int MAX_KEY_LENGTH = 1_000;
    /** Longest string, in UTF-16 characters. */
    public static final int MAX_STRING_LENGTH = 1_000_000;
    /** Most digits of a number written out in full: integer digits plus fraction digits. */
    public static final int MAX_NUMBER_DIGITS = 1_000;
    /** Largest value, in bytes of its compact JSON text in UTF-8 (1 MiB). */
    public static final int MAX_SIZE = 1_048_576;

    /** Bits of the largest number of {@link #MAX_NUMBER_DIGITS} digits, rounded up: a cheap first test. */
    private static final long MAX_NUMBER_BITS = (long) Math.ceil(MAX_NUMBER_DIGITS * (Math.log(10) / Math.log(2)));

    private JsonValues() {
    }

    /**
     * @param object the JSON object, {@code null} means empty
     * @param field  the field's name for errors
     * @return the canonical, unmodifiable copy (the argument itself if it is already canonical)
     * @throws ValidationException if a value is not representable in JSON or breaks a bound
     */
    public static Map<String, Object> canonicalObject(Map<String, ?> object, String field) {
        if (object == null || object.isEmpty()) {
            return Map.of();
        }
        return new Walk(field).object(object, field, 1);
    }

    /**
     * A canonical object: unmodifiable, keys in code point order, with the height and size that
     * were checked when it was built, so that checking it again (a record built from a draft, a
     * value read back) or nesting it in a new value does not walk it again.
     */
    private static final class CanonicalObject extends AbstractMap<String, Object> {

        private final Map<String, Object> entries;
        private final int height;
        private final long size;

        CanonicalObject(LinkedHashMap<String, Object> entries, int height, long size) {
            this.entries = Collections.unmodifiableMap(entries);
            this.height = height;
            this.size = size;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return entries.entrySet();
        }

        @Override
        public Object get(Object key) {
            return entries.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return entries.containsKey(key);
        }

        @Override
        public int size() {
            return entries.size();
        }
    }

    /** One validation of one value: the size so far and the deepest level seen. */
    private static final class Walk {

        private final String root;
        private long size;
        private int deepest;

        Walk(String root) {
            this.root = root;
        }

        Map<String, Object> object(Map<?, ?> object, String path, int depth) {
            if (object instanceof CanonicalObject canonical) {
                checkDepth(depth + canonical.height - 1, path);
                grow(canonical.size);
                deepest = Math.max(deepest, depth + canonical.height - 1);
                return canonical;
            }
            checkDepth(depth, path);
            List<Map.Entry<String, Object>> sorted = new ArrayList<>(object.size());
            for (Map.Entry<?, ?> entry : object.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new ValidationException(path, "json", "must have text keys");
                }
                sorted.add(new AbstractMap.SimpleImmutableEntry<>(key, entry.getValue()));
            }
            sorted.sort(Map.Entry.comparingByKey(Text.CODE_POINT_ORDER));
            long sizeBefore = size;
            int deepestOutside = deepest;
            deepest = depth;
            grow(2L + Math.max(0, sorted.size() - 1));   // braces and commas
            LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<String, Object> entry : sorted) {
                String key = entry.getKey();
                String keyPath = path + "." + key;
                Check.optionalText(key, keyPath, MAX_KEY_LENGTH);
                if (copy.containsKey(key)) {
                    // Only a map with its own notion of key equality (IdentityHashMap) gets here.
                    throw new ValidationException(keyPath, "json", "must not occur twice in one object");
                }
                grow(stringSize(key) + 1);                 // the key and its colon
                copy.put(key, value(entry.getValue(), keyPath, depth));
            }
            CanonicalObject canonical = new CanonicalObject(copy, deepest - depth + 1, size - sizeBefore);
            deepest = Math.max(deepestOutside, deepest);
            return canonical;
        }

        private Object value(Object value, String path, int depth) {
            if (value == null) {
                grow(4);
                return null;
            }
            if (value instanceof Boolean bool) {
                grow(bool ? 4 : 5);
                return bool;
            }
            if (value instanceof String text) {
                Check.optionalText(text, path, MAX_STRING_LENGTH);
                grow(stringSize(text));
                return text;
            }
            if (value instanceof Number number) {
                Object canonical = number(number, path);
                grow(canonical.toString().length());
                return canonical;
            }
            if (value instanceof Map<?, ?> map) {
                return object(map, path, depth + 1);
            }
            if (value instanceof Iterable<?> iterable) {
                return list(iterable, path, depth + 1);
            }
            throw new ValidationException(path, "json",
                    "must be a JSON value (String, Number, Boolean, null, Map or List), not " + value.getClass().getName());
        }

        private List<Object> list(Iterable<?> iterable, String path, int depth) {
            checkDepth(depth, path);
            deepest = Math.max(deepest, depth);
            List<Object> copy = new ArrayList<>();
            grow(2);                                       // brackets
            int index = 0;
            for (Object element : iterable) {
                if (index > 0) {
                    grow(1);                               // comma
                }
                copy.add(value(element, path + "[" + index + "]", depth));
                index++;
            }
            return Collections.unmodifiableList(copy);
        }

        private void checkDepth(int depth, String path) {
            if (depth > MAX_DEPTH) {
                throw new ValidationException(path, "max-depth", "must not nest deeper than " + MAX_DEPTH + " levels");
            }
        }

        private void grow(long bytes) {
            size += bytes;
            if (size > MAX_SIZE) {
                throw new ValidationException(root, "max-size",
                        "must be at most " + MAX_SIZE + " bytes when written as compact JSON in UTF-8");
            }
        }
    }

    /** UTF-8 bytes of a well-formed string as a quoted JSON string, escaping only what JSON requires. */
    private static long stringSize(String text) {
        long bytes = 2;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
                bytes += 2;
            } else if (c < 0x20) {
                bytes += 6;
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;                                // with the low surrogate that follows
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static Object number(Number number, String path) {
        if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte
                || number instanceof AtomicLong || number instanceof AtomicInteger) {
            return number.longValue();
        }
        BigDecimal decimal;
        if (number instanceof BigInteger big) {
            decimal = new BigDecimal(big);
        } else if (number instanceof BigDecimal big) {
            decimal = big;
        } else if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new ValidationException(path, "json", "must be a finite number");
            }
            decimal = new BigDecimal(Double.toString(d));
        } else {
            throw new ValidationException(path, "json", "must be a JSON number (Long, Integer, Short, Byte, Double, "
                    + "Float, BigInteger or BigDecimal), not " + number.getClass().getName());
        }
        checkDigits(decimal, path);
        if (decimal.signum() == 0 && decimal.scale() <= 0) {
            return 0L;                                     // 0E+1000000000 is zero; do not expand it
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

    /**
     * Counts the digits of the number written out in full before writing it out: {@code 1e1000000000}
     * must be refused, not expanded.
     */
    private static void checkDigits(BigDecimal decimal, String path) {
        if (decimal.unscaledValue().bitLength() > MAX_NUMBER_BITS) {
            throw tooManyDigits(path);
        }
        long precision = decimal.precision();
        long scale = decimal.scale();
        long digits;
        if (scale <= 0) {
            digits = decimal.signum() == 0 ? 1 : precision - scale;     // integer digits, trailing zeros included
        } else {
            digits = Math.max(precision, scale + 1);                     // "0.05" has three digits
        }
        if (digits > MAX_NUMBER_DIGITS) {
            throw tooManyDigits(path);
        }
    }

    private static ValidationException tooManyDigits(String path) {
        return new ValidationException(path, "max-digits",
                "must be a number of at most " + MAX_NUMBER_DIGITS + " digits when written out in full (without an exponent)");
    }
}
