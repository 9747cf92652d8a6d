package dev.stowage.support;

import dev.stowage.exception.ValidationException;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SharedRulesTest {

    @Nested
    class Json_values {

        @Test
        void integral_numbers_of_every_width_become_longs() {
            Map<String, Object> canonical = JsonValues.canonicalObject(
                    Map.of("i", 1, "s", (short) 2, "b", (byte) 3, "l", 4L, "bi", BigInteger.TEN), "f");
            assertThat(canonical).containsEntry("i", 1L).containsEntry("s", 2L).containsEntry("b", 3L)
                    .containsEntry("l", 4L).containsEntry("bi", 10L);
        }

        @Test
        void fractions_become_big_decimals_keeping_their_scale() {
            Map<String, Object> canonical = JsonValues.canonicalObject(
                    Map.of("d", 1.0, "f", 0.5f, "bd", new BigDecimal("1.50"), "tiny", 1e-7), "f");
            assertThat(canonical.get("d")).isEqualTo(new BigDecimal("1.0"));
            assertThat(canonical.get("f")).isEqualTo(new BigDecimal("0.5"));
            assertThat(canonical.get("bd")).isEqualTo(new BigDecimal("1.50"));
            assertThat(canonical.get("tiny")).isEqualTo(new BigDecimal("1.0E-7"));
        }

        @Test
        void integers_too_big_for_a_long_stay_exact() {
            BigInteger huge = new BigInteger("123456789012345678901234567890");
            assertThat(JsonValues.canonicalObject(Map.of("n", huge), "f").get("n")).isEqualTo(new BigDecimal(huge));
            assertThat(JsonValues.canonicalObject(Map.of("n", new BigDecimal("1E+2")), "f").get("n")).isEqualTo(100L);
        }

        @Test
        void nested_lists_and_maps_are_copied_and_unmodifiable() {
            List<Object> list = new ArrayList<>(Arrays.asList(1, "a", null, Map.of("k", true)));
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("list", list);
            Map<String, Object> canonical = JsonValues.canonicalObject(input, "f");
            list.add("later");
            assertThat(canonical.get("list")).isEqualTo(Arrays.asList(1L, "a", null, Map.of("k", true)));
            assertThatThrownBy(() -> canonical.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void non_json_values_are_rejected_naming_the_path() {
            assertThatThrownBy(() -> JsonValues.canonicalObject(Map.of("a", Map.of("b", new Object())), "customFields"))
                    .isInstanceOfSatisfying(ValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("customFields.a.b"));
            assertThatThrownBy(() -> JsonValues.canonicalObject(Map.of("nan", Double.NaN), "m"))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("m.nan"));
        }

        @Test
        void nesting_deeper_than_the_limit_is_rejected() {
            Map<String, Object> deep = Map.of("leaf", 1);
            for (int i = 0; i < JsonValues.MAX_DEPTH; i++) {
                deep = Map.of("n", deep);
            }
            Map<String, Object> tooDeep = deep;
            assertThatThrownBy(() -> JsonValues.canonicalObject(tooDeep, "f"))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.rule()).isEqualTo("max-depth"));
        }
    }

    @Nested
    class Ordering {

        @Test
        void text_is_ordered_by_code_point_unlike_String_compareTo() {
            String supplementary = "\uD83D\uDE00"; // U+1F600, above U+FFFD
            String bmpHigh = "\uFFFD";
            assertThat(supplementary.compareTo(bmpHigh)).isNegative();
            assertThat(Text.CODE_POINT_ORDER.compare(supplementary, bmpHigh)).isPositive();
            assertThat(Text.CODE_POINT_ORDER.compare("a", "ab")).isNegative();
            assertThat(Text.CODE_POINT_ORDER.compare("B", "a")).isNegative();
        }

        @Test
        void uuids_are_ordered_as_unsigned_numbers_which_is_their_text_order() {
            UUID low = UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff");
            UUID high = UUID.fromString("80000000-0000-0000-0000-000000000000");
            assertThat(low.compareTo(high)).isPositive();
            assertThat(Ids.UNSIGNED_ORDER.compare(low, high)).isNegative();
            assertThat(low.toString().compareTo(high.toString())).isNegative();
        }

        @Test
        void time_ordered_ids_are_version_7_and_strictly_increasing_even_when_the_clock_stands_still() {
            Clock frozen = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
            UUID previous = Ids.timeOrdered(frozen);
            for (int i = 0; i < 10_000; i++) {
                UUID next = Ids.timeOrdered(frozen);
                assertThat(next.version()).isEqualTo(7);
                assertThat(next.variant()).isEqualTo(2);
                assertThat(Ids.UNSIGNED_ORDER.compare(previous, next)).isNegative();
                previous = next;
            }
        }
    }

    @Nested
    class Timestamps_and_text {

        @Test
        void instants_are_truncated_to_microseconds_and_round_trip_through_epoch_micros() {
            Instant instant = Instant.parse("2026-03-01T09:30:00.123456789Z");
            Instant truncated = Timestamps.truncate(instant);
            assertThat(truncated).isEqualTo(Instant.parse("2026-03-01T09:30:00.123456Z"));
            assertThat(Timestamps.ofEpochMicros(Timestamps.toEpochMicros(truncated))).isEqualTo(truncated);
            Instant beforeEpoch = Instant.parse("1960-01-01T00:00:00.000001Z");
            assertThat(Timestamps.ofEpochMicros(Timestamps.toEpochMicros(beforeEpoch))).isEqualTo(beforeEpoch);
        }

        @Test
        void instants_outside_years_1_to_9999_are_rejected() {
            assertThatThrownBy(() -> Timestamps.truncate(Instant.MAX)).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> Check.instant(Instant.parse("-0001-01-01T00:00:00Z"), "createdAt"))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("createdAt"));
        }

        @Test
        void text_with_nul_or_an_unpaired_surrogate_is_rejected_and_emoji_is_accepted() {
            assertThat(Check.optionalText("ok \uD83D\uDE00", "f", 10)).isEqualTo("ok \uD83D\uDE00");
            assertThatThrownBy(() -> Check.optionalText("a\u0000b", "notes", 10))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.rule()).isEqualTo("no-nul"));
            assertThatThrownBy(() -> Check.optionalText("a\uD83Db", "notes", 10))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.rule()).isEqualTo("well-formed"));
            assertThatThrownBy(() -> Check.optionalText("\uDE00", "notes", 10)).isInstanceOf(ValidationException.class);
        }

        @Test
        void search_tokens_split_on_non_letters_lower_case_and_drop_overlong_words() {
            assertThat(SearchText.tokens("Ada Lovelace", "ADA.lovelace@Example.com", null, "Zürich-Ost 42"))
                    .containsExactly("42", "ada", "com", "example", "lovelace", "ost", "zürich");
            assertThat(SearchText.tokens("x".repeat(SearchText.MAX_TOKEN_LENGTH + 1) + " kept")).containsExactly("kept");
            assertThat(SearchText.queryTokens("Lovelace, ada")).containsExactly("lovelace", "ada");
            assertThatThrownBy(() -> SearchText.queryTokens("-- !!"))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("text"));
        }

        @Test
        void emails_are_validated_and_normalized_for_lookup() {
            assertThat(Emails.normalize(Emails.validate("Ada.L@Example.COM", "email"))).isEqualTo("ada.l@example.com");
            for (String bad : List.of("ada", "ada@", "@example.com", "ada@example", "a b@example.com", "a@b@c.com")) {
                assertThatThrownBy(() -> Emails.validate(bad, "email"))
                        .as(bad).isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("email"));
            }
        }

        @Test
        void cursors_round_trip_and_foreign_text_is_rejected_as_a_cursor() {
            String cursor = Cursors.encode("a", "b\u00e9", "");
            assertThat(Cursors.decode(cursor, 3)).containsExactly("a", "b\u00e9", "");
            assertThatThrownBy(() -> Cursors.decode(cursor, 2)).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> Cursors.decode("%%%", 3))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
        }
    }
}
