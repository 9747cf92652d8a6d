package dev.stowage.testkit;

import dev.stowage.exception.ValidationException;
import dev.stowage.support.JsonValues;
import dev.stowage.support.Text;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The JSON rules of {@link JsonValues}, checked through one JSON-valued field of a store: a
 * contact's {@code customFields}, a posting's {@code metadata}, a credential's {@code metadata}.
 * Each store contract runs it as a nested group that says how to write the field and read it
 * back; every backend must then return the same value in the same key order from every read,
 * store numbers up to the digit bound exactly, and reject what lies past a bound before anything
 * is written, with a {@link ValidationException} whose field is the path of the offending part.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
public abstract class JsonFieldContract {

    private final String field;

    /**
     * @param field the name of the field under test, the root of every error's path, for example
     *              {@code "customFields"}
     */
    protected JsonFieldContract(String field) {
        this.field = field;
    }

    /**
     * @return the name of the field under test
     */
    protected final String field() {
        return field;
    }

    /**
     * Writes a record whose field under test holds {@code json}.
     *
     * @param json the JSON object, as a caller would pass it
     */
    protected abstract void write(Map<String, ?> json);

    /**
     * Writes records whose field under test holds {@code json} through every write path of the
     * store (create, import, ...) and reads the field back through every read path.
     *
     * @param json the JSON object, as a caller would pass it
     * @return the field as each write's result and each read returned it, by a label naming the path
     */
    protected abstract Map<String, Map<String, Object>> writeAndReadBack(Map<String, ?> json);

    /**
     * Asserts that the current tenant holds no record of this store, after rejected writes.
     */
    protected abstract void assertNothingStored();

    // ------------------------------------------------------------------ key order

    @Test
    void object_keys_read_back_in_code_point_order_from_every_read() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("y", 1);
        inner.put("x", 2);
        inner.put("X", 3);
        Map<String, Object> json = new LinkedHashMap<>();
        // PostgreSQL orders jsonb keys by length first; a HashMap by hash: neither is the canonical order.
        for (String key : List.of("zeta", "bb", "a", "B", "ccc", "", "é", "😀", "\uFFFD", "a1", "A", "~")) {
            json.put(key, key.length());
        }
        json.put("nested", inner);
        json.put("list", List.of(Map.of("q", 1, "p", 2, "r", 3), inner));

        Map<String, Map<String, Object>> reads = writeAndReadBack(json);

        Map<String, Object> canonical = JsonValues.canonicalObject(json, field());
        assertThat(keyPaths(canonical)).as("the canonical form orders every object's keys by code point")
                .isEqualTo(sortedKeyPaths(json));
        reads.forEach((read, value) -> {
            assertThat(value).as(read).isEqualTo(canonical);
            assertThat(keyPaths(value)).as("%s: key order", read).isEqualTo(keyPaths(canonical));
        });
    }

    // ------------------------------------------------------------------ numbers

    @Test
    void numbers_of_up_to_the_digit_bound_read_back_exactly_from_every_read() {
        int digits = JsonValues.MAX_NUMBER_DIGITS;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("largest integer", BigInteger.TEN.pow(digits).subtract(BigInteger.ONE));
        json.put("smallest integer", BigInteger.TEN.pow(digits).subtract(BigInteger.ONE).negate());
        json.put("power of ten", new BigDecimal("1E+" + (digits - 1)));
        json.put("smallest fraction", new BigDecimal("1E-" + (digits - 1)));
        json.put("zero with the longest scale", new BigDecimal("0E-" + (digits - 1)));
        json.put("half integer half fraction", new BigDecimal(BigInteger.TEN.pow(digits - 1).add(BigInteger.valueOf(7)),
                digits / 2));
        json.put("trailing zeros", new BigDecimal("1.500"));
        json.put("double max", Double.MAX_VALUE);
        json.put("double min", Double.MIN_VALUE);
        json.put("negative double", -123.456e-200);
        json.put("long max", Long.MAX_VALUE);
        json.put("long min", Long.MIN_VALUE);
        json.put("in a list", List.of(new BigDecimal("1E-" + (digits - 1)), BigInteger.TEN.pow(digits - 1)));

        Map<String, Map<String, Object>> reads = writeAndReadBack(json);

        Map<String, Object> canonical = JsonValues.canonicalObject(json, field());
        assertThat(canonical.get("power of ten")).isEqualTo(new BigDecimal(BigInteger.TEN.pow(digits - 1)));
        assertThat(canonical.get("trailing zeros")).isEqualTo(new BigDecimal("1.500"));
        reads.forEach((read, value) -> {
            assertThat(value).as(read).isEqualTo(canonical);
            assertThat(((BigDecimal) value.get("smallest fraction")).scale()).as(read).isEqualTo(digits - 1);
            assertThat(((BigDecimal) value.get("zero with the longest scale")).scale()).as(read).isEqualTo(digits - 1);
        });
    }

    @Test
    void numbers_past_the_digit_bound_are_rejected_naming_their_path_and_nothing_is_written() {
        int digits = JsonValues.MAX_NUMBER_DIGITS;
        Map<String, Number> tooLong = new LinkedHashMap<>();
        tooLong.put("1e1000 (stored and then unreadable on Redis)", new BigDecimal("1E+" + digits));
        tooLong.put("1e131072 (beyond PostgreSQL's numeric)", new BigDecimal("1E+131072"));
        tooLong.put("1e-131072", new BigDecimal("1E-131072"));
        tooLong.put("an exponent of a billion", new BigDecimal("1E+1000000000"));
        tooLong.put("an integer of one digit too many", BigInteger.TEN.pow(digits));
        tooLong.put("a negative integer of one digit too many", BigInteger.TEN.pow(digits).negate());
        tooLong.put("a fraction of one digit too many", new BigDecimal("1E-" + digits));
        tooLong.put("zero with one digit of scale too many", new BigDecimal("0E-" + digits));
        tooLong.put("a long mantissa", new BigDecimal(BigInteger.TEN.pow(digits), 1));

        tooLong.forEach((label, number) -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("fine", 1);
            json.put("outer", Map.of("list", Arrays.asList("zero", number)));

            Throwable thrown = catchThrowable(() -> write(json));

            assertThat(thrown).as(label).isInstanceOf(ValidationException.class);
            ValidationException error = (ValidationException) thrown;
            assertThat(error.field()).as(label).isEqualTo(field() + ".outer.list[1]");
            assertThat(error.rule()).as(label).isEqualTo("max-digits");
        });
        assertNothingStored();
    }

    // ------------------------------------------------------------------ total size

    @Test
    void a_value_of_exactly_the_size_bound_reads_back_equal_from_every_read() {
        Map<String, Object> json = valueOfSize(JsonValues.MAX_SIZE);

        Map<String, Map<String, Object>> reads = writeAndReadBack(json);

        Map<String, Object> canonical = JsonValues.canonicalObject(json, field());
        reads.forEach((read, value) -> assertThat(value).as(read).isEqualTo(canonical));
    }

    @Test
    void a_value_one_byte_past_the_size_bound_is_rejected_naming_the_field_and_nothing_is_written() {
        Map<String, Object> oneTooMany = valueOfSize(JsonValues.MAX_SIZE + 1);
        Map<String, Object> eightMegabytes = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            eightMegabytes.put("k" + i, Fixtures.text(JsonValues.MAX_STRING_LENGTH));
        }

        for (Map<String, Object> json : List.of(oneTooMany, eightMegabytes)) {
            Throwable thrown = catchThrowable(() -> write(json));

            assertThat(thrown).isInstanceOf(ValidationException.class);
            assertThat(((ValidationException) thrown).field()).isEqualTo(field());
            assertThat(((ValidationException) thrown).rule()).isEqualTo("max-size");
        }
        assertNothingStored();
    }

    // ------------------------------------------------------------------ helpers

    /**
     * A JSON object whose compact JSON text is exactly {@code bytes} bytes of UTF-8, counted by
     * hand here so that the test does not trust the implementation's own measure:
     * <pre>{@code {"a":"😀…é…","b":"\"\\\n\t\u0001","c":[true,null,-12,1.50],"d":"x…","e":"x…"}}</pre>
     */
    private static Map<String, Object> valueOfSize(long bytes) {
        String emojiAndAccents = "😀".repeat(1_000) + "é".repeat(1_000);   // 4 000 + 2 000 bytes
        String escapes = "\"\\\n\t\u0001";                                 // 2 + 2 + 2 + 2 + 6 bytes
        List<Object> scalars = Arrays.asList(true, null, -12, new BigDecimal("1.50"));   // [true,null,-12,1.50]
        long fixed = 2 + 4                       // braces, four commas between five entries
                + 5 * 4                          // five one-letter keys, quoted, with their colon
                + (2 + 6_000) + (2 + 14)         // the two strings, quoted
                + (2 + 4 + 4 + 3 + 4 + 3);      // the list: brackets, three commas, four scalars
        long fill = bytes - fixed - 2 - 2;      // two quoted ASCII strings share the rest
        int d = (int) Math.min(fill, JsonValues.MAX_STRING_LENGTH);
        int e = (int) (fill - d);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("e", "x".repeat(e));
        json.put("d", "x".repeat(d));
        json.put("c", scalars);
        json.put("b", escapes);
        json.put("a", emojiAndAccents);
        return json;
    }

    /** Every key of {@code value}, as a path, in iteration order, depth first. */
    private static List<String> keyPaths(Object value) {
        List<String> paths = new ArrayList<>();
        collectKeyPaths(value, "", paths, false);
        return paths;
    }

    /** {@link #keyPaths} of {@code value} as it would be with every object's keys in code point order. */
    private static List<String> sortedKeyPaths(Object value) {
        List<String> paths = new ArrayList<>();
        collectKeyPaths(value, "", paths, true);
        return paths;
    }

    private static void collectKeyPaths(Object value, String path, List<String> paths, boolean sorted) {
        if (value instanceof Map<?, ?> map) {
            Map<?, ?> entries = map;
            if (sorted) {
                TreeMap<String, Object> inOrder = new TreeMap<>(Text.CODE_POINT_ORDER);
                map.forEach((key, child) -> inOrder.put((String) key, child));
                entries = inOrder;
            }
            entries.forEach((key, child) -> {
                paths.add(path + "." + key);
                collectKeyPaths(child, path + "." + key, paths, sorted);
            });
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collectKeyPaths(list.get(i), path + "[" + i + "]", paths, sorted);
            }
        }
    }
}
