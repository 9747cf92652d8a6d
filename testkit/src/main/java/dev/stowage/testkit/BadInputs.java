package dev.stowage.testkit;

import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.Posting;
import dev.stowage.support.Timestamps;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The argument values {@link BadInputProperties} draws from: for each parameter type, values a
 * store must accept mixed with the ones that break backends (nulls, empty and blank text, control
 * characters, NUL, unpaired surrogates, text over every limit, numbers at and past every bound,
 * instants outside years 1..9999, durations that overflow, forged cursors). Valid values are
 * drawn about as often as bad ones, so a sequence of calls also reaches the paths behind the checks.
 */
final class BadInputs {

    /** The instant every property runs at; the clock does not move during a property. */
    static final Instant NOW = MutableClock.DEFAULT_START.truncatedTo(java.time.temporal.ChronoUnit.MICROS);

    private BadInputs() {
    }

    /** Text no identifier, name or key may hold, and text at and past the usual limits. */
    static final List<String> BAD_TEXT = List.of("", " ", "\t", "a b", "a\u0000b", "a\u0007", "a\n",
            "\uD800", "x\uDC00", "a\u001Fb", "\u00A0", "\u2028", "x".repeat(101), "x".repeat(201), "x".repeat(513),
            "x".repeat(10_001), "'; DROP TABLE x; --", "*", "[a", "{t}", "a:b", "%00", "..", "💳", "é");

    /**
     * @param valid values the store holds or accepts, drawn often
     * @return identifiers (account ids, subjects, providers, jtis, keys): valid, bad, random or null
     */
    static Arbitrary<String> identifiers(String... valid) {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(valid)),
                Tuple.of(3, Arbitraries.of(BAD_TEXT)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(8)),
                Tuple.of(1, Arbitraries.just(null)));
    }

    /**
     * @param valid values the store holds or accepts, drawn often
     * @return free text (reasons, names, notes, tokens): valid, bad, random or null
     */
    static Arbitrary<String> texts(String... valid) {
        return identifiers(valid);
    }

    /** The text edges of the sweeps: one of each kind of {@link #BAD_TEXT}, and null. */
    static final List<String> TEXT_EDGES = Arrays.asList("", " ", "a b", "a\u0000b", "a\u0007", "\uD800",
            "x".repeat(101), "x".repeat(201), "x".repeat(513), "💳", null);

    /** Page and batch sizes at and past every bound. */
    static final List<Integer> LIMIT_EDGES = List.of(Integer.MIN_VALUE, -1, 0, 1, 1_000, 1_001, 10_000, 10_001,
            Integer.MAX_VALUE);

    /** Amounts, versions and sequences at and past every bound. */
    static final List<Long> LONG_EDGES = List.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, -Posting.MAX_AMOUNT - 1,
            -Posting.MAX_AMOUNT, -1L, 0L, 1L, 2L, (long) Integer.MAX_VALUE + 1, Posting.MAX_AMOUNT, Posting.MAX_AMOUNT + 1,
            LedgerEntry.MAX_SEQUENCE - 1, LedgerEntry.MAX_SEQUENCE, LedgerEntry.MAX_SEQUENCE + 1, Long.MAX_VALUE - 1,
            Long.MAX_VALUE);

    /** Instants near the clock, at and past years 1 and 9999, and the ends of {@link Instant}. */
    static final List<Instant> INSTANT_EDGES = List.of(NOW, NOW.plusSeconds(3_600), NOW.minusSeconds(3_600),
            NOW.plusNanos(1), Instant.EPOCH, Instant.MIN, Instant.MAX, Timestamps.MIN, Timestamps.MAX,
            Timestamps.MIN.minusNanos(1), Timestamps.MAX.plusNanos(1));

    /** Time-to-lives: valid, zero, negative, over ten years, overflowing. */
    static final List<Duration> DURATION_EDGES = List.of(Duration.ofHours(1), Duration.ofNanos(1),
            Duration.ofDays(3_660), Duration.ZERO, Duration.ofNanos(-1), Duration.ofDays(3_661),
            Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), Duration.ofSeconds(Long.MIN_VALUE));

    /**
     * @param values edge values of a parameter
     * @param <T>    their type
     * @return the values and {@code null}, for a sweep that tries each once
     */
    static <T> List<T> andNull(List<T> values) {
        List<T> all = new ArrayList<>(values);
        all.add(null);
        return all;
    }

    /** @return page and batch sizes at and past every bound */
    static Arbitrary<Integer> limits() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(1, 2, 3, 10, 1_000, 10_000)),
                Tuple.of(2, Arbitraries.of(LIMIT_EDGES)),
                Tuple.of(1, Arbitraries.integers()));
    }

    /** @return amounts, versions and sequences at and past every bound */
    static Arbitrary<Long> longs() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(-5L, -1L, 0L, 1L, 2L, 3L, 5L, 100L)),
                Tuple.of(3, Arbitraries.of(LONG_EDGES)),
                Tuple.of(1, Arbitraries.longs()));
    }

    /** @return instants: near the clock, at and past years 1 and 9999, the ends of {@link Instant}, null */
    static Arbitrary<Instant> instants() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of(INSTANT_EDGES)),
                Tuple.of(1, Arbitraries.just(null)));
    }

    /** @return time-to-lives: valid, zero, negative, over ten years, overflowing, null */
    static Arbitrary<Duration> durations() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of(DURATION_EDGES)),
                Tuple.of(1, Arbitraries.just(null)));
    }

    /**
     * @param known ids the store holds
     * @return ids: known, random, the unsigned extremes, null
     */
    static Arbitrary<UUID> ids(UUID... known) {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(known)),
                Tuple.of(2, Arbitraries.of(Fixtures.edgeIds())),
                Tuple.of(1, Arbitraries.create(UUID::randomUUID)),
                Tuple.of(1, Arbitraries.just(null)));
    }

    /** Text that is no cursor of any kind: garbage, other shapes, wrong part counts, NUL. */
    static final List<String> GARBAGE_CURSORS = List.of("", "!", "====", "YQ", "c1", "\u0000",
            dev.stowage.support.Cursors.encode("nothing"), dev.stowage.support.Cursors.encode("", "", ""),
            dev.stowage.support.Cursors.encode("a", "b", "c", "d", "e", "f", "g"));

    /**
     * @param valid  cursors a store returned, or that are well formed
     * @param forged cursors of the right shape that a store must still reject
     * @return cursors: valid, forged, garbage, truncated, re-padded or re-cased valid ones, random and null
     */
    static Arbitrary<String> cursors(List<String> valid, List<String> forged) {
        List<String> bad = new ArrayList<>(GARBAGE_CURSORS);
        bad.addAll(forged);
        for (String cursor : valid) {
            bad.add(cursor.substring(0, cursor.length() - 1));
            bad.add(cursor + "=");
            bad.add(cursor.toUpperCase(java.util.Locale.ROOT));
        }
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(valid)),
                Tuple.of(3, Arbitraries.of(bad)),
                Tuple.of(1, Arbitraries.strings().withChars("ABCabc019-_=").ofMaxLength(40)),
                Tuple.of(1, Arbitraries.just(null)));
    }

    /** JSON objects: empty, ordinary, too deep, with keys or values JSON cannot hold. */
    static final List<Map<String, Object>> JSON_EDGES = jsonEdges();

    private static List<Map<String, Object>> jsonEdges() {
        Map<String, Object> withNullKey = new HashMap<>();
        withNullKey.put(null, "x");
        Map<String, Object> withNullValue = new LinkedHashMap<>();
        withNullValue.put("k", null);
        return List.of(Map.of(), Map.of("k", "v"), Map.of("n", 5L, "list", List.of(1L, "a")),
                Map.of("d", new BigDecimal("12.50")), withNullValue, Fixtures.nestedJson(40), Map.of("at", Instant.EPOCH),
                Map.of("nan", Double.NaN), Map.of("k\u0000", "v"), Map.of("v", "\uD800"), Map.of("x".repeat(1_001), 1L),
                withNullKey, Map.of("o", new Object()), Map.of("bytes", Arrays.asList((Object) new byte[1])));
    }

    /** @return JSON objects: empty, ordinary, too deep, with values JSON cannot hold, null */
    static Arbitrary<Map<String, Object>> json() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(JSON_EDGES.subList(0, 5))),
                Tuple.of(3, Arbitraries.of(JSON_EDGES)),
                Tuple.of(1, Arbitraries.just(null)));
    }

    /**
     * @param values   the elements to draw from
     * @param maxSize  the largest list
     * @param <T>      the element type
     * @return lists of them (with repeats), and null
     */
    static <T> Arbitrary<List<T>> listsOf(Arbitrary<T> values, int maxSize) {
        return Arbitraries.frequencyOf(
                Tuple.of(5, values.list().ofMaxSize(maxSize)),
                Tuple.of(1, Arbitraries.just(null)));
    }

    /** Runs one store method with the arguments of a sweep. */
    @FunctionalInterface
    interface Invocation<S> {
        /**
         * @param store the store
         * @param seed  what seeding it produced
         * @param args  the arguments, in the method's order
         * @return the method's result
         */
        Object invoke(S store, BadInputProperties.Seed seed, Object[] args);
    }

    /**
     * Calls of one method with one argument at a time replaced by each of its edge values, the
     * others valid: every edge value of every parameter reaches the store once.
     *
     * @param method     the method's name, for the labels
     * @param valid      valid arguments, in the method's order
     * @param edges      for each parameter, its edge values ({@code null} only where the type allows it)
     * @param invocation runs the method
     * @param <S>        the store type
     * @return the calls
     */
    static <S> List<BadInputProperties.Call<S>> sweep(String method, Object[] valid, List<List<?>> edges,
                                                       Invocation<S> invocation) {
        List<BadInputProperties.Call<S>> calls = new ArrayList<>();
        for (int parameter = 0; parameter < valid.length; parameter++) {
            for (Object edge : edges.get(parameter)) {
                Object[] args = valid.clone();
                args[parameter] = edge;
                StringBuilder label = new StringBuilder(method).append('(');
                for (int i = 0; i < args.length; i++) {
                    label.append(i == 0 ? "" : ", ")
                            .append(args[i] instanceof String text ? show(text) : String.valueOf(args[i]));
                }
                calls.add(new BadInputProperties.Call<>(label.append(')').toString(),
                        (store, seed) -> invocation.invoke(store, seed, args)));
            }
        }
        return calls;
    }

    /**
     * @param text a generated string
     * @return it quoted, with control characters, surrogates and long runs made readable
     */
    static String show(String text) {
        if (text == null) {
            return "null";
        }
        String shown = text.length() > 40 ? text.substring(0, 20) + "…(" + text.length() + " chars)" : text;
        StringBuilder escaped = new StringBuilder("\"");
        shown.chars().forEach(c -> escaped.append(c < 0x20 || Character.isSurrogate((char) c)
                ? String.format("\\u%04X", c) : String.valueOf((char) c)));
        return escaped.append('"').toString();
    }

    /**
     * @param values generated values, or {@code null}
     * @param <T>    their type
     * @return the values built now (a constructor's exception is the call's), or {@code null}
     */
    static <T> List<T> built(List<Labelled<T>> values) {
        if (values == null) {
            return null;
        }
        List<T> built = new ArrayList<>();
        for (Labelled<T> value : values) {
            built.add(value.value().get());
        }
        return built;
    }

    /**
     * A value built when the call runs (so a constructor's ValidationException is part of the call's
     * outcome), with the label it reads as in a report.
     *
     * @param label what it is
     * @param value builds it
     * @param <T>   its type
     */
    record Labelled<T>(String label, java.util.function.Supplier<T> value) {
        @Override
        public String toString() {
            return label;
        }
    }
}
