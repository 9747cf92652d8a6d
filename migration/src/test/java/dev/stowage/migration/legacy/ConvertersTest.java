package dev.stowage.migration.legacy;

import dev.stowage.contact.ContactStatus;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each converter accepts exactly what it declares and refuses the rest with the field, the
 * converter and the raw value, never echoing the value in the message.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConvertersTest {

    static void refused(Converter<?> converter, Object raw) {
        assertThatThrownBy(() -> converter.convert("f", raw)).as("%s refuses %s", converter.name(), raw)
                .isInstanceOfSatisfying(ConversionException.class, e -> {
                    assertThat(e.field()).isEqualTo("f");
                    assertThat(e.converter()).isEqualTo(converter.name());
                    assertThat(e.rawValue()).isSameAs(raw);
                    if (raw instanceof String s && s.length() > 2) {
                        assertThat(e.getMessage()).doesNotContain(s);
                    }
                });
    }

    @Test
    void integer_takes_whole_numbers_and_digit_strings_never_booleans_or_fractions() {
        Converter<Long> c = Converters.integer();
        assertThat(c.convert("f", 42L)).isEqualTo(42L);
        assertThat(c.convert("f", "-7")).isEqualTo(-7L);
        assertThat(c.convert("f", new BigDecimal("12"))).isEqualTo(12L);
        for (Object bad : List.of("false", true, "1.5", new BigDecimal("1.5"), "", " 4", "1e3", "99999999999999999999",
                Map.of())) {
            refused(c, bad);
        }
    }

    @Test
    void boolean_takes_true_false_and_sqlite_zero_one_only() {
        Converter<Boolean> c = Converters.bool();
        assertThat(c.convert("f", true)).isTrue();
        assertThat(c.convert("f", "false")).isFalse();
        assertThat(c.convert("f", 1L)).isTrue();
        assertThat(c.convert("f", "0")).isFalse();
        for (Object bad : List.of("yes", "TRUE", 2L, "", new BigDecimal("0.5"))) {
            refused(c, bad);
        }
    }

    @Test
    void decimal_is_exact_and_never_rounds() {
        Converter<BigDecimal> c = Converters.decimal(2);
        assertThat(c.convert("f", "12.50")).isEqualTo(new BigDecimal("12.50"));
        assertThat(c.convert("f", new BigDecimal("0.1"))).isEqualTo(new BigDecimal("0.1"));
        assertThat(c.convert("f", 3L)).isEqualTo(new BigDecimal("3"));
        for (Object bad : List.of("0.001", new BigDecimal("1.005"), "12,50", "1e2", true, "")) {
            refused(c, bad);
        }
    }

    @Test
    void epoch_units_are_only_told_apart_when_declared_and_out_of_range_is_refused() {
        long millis = 1_627_303_906_122L;
        assertThat(Converters.epochMillis().convert("f", millis)).isEqualTo(Instant.ofEpochMilli(millis));
        assertThat(Converters.epochSeconds().convert("f", "1627303906")).isEqualTo(Instant.ofEpochSecond(1_627_303_906L));
        // Milliseconds declared as seconds would be the year 53 533: refused, not reinterpreted.
        refused(Converters.epochSeconds(), millis);
        refused(Converters.epochMillis(), "false");
        refused(Converters.epochMillis(), -10_000_000_000_000L);
        refused(Converters.epochMillis(), "2021-07-26");
        Instant typed = Instant.parse("2021-07-26T12:31:46.122Z");
        assertThat(Converters.epochMillis().convert("f", typed)).isEqualTo(typed);
    }

    @Test
    void iso_dates_need_an_offset_or_a_declared_zone() {
        assertThat(Converters.isoInstant().convert("f", "2021-07-26T12:31:46+02:00"))
                .isEqualTo(Instant.parse("2021-07-26T10:31:46Z"));
        refused(Converters.isoInstant(), "2021-07-26 12:31:46");
        refused(Converters.isoInstant(), 1_627_303_906L);
        Converter<Instant> sqlite = Converters.isoLocalDateTime(ZoneId.of("UTC"));
        assertThat(sqlite.convert("f", "2021-07-26 12:31:46")).isEqualTo(Instant.parse("2021-07-26T12:31:46Z"));
        assertThat(sqlite.convert("f", "2021-07-26T12:31:46.5")).isEqualTo(Instant.parse("2021-07-26T12:31:46.500Z"));
        refused(sqlite, "2021-07-26");
        refused(sqlite, "26/07/2021 12:31");
        assertThat(Converters.isoDate().convert("f", "2021-07-26")).isEqualTo("2021-07-26");
        refused(Converters.isoDate(), "2021-02-30");
    }

    @Test
    void tags_split_commas_or_take_arrays_of_strings() {
        assertThat(Converters.tags().convert("f", "lead, vip,,lead")).containsExactly("lead", "vip");
        assertThat(Converters.tags().convert("f", List.of("a", "b"))).containsExactly("a", "b");
        refused(Converters.tags(), List.of("a", 1L));
        refused(Converters.tags(), 5L);
    }

    @Test
    void object_takes_nested_objects_or_json_object_text() {
        Map<String, Object> nested = Converters.object().convert("f",
                Map.of("since", Instant.parse("2020-01-01T00:00:00Z"), "n", 1L));
        assertThat(nested).containsEntry("since", "2020-01-01T00:00:00Z").containsEntry("n", 1L);
        assertThat(Converters.object().convert("f", "{\"a\": 1.50}")).containsEntry("a", new BigDecimal("1.50"));
        refused(Converters.object(), "{not json");
        refused(Converters.object(), List.of());
        refused(Converters.object(), "plain");
    }

    @Test
    void enums_take_exact_names_or_declared_aliases() {
        Converter<ContactStatus> c = Converters.enumeration(ContactStatus.class, Map.of("1", ContactStatus.ACTIVE));
        assertThat(c.convert("f", "1")).isEqualTo(ContactStatus.ACTIVE);
        assertThat(c.convert("f", 1L)).isEqualTo(ContactStatus.ACTIVE);
        assertThat(c.convert("f", "ARCHIVED")).isEqualTo(ContactStatus.ARCHIVED);
        refused(c, "archived");
        refused(c, "7");
    }

    @Test
    void text_takes_strings_and_exact_numbers_only() {
        assertThat(Converters.text().convert("f", "x")).isEqualTo("x");
        assertThat(Converters.text().convert("f", 42L)).isEqualTo("42");
        assertThat(Converters.text().convert("f", new BigDecimal("1.10"))).isEqualTo("1.10");
        refused(Converters.text(), true);
        refused(Converters.text(), Map.of());
    }

    @Test
    void a_field_reader_counts_conversions_and_refusals_per_converter() {
        ConversionTally tally = new ConversionTally();
        FieldReader fields = new FieldReader(new dev.stowage.migration.source.SourceRecord("c", "1",
                Map.of("n", "5", "bad", "false", "nested", Map.of("city", "Oslo")), "{}"), LegacyIds.namespace("t"),
                Instant.EPOCH, tally);
        assertThat(fields.integer("n")).isEqualTo(5L);
        assertThat(fields.text("nested.city")).isEqualTo("Oslo");
        assertThat(fields.integer("absent")).isNull();
        assertThatThrownBy(() -> fields.integer("bad")).isInstanceOf(ConversionException.class);
        assertThatThrownBy(() -> fields.required("absent", Converters.text())).isInstanceOf(ConversionException.class);
        assertThat(tally.snapshot().get("integer")).isEqualTo(new ConversionTally.ConversionCount("integer", 1, 1));
        assertThat(tally.snapshot().get("text")).isEqualTo(new ConversionTally.ConversionCount("text", 1, 1));
    }
}
