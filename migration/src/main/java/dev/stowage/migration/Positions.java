package dev.stowage.migration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;

/**
 * Keys made of two strings (a credential's subject and provider, a denylist entry's expiry and
 * jti), written as the JSON array {@code ["first","second"]} so that any character in either
 * part keeps the two apart. Keys are also checkpointed positions.
 */
final class Positions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Positions() {
    }

    static String pair(String first, String second) {
        try {
            return JSON.writeValueAsString(List.of(first, second));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("two strings always encode", e);
        }
    }

    /**
     * @param position a checkpointed position written by {@link #pair}
     * @param kind     the kind of record it belongs to
     * @param shape    how the pair reads, for the error ({@code [subject, provider]})
     * @return its two parts
     * @throws MigrationException if it is not such a pair (a checkpoint of another version)
     */
    static String[] parsePair(String position, RecordKind kind, String shape) {
        try {
            String[] parts = JSON.readValue(position, String[].class);
            if (parts.length != 2 || parts[0] == null || parts[1] == null) {
                throw new IllegalArgumentException("expected " + shape);
            }
            return parts;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MigrationException("the checkpointed " + kind.label() + " position is not " + shape
                    + "; the checkpoint was not written by this version", kind, null, null, e);
        }
    }
}
