package dev.stowage.migration.source.kv;

import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;

/**
 * One collection of a {@link KeyPatternSource}: every key that starts with {@link #prefix()},
 * whose values all have the same shape. The record's legacy id is the key without the prefix
 * ({@code credits:42} under {@code credits:} is {@code 42}).
 *
 * @param prefix the keys' common prefix, such as {@code credits:}; its collection is {@code prefix + "*"}
 * @param shape  how the values are stored
 */
public record KeyPattern(String prefix, ValueShape shape) {

    /** Checks the prefix and the shape. */
    public KeyPattern {
        Check.requiredText(prefix, "prefix", 200);
        Check.required(shape, "shape");
        if (prefix.contains("*") || prefix.contains("?") || prefix.contains("[")) {
            throw new ValidationException("prefix", "literal", "must be a literal prefix, without glob characters");
        }
    }

    /** How the values under a key pattern are stored. */
    public enum ValueShape {
        /** A string holding one JSON object (GET); parsed like a JSON line, extended JSON included. */
        JSON_STRING,
        /** A hash (HGETALL); every field value is the string Redis holds, never a guessed number. */
        HASH
    }

    /**
     * @param prefix the keys' prefix
     * @return keys whose values are JSON strings
     */
    public static KeyPattern json(String prefix) {
        return new KeyPattern(prefix, ValueShape.JSON_STRING);
    }

    /**
     * @param prefix the keys' prefix
     * @return keys whose values are hashes
     */
    public static KeyPattern hash(String prefix) {
        return new KeyPattern(prefix, ValueShape.HASH);
    }

    /**
     * @return the collection's name: the prefix followed by {@code *}
     */
    public String collection() {
        return prefix + "*";
    }
}
