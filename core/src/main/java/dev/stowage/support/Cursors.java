package dev.stowage.support;

import dev.stowage.exception.ValidationException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Opaque page cursors. A cursor is a versioned list of text parts, base64url-encoded; callers
 * must treat it as opaque, and every backend encodes the same position identically, so a cursor
 * obtained from one backend continues on another (useful during a cutover).
 *
 * <p>A cursor comes back from the caller, so it is untrusted input: {@link #decode} accepts only
 * the exact text {@link #encode} produces, and the part decoders ({@link #decodeInstant},
 * {@link #decodeText}, {@link #decodeId}) accept only values a store can hold (instants within
 * {@link Timestamps#MIN}..{@link Timestamps#MAX}, well-formed text without NUL, canonical ids).
 * Every failure is the same {@link #invalid()} error, so backends never see a forged position
 * and never fail on one in their own way. A {@link #fingerprint} of the query a cursor belongs to
 * lets its decoder reject a cursor of another query.
 */
public final class Cursors {

    private static final String VERSION = "c1";
    private static final char SEPARATOR = '\u001F';
    /** Bytes of SHA-256 kept by {@link #fingerprint}: 72 bits, twelve base64url characters. */
    private static final int FINGERPRINT_BYTES = 9;
    private static final long MIN_MICROS = Timestamps.toEpochMicros(Timestamps.MIN);
    private static final long MAX_MICROS = Timestamps.toEpochMicros(Timestamps.MAX);

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
        return base64(raw.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param cursor        a cursor from {@link #encode}
     * @param expectedParts how many parts it must hold
     * @return the parts
     * @throws ValidationException {@code field "cursor"} if it is not a cursor of this shape,
     *     exactly as {@link #encode} wrote it
     */
    public static List<String> decode(String cursor, int expectedParts) {
        Check.required(cursor, "cursor");
        String raw = utf8(unbase64(cursor));
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
     * @param instant an instant a store holds (microsecond precision, within the supported years)
     * @return the cursor part for it: its epoch microseconds in decimal
     */
    public static String encodeInstant(Instant instant) {
        return Long.toString(Timestamps.toEpochMicros(instant));
    }

    /**
     * @param part a part written by {@link #encodeInstant}
     * @return the instant
     * @throws ValidationException {@code field "cursor"} unless the part is the canonical decimal
     *     of an instant within {@link Timestamps#MIN}..{@link Timestamps#MAX}
     */
    public static Instant decodeInstant(String part) {
        long micros;
        try {
            micros = Long.parseLong(part);
        } catch (NumberFormatException e) {
            throw invalid();
        }
        if (micros < MIN_MICROS || micros > MAX_MICROS || !Long.toString(micros).equals(part)) {
            throw invalid();
        }
        return Timestamps.ofEpochMicros(micros);
    }

    /**
     * @param text any stored text (it may hold the separator, which this encoding hides)
     * @return the cursor part for it: its UTF-8 bytes in base64url
     */
    public static String encodeText(String text) {
        return base64(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param part      a part written by {@link #encodeText}
     * @param maxLength the longest text the store holds in this position
     * @return the text
     * @throws ValidationException {@code field "cursor"} unless the part encodes, exactly as
     *     {@link #encodeText} would, well-formed text without NUL of at most {@code maxLength}
     *     characters
     */
    public static String decodeText(String part, int maxLength) {
        String text = utf8(unbase64(part));
        try {
            return Check.optionalText(text, "cursor", maxLength);
        } catch (ValidationException e) {
            throw invalid();
        }
    }

    /**
     * @param part a part holding {@link UUID#toString()}
     * @return the id
     * @throws ValidationException {@code field "cursor"} unless the part is an id in its
     *     canonical form (36 lower-case characters)
     */
    public static UUID decodeId(String part) {
        UUID id;
        try {
            id = UUID.fromString(part);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!id.toString().equals(part)) {
            throw invalid();
        }
        return id;
    }

    /**
     * A short hash of a canonical form, to bind a cursor to the query it belongs to. Each part
     * is length-prefixed, so different lists never hash the same text.
     *
     * @param canonicalParts the query's canonical form, for example its sort followed by each filter
     * @return twelve base64url characters
     */
    public static String fingerprint(List<String> canonicalParts) {
        StringBuilder canonical = new StringBuilder();
        for (String part : canonicalParts) {
            canonical.append(part.length()).append(':').append(part);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            byte[] kept = new byte[FINGERPRINT_BYTES];
            System.arraycopy(hash, 0, kept, 0, FINGERPRINT_BYTES);
            return base64(kept);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /**
     * @return the error for a cursor that is not one of ours
     */
    public static ValidationException invalid() {
        return new ValidationException("cursor", "cursor",
                "is not a cursor returned by this query; pass the nextCursor of the previous page unchanged");
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Decodes base64url, accepting only what {@link #base64} writes (no padding, no stray bits). */
    private static byte[] unbase64(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!base64(bytes).equals(text)) {
            throw invalid();
        }
        return bytes;
    }

    /** Decodes UTF-8 strictly: malformed bytes are an invalid cursor, not replacement characters. */
    private static String utf8(byte[] bytes) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw invalid();
        }
    }
}
