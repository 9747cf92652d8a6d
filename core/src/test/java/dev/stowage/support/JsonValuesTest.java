package dev.stowage.support;

import dev.stowage.exception.ValidationException;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The bounds and the canonical order of {@link JsonValues}; the store contracts check them on every backend. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JsonValuesTest {

    private static ValidationException rejected(Map<String, ?> json) {
        return catchThrowableOfType(ValidationException.class, () -> JsonValues.canonicalObject(json, "customFields"));
    }

    @Test
    void keys_iterate_in_code_point_order_at_every_level_whatever_the_input_order() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("b", 1);
        inner.put("a", 2);
        Map<String, Object> json = new HashMap<>();
        for (String key : List.of("zeta", "bb", "a", "B", "😀", "\uFFFD", "")) {
            json.put(key, 0);
        }
        json.put("list", List.of(inner));

        Map<String, Object> canonical = JsonValues.canonicalObject(json, "f");

        assertThat(canonical.keySet()).containsExactly("", "B", "a", "bb", "list", "zeta", "\uFFFD", "😀");
        Map<?, ?> nested = (Map<?, ?>) ((List<?>) canonical.get("list")).get(0);
        assertThat(new ArrayList<Object>(nested.keySet())).containsExactly("a", "b");
        assertThat(canonical.get("list")).isEqualTo(List.of(Map.of("a", 2L, "b", 1L)));
    }

    @Test
    void a_canonical_value_is_returned_as_it_is_and_keeps_its_bounds_when_nested() {
        Map<String, Object> canonical = JsonValues.canonicalObject(Map.of("k", "v"), "f");
        assertThat(JsonValues.canonicalObject(canonical, "f")).isSameAs(canonical);

        Map<String, Object> deepest = JsonValues.canonicalObject(nested(JsonValues.MAX_DEPTH), "f");
        assertThat(JsonValues.canonicalObject(deepest, "f")).isSameAs(deepest);
        assertThat(rejected(Map.of("wrapper", deepest)).rule()).isEqualTo("max-depth");

        Map<String, Object> half = JsonValues.canonicalObject(Map.of("s", "x".repeat(JsonValues.MAX_SIZE / 2)), "f");
        assertThat(rejected(Map.of("a", half, "b", half)).rule()).isEqualTo("max-size");
    }

    @Test
    void numbers_are_counted_in_digits_written_out_in_full() {
        int max = JsonValues.MAX_NUMBER_DIGITS;
        for (BigDecimal accepted : List.of(new BigDecimal("1E+" + (max - 1)), new BigDecimal("-1E-" + (max - 1)),
                new BigDecimal("0E-" + (max - 1)), new BigDecimal("0E+1000000000"),
                new BigDecimal(BigInteger.TEN.pow(max - 1), max - 1))) {
            assertThat(JsonValues.canonicalObject(Map.of("n", accepted), "f").get("n"))
                    .as(accepted.toString()).isInstanceOfAny(Long.class, BigDecimal.class);
        }
        assertThat(JsonValues.canonicalObject(Map.of("n", new BigDecimal("0E+1000000000")), "f").get("n")).isEqualTo(0L);
        for (BigDecimal past : List.of(new BigDecimal("1E+" + max), new BigDecimal("-1E-" + max),
                new BigDecimal("0E-" + max), new BigDecimal("1E+1000000000"), new BigDecimal("1E-1000000000"),
                new BigDecimal(BigInteger.TEN.pow(max), max))) {
            ValidationException error = rejected(Map.of("n", past));
            assertThat(error).as(past.toString()).isNotNull();
            assertThat(error.field()).isEqualTo("customFields.n");
            assertThat(error.rule()).isEqualTo("max-digits");
        }
        assertThat(rejected(Map.of("n", BigInteger.TEN.pow(1_000_000))).rule()).isEqualTo("max-digits");
    }

    @Test
    void every_double_and_every_long_is_within_the_digit_bound() {
        for (double d : new double[] {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, Double.MIN_NORMAL, -0.0}) {
            assertThat(JsonValues.canonicalObject(Map.of("d", d), "f")).as(Double.toString(d)).containsKey("d");
        }
        assertThat(JsonValues.canonicalObject(Map.of("l", Long.MIN_VALUE), "f")).containsEntry("l", Long.MIN_VALUE);
    }

    @Test
    void atomic_numbers_are_longs_and_other_number_types_are_rejected() {
        assertThat(JsonValues.canonicalObject(Map.of("a", new AtomicLong(Long.MAX_VALUE)), "f"))
                .containsEntry("a", Long.MAX_VALUE);
        ValidationException error = rejected(Map.of("x", new DoubleAdder()));
        assertThat(error.field()).isEqualTo("customFields.x");
        assertThat(error.rule()).isEqualTo("json");
    }

    @Test
    void the_size_is_the_compact_json_text_in_utf8() {
        // {"k":"é😀\n\u0001\"","n":[-1.50,true,null,false]}
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("n", Arrays.asList(new BigDecimal("-1.50"), true, null, false));
        json.put("k", "é😀\n\u0001\"");
        int size = "{\"k\":\"".length() + 2 + 4 + 2 + 6 + 2 + "\",\"n\":[-1.50,true,null,false]}".length();
        assertThat(size).isEqualTo(52);
        Map<String, Object> filler = new LinkedHashMap<>();
        // {"a":"x…","b":"x…"} around the value above as "c": 2 + 2 commas + 3 × 4 key bytes + 2 × 2 quotes
        int rest = JsonValues.MAX_SIZE - size - 2 - 2 - 12 - 4;
        filler.put("a", "x".repeat(rest / 2));
        filler.put("b", "x".repeat(rest - rest / 2));
        filler.put("c", json);

        assertThat(JsonValues.canonicalObject(filler, "f")).isEqualTo(filler);
        filler.put("b", "x".repeat(rest - rest / 2 + 1));
        ValidationException error = rejected(filler);
        assertThat(error.field()).isEqualTo("customFields");
        assertThat(error.rule()).isEqualTo("max-size");
    }

    @Test
    void eight_strings_of_a_megabyte_are_rejected_at_once() {
        Map<String, Object> json = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            json.put("k" + i, "x".repeat(JsonValues.MAX_STRING_LENGTH));
        }
        assertThat(rejected(json).rule()).isEqualTo("max-size");
    }

    @Test
    void keys_and_strings_keep_their_own_length_bounds() {
        assertThat(rejected(Map.of("k".repeat(JsonValues.MAX_KEY_LENGTH + 1), 1)).rule()).isEqualTo("max-length");
        assertThat(rejected(Map.of("s", "x".repeat(JsonValues.MAX_STRING_LENGTH + 1))).field()).isEqualTo("customFields.s");
    }

    @Test
    void a_key_that_occurs_twice_in_an_identity_map_is_rejected() {
        Map<String, Object> json = new IdentityHashMap<>();
        json.put(new String("twin"), 1);
        json.put(new String("twin"), 2);
        ValidationException error = rejected(json);
        assertThat(error.field()).isEqualTo("customFields.twin");
        assertThat(error.rule()).isEqualTo("json");
    }

    @Test
    void errors_in_keys_with_control_characters_or_lone_surrogates_name_an_escaped_path() {
        ValidationException control = rejected(Map.of("bell\u0007", new BigDecimal("1E+1000")));
        assertThat(control.field()).isEqualTo("customFields.bell\\u0007");
        ValidationException surrogate = rejected(Map.of("lone\uD800", 1));
        assertThat(surrogate.field()).isEqualTo("customFields.lone\\uD800");
        assertThat(surrogate.rule()).isEqualTo("well-formed");
    }

    @Test
    void the_first_error_in_key_order_is_reported_whatever_the_input_order() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("z", new Object());
        json.put("a", Double.NaN);
        assertThat(rejected(json).field()).isEqualTo("customFields.a");
    }

    private static Map<String, Object> nested(int depth) {
        Map<String, Object> current = new LinkedHashMap<>(Map.of("leaf", true));
        for (int level = 1; level < depth; level++) {
            current = new LinkedHashMap<>(Map.of("next", current));
        }
        return current;
    }

    @Test
    void lists_count_as_a_level_and_are_unmodifiable_copies() {
        List<Object> list = new ArrayList<>(List.of(1));
        Map<String, Object> canonical = JsonValues.canonicalObject(Map.of("l", list), "f");
        list.add(2);
        assertThat(canonical.get("l")).isEqualTo(List.of(1L));
        Object deepList = List.of();
        for (int level = 3; level <= JsonValues.MAX_DEPTH; level++) {   // the object is level 1, the outer list 2
            deepList = List.of(deepList);
        }
        assertThat(JsonValues.canonicalObject(Map.of("l", deepList), "f")).containsKey("l");
        assertThat(rejected(Map.of("l", List.of(deepList))).rule()).isEqualTo("max-depth");
    }
}
