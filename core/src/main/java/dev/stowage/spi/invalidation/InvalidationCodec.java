package dev.stowage.spi.invalidation;

import dev.stowage.TenantId;
import dev.stowage.exception.ValidationException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The wire format of cache invalidations: one line of printable ASCII per message, the same on
 * every transport (Redis pub/sub, PostgreSQL NOTIFY, ...).
 * <pre>
 * message  = "stowage-cache/1" SP origin SP tenant 1*(SP key)
 *          / "stowage-cache/1" SP origin SP "*" SP "*"          ; flush everything
 * origin   = node id: 1..64 of [A-Za-z0-9._-], starting with a letter or digit
 * tenant   = a TenantId (same alphabet)
 * key      = "c:" uuid                      ; contact by id
 *          / "s:" part ":" part             ; contact by (source, sourceId)
 *          / "e:" part                      ; contacts by normalized email
 *          / "a:" part                      ; credit account by id
 *          / "t:" part ":" part             ; credential by (subject, provider)
 * part     = the text's UTF-8 bytes, each byte outside [A-Za-z0-9-._~] written as "%" and two
 *            upper-case hex digits
 * </pre>
 * Example: {@code stowage-cache/1 node-7f3a acme c:01935b7e-8a41-7c3e-9f00-1a2b3c4d5e6f e:ada%40example.com}.
 * <p>
 * A receiver that cannot decode a message (another version, a truncated line) must treat it as a
 * flush of everything: it never knows which entries the sender meant, and serving them stale is
 * worse than reloading them.
 */
public final class InvalidationCodec {

    /** The first field of every message of this format version. */
    public static final String VERSION = "stowage-cache/1";

    /** Shortest message length a transport may impose: enough for a flush and any single key. */
    public static final int MIN_MESSAGE_LENGTH = 4_096;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private InvalidationCodec() {
    }

    /**
     * Encodes an invalidation as one or more messages of at most {@code maxLength} characters
     * each (the keys are spread over as many messages as needed, all with the same origin and
     * tenant).
     *
     * @param invalidation what to send
     * @param maxLength    the transport's longest message, at least {@link #MIN_MESSAGE_LENGTH}
     * @return the messages, in order
     */
    public static List<String> encode(Invalidation invalidation, int maxLength) {
        if (maxLength < MIN_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("maxLength must be at least " + MIN_MESSAGE_LENGTH + ", was " + maxLength);
        }
        String head = VERSION + ' ' + invalidation.origin() + ' ';
        if (invalidation.isEverything()) {
            return List.of(head + "* *");
        }
        head += invalidation.tenant().value();
        List<String> messages = new ArrayList<>();
        StringBuilder line = new StringBuilder(head);
        for (InvalidationKey key : invalidation.keys()) {
            String encoded = encodeKey(key);
            if (head.length() + 1 + encoded.length() > maxLength) {
                // Cannot happen with the store's length limits; a flush is the safe answer if it ever does.
                return List.of(VERSION + ' ' + invalidation.origin() + " * *");
            }
            if (line.length() > head.length() && line.length() + 1 + encoded.length() > maxLength) {
                messages.add(line.toString());
                line.setLength(0);
                line.append(head);
            }
            line.append(' ').append(encoded);
        }
        messages.add(line.toString());
        return messages;
    }

    /**
     * What a transport sends instead of a message it lost: a flush of everything from the same
     * origin (every entry the lost message named is among them).
     *
     * @param lostMessage a message of this instance that could not be delivered
     * @return the flush message
     */
    public static String flushReplacing(String lostMessage) {
        String[] fields = lostMessage == null ? new String[0] : lostMessage.split(" ", 3);
        String origin = "unknown";
        if (fields.length >= 2) {
            try {
                origin = Invalidation.requireNodeId(fields[1]);
            } catch (IllegalArgumentException notANodeId) {
                origin = "unknown";
            }
        }
        return VERSION + ' ' + origin + " * *";
    }

    /**
     * @param message one message as received
     * @return the invalidation it carries
     * @throws IllegalArgumentException if it is not a message of this format version; the caller
     *     must then flush everything
     */
    public static Invalidation decode(String message) {
        if (message == null) {
            throw new IllegalArgumentException("no message");
        }
        String[] fields = message.split(" ", -1);
        if (fields.length < 4 || !fields[0].equals(VERSION)) {
            throw new IllegalArgumentException("not a " + VERSION + " message: " + abbreviate(message));
        }
        String origin = Invalidation.requireNodeId(fields[1]);
        if (fields[2].equals("*")) {
            if (fields.length != 4 || !fields[3].equals("*")) {
                throw new IllegalArgumentException("a flush is written '* *': " + abbreviate(message));
            }
            return Invalidation.everything(origin);
        }
        TenantId tenant;
        try {
            tenant = TenantId.of(fields[2]);
        } catch (ValidationException e) {
            throw new IllegalArgumentException("bad tenant in " + abbreviate(message), e);
        }
        List<InvalidationKey> keys = new ArrayList<>(fields.length - 3);
        for (int i = 3; i < fields.length; i++) {
            keys.add(decodeKey(fields[i]));
        }
        return Invalidation.of(origin, tenant, keys);
    }

    private static String encodeKey(InvalidationKey key) {
        if (key instanceof InvalidationKey.ContactId contact) {
            return "c:" + contact.id();
        }
        if (key instanceof InvalidationKey.ContactSource source) {
            return "s:" + escape(source.source()) + ':' + escape(source.sourceId());
        }
        if (key instanceof InvalidationKey.ContactEmail email) {
            return "e:" + escape(email.normalizedEmail());
        }
        if (key instanceof InvalidationKey.AccountId account) {
            return "a:" + escape(account.accountId());
        }
        InvalidationKey.CredentialId credential = (InvalidationKey.CredentialId) key;
        return "t:" + escape(credential.subject()) + ':' + escape(credential.provider());
    }

    private static InvalidationKey decodeKey(String field) {
        if (field.length() < 2 || field.charAt(1) != ':') {
            throw new IllegalArgumentException("bad key '" + abbreviate(field) + "'");
        }
        String[] parts = field.substring(2).split(":", -1);
        char kind = field.charAt(0);
        int expectedParts = kind == 's' || kind == 't' ? 2 : 1;
        if (parts.length != expectedParts) {
            throw new IllegalArgumentException("key '" + abbreviate(field) + "' must have " + expectedParts + " part(s)");
        }
        return switch (kind) {
            case 'c' -> new InvalidationKey.ContactId(parseUuid(parts[0]));
            case 's' -> new InvalidationKey.ContactSource(unescape(parts[0]), unescape(parts[1]));
            case 'e' -> new InvalidationKey.ContactEmail(unescape(parts[0]));
            case 'a' -> new InvalidationKey.AccountId(unescape(parts[0]));
            case 't' -> new InvalidationKey.CredentialId(unescape(parts[0]), unescape(parts[1]));
            default -> throw new IllegalArgumentException("unknown key kind '" + kind + "'");
        };
    }

    private static UUID parseUuid(String text) {
        if (text.length() != 36) {
            throw new IllegalArgumentException("bad contact id '" + abbreviate(text) + "'");
        }
        return UUID.fromString(text);
    }

    static String escape(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int unsigned = b & 0xFF;
            if (isUnreserved(unsigned)) {
                out.append((char) unsigned);
            } else {
                out.append('%').append(HEX[unsigned >>> 4]).append(HEX[unsigned & 0xF]);
            }
        }
        return out.toString();
    }

    static String unescape(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw new IllegalArgumentException("truncated escape in '" + abbreviate(text) + "'");
                }
                int high = hexValue(text.charAt(i + 1));
                int low = hexValue(text.charAt(i + 2));
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c < 128 && isUnreserved(c)) {
                bytes.write(c);
            } else {
                throw new IllegalArgumentException("unescaped character in '" + abbreviate(text) + "'");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("escaped bytes are not UTF-8 in '" + abbreviate(text) + "'", e);
        }
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw new IllegalArgumentException("bad escape digit '" + c + "'");
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }
}
