package dev.stowage.support;

import dev.stowage.exception.ValidationException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Opaque page cursors. A cursor is a versioned list of text parts, base64url-encoded; callers
 * must treat it as opaque, and every backend encodes the same position identically, so a cursor
 * obtained from one backend continues on another (useful during a cutover).
 */
public final class Cursors {

    private static final String VERSION = "c1";
    private static final char SEPARATOR = '\u001F';

    private Cursors() {
    }

    /**
     * @param parts the position; must not contain U+001F
     * @return the opaque cursor
     */
    public static String encode(String... parts) {
        StringBuilder raw = new StringBuilder(VERSION);
        for (String part : parts) {
            raw.append(SEPARATOR).append(part);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param cursor        a cursor from {@link #encode}
     * @param expectedParts how many parts it must hold
     * @return the parts
     * @throws ValidationException {@code field "cursor"} if it is not a cursor of this shape
     */
    public static List<String> decode(String cursor, int expectedParts) {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= raw.length(); i++) {
            if (i == raw.length() || raw.charAt(i) == SEPARATOR) {
                parts.add(raw.substring(start, i));
                start = i + 1;
            }
        }
        if (parts.size() != expectedParts + 1 || !VERSION.equals(parts.get(0))) {
            throw invalid();
        }
        return parts.subList(1, parts.size());
    }

    /**
     * @return the error for a cursor that is not one of ours
     */
    public static ValidationException invalid() {
        return new ValidationException("cursor", "cursor",
                "is not a cursor returned by this query; pass the nextCursor of the previous page unchanged");
    }
}
