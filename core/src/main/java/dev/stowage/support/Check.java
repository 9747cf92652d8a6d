package dev.stowage.support;

import dev.stowage.exception.ValidationException;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validation at the boundary, shared by the model's constructors and by every backend so the
 * rules exist once. Each method throws {@link ValidationException} naming the field and the rule.
 */
public final class Check {

    private Check() {
    }

    /**
     * @param value the value
     * @param field the field's name for the error
     * @param <T>   the value's type
     * @return the value, never {@code null}
     * @throws ValidationException {@code required} if the value is {@code null}
     */
    public static <T> T required(T value, String field) {
        if (value == null) {
            throw new ValidationException(field, "required", "is required");
        }
        return value;
    }

    /**
     * Validates optional text: well-formed Unicode, no NUL character (PostgreSQL cannot store it),
     * at most {@code maxLength} UTF-16 characters.
     *
     * @param value     the text, may be {@code null}
     * @param field     the field's name for the error
     * @param maxLength the maximum length in UTF-16 characters
     * @return the value unchanged, or {@code null}
     */
    public static String optionalText(String value, String field, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            throw new ValidationException(field, "max-length", "must be at most " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                throw new ValidationException(field, "no-nul", "must not contain the NUL character (U+0000)");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new ValidationException(field, "well-formed", "must be well-formed Unicode (unpaired surrogate)");
            }
            if (Character.isLowSurrogate(c)) {
                throw new ValidationException(field, "well-formed", "must be well-formed Unicode (unpaired surrogate)");
            }
        }
        return value;
    }

    /**
     * Like {@link #optionalText} but the text must be present and not blank.
     *
     * @param value     the text
     * @param field     the field's name for the error
     * @param maxLength the maximum length in UTF-16 characters
     * @return the value unchanged
     */
    public static String requiredText(String value, String field, int maxLength) {
        required(value, field);
        if (value.isBlank()) {
            throw new ValidationException(field, "not-blank", "must not be blank");
        }
        return optionalText(value, field, maxLength);
    }

    /**
     * An identifier-like text: present, 1..maxLength characters, no whitespace or control
     * characters, so it can be embedded in keys of every backend.
     *
     * @param value     the identifier
     * @param field     the field's name for the error
     * @param maxLength the maximum length
     * @return the value unchanged
     */
    public static String identifier(String value, String field, int maxLength) {
        requiredText(value, field, maxLength);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new ValidationException(field, "identifier",
                        "must not contain whitespace or control characters");
            }
        }
        return value;
    }

    /**
     * Validates a set of short texts (tags, scopes) and returns an immutable copy in code point
     * order, so every backend stores and returns the same order.
     *
     * @param values    the values, {@code null} means empty
     * @param field     the field's name for the error
     * @param maxCount  the maximum number of values
     * @param maxLength the maximum length of each value
     * @return an immutable, sorted copy
     */
    public static Set<String> textSet(Collection<String> values, String field, int maxCount, int maxLength) {
        if (values == null || values.isEmpty()) {
            return Set.of();
        }
        if (values.size() > maxCount) {
            throw new ValidationException(field, "max-count", "must hold at most " + maxCount + " values");
        }
        TreeSet<String> sorted = new TreeSet<>(Text.CODE_POINT_ORDER);
        int index = 0;
        for (String value : values) {
            sorted.add(requiredText(value, field + "[" + index + "]", maxLength));
            index++;
        }
        return java.util.Collections.unmodifiableSortedSet(sorted);
    }

    /**
     * @param value the value
     * @param field the field's name for the error
     * @param min   the smallest allowed value
     * @param max   the largest allowed value
     * @return the value
     */
    public static int range(int value, String field, int min, int max) {
        if (value < min || value > max) {
            throw new ValidationException(field, "range", "must be between " + min + " and " + max);
        }
        return value;
    }

    /** Largest page of a search or history read. */
    public static final int MAX_PAGE_LIMIT = 1_000;
    /** Largest batch of a scan or import. */
    public static final int MAX_BATCH_LIMIT = 10_000;

    /**
     * @param limit a page size
     * @return the limit
     * @throws ValidationException {@code field "limit"} unless 1..{@value #MAX_PAGE_LIMIT}
     */
    public static int pageLimit(int limit) {
        return range(limit, "limit", 1, MAX_PAGE_LIMIT);
    }

    /**
     * @param limit a scan size
     * @return the limit
     * @throws ValidationException {@code field "limit"} unless 1..{@value #MAX_BATCH_LIMIT}
     */
    public static int batchLimit(int limit) {
        return range(limit, "limit", 1, MAX_BATCH_LIMIT);
    }

    /**
     * A batch for an import: present, at most {@code max} elements, none {@code null}.
     *
     * @param batch the batch
     * @param field the field's name for the error
     * @param max   the largest allowed size
     * @param <T>   the element type
     * @return an immutable copy
     */
    public static <T> java.util.List<T> batch(java.util.List<T> batch, String field, int max) {
        required(batch, field);
        if (batch.size() > max) {
            throw new ValidationException(field, "max-count", "must hold at most " + max + " elements; split the batch");
        }
        for (int i = 0; i < batch.size(); i++) {
            required(batch.get(i), field + "[" + i + "]");
        }
        return java.util.List.copyOf(batch);
    }

    /**
     * @param value the value
     * @param field the field's name for the error
     * @param min   the smallest allowed value
     * @return the value
     */
    public static long atLeast(long value, String field, long min) {
        if (value < min) {
            throw new ValidationException(field, "min", "must be at least " + min);
        }
        return value;
    }

    /**
     * A time-to-live: positive and at most ten years.
     *
     * @param ttl   the duration
     * @param field the field's name for the error
     * @return the duration
     */
    public static Duration ttl(Duration ttl, String field) {
        required(ttl, field);
        if (ttl.isNegative() || ttl.isZero()) {
            throw new ValidationException(field, "positive", "must be positive");
        }
        if (ttl.compareTo(Duration.ofDays(3660)) > 0) {
            throw new ValidationException(field, "max", "must be at most ten years");
        }
        return ttl;
    }

    /**
     * A required instant, truncated to microseconds.
     *
     * @param instant the instant
     * @param field   the field's name for the error
     * @return the truncated instant
     */
    public static Instant instant(Instant instant, String field) {
        return Timestamps.truncate(required(instant, field), field);
    }
}
