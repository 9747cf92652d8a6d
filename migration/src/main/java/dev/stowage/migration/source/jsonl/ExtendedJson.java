package dev.stowage.migration.source.jsonl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.stowage.exception.ValidationException;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON object, including MongoDB's extended JSON as mongoexport writes it, into the
 * value model of {@link dev.stowage.migration.source.SourceRecord}, with Jackson's streaming parser.
 *
 * <p>Extended JSON wrappers become what they stand for: {@code {"$oid":"…"}} its 24-character hex
 * string; {@code {"$date":"2021-03-04T05:06:07.890Z"}} (relaxed), {@code {"$date":{"$numberLong":"…"}}}
 * (canonical) and {@code {"$date":1614834367890}} (legacy) an {@link Instant};
 * {@code $numberLong} and {@code $numberInt} a {@link Long}; {@code $numberDecimal} and
 * {@code $numberDouble} an exact {@link BigDecimal} of their text; {@code $binary} a {@code byte[]}.
 * Plain JSON numbers become a {@link Long} when integral and in range, otherwise a
 * {@link BigDecimal} of their exact text (never a {@code double}). Other {@code $} objects
 * ({@code $timestamp}, {@code $regex}, …) stay maps, as stored. A wrapper whose value is not what
 * MongoDB writes ({@code {"$oid":12}}, a {@code $numberDecimal} of {@code NaN}, which no
 * {@link BigDecimal} holds), a duplicate key or anything but one object makes the whole record
 * unreadable: nothing is guessed.
 */
public final class ExtendedJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
            .build();

    private ExtendedJson() {
    }

    /**
     * @param bytes  UTF-8 JSON
     * @param offset where the object starts
     * @param length how many bytes it takes
     * @return its fields in document order
     * @throws ValidationException (field {@code "json"} or the offending path) if it is not exactly one
     *                             valid JSON object with well-formed extended JSON wrappers; the
     *                             message names the column or path, never a value
     */
    public static Map<String, Object> parseObject(byte[] bytes, int offset, int length) {
        try (JsonParser parser = FACTORY.createParser(bytes, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ValidationException("json", "not-an-object", "a record must be one JSON object");
            }
            Object value = readObject(parser, "");
            if (!(value instanceof Map<?, ?>)) {
                throw new ValidationException("json", "not-an-object", "a record must be one JSON object, not an extended JSON value");
            }
            if (parser.nextToken() != null) {
                throw new ValidationException("json", "trailing-content",
                        "unexpected content after the object at column " + parser.currentLocation().getColumnNr());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) value;
            return fields;
        } catch (JsonProcessingException e) {
            throw new ValidationException("json", "malformed-json", "not valid JSON at column "
                    + e.getLocation().getColumnNr() + " (" + summary(e) + ")");
        } catch (IOException e) {
            throw new ValidationException("json", "malformed-json", "not valid JSON");
        }
    }

    /** The parser's message without its excerpt of the input, which may hold personal data. */
    private static String summary(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return "malformed";
        }
        int quote = message.indexOf('\'');
        int cut = quote >= 0 ? quote : message.indexOf('"');
        String text = (cut >= 0 ? message.substring(0, cut) : message).strip();
        if (text.endsWith(":")) {
            text = text.substring(0, text.length() - 1);
        }
        return text.isEmpty() ? "malformed" : text;
    }

    private static Object readValue(JsonParser parser, JsonToken token, String path) throws IOException {
        return switch (token) {
            case START_OBJECT -> readObject(parser, path);
            case START_ARRAY -> readArray(parser, path);
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> integral(parser);
            case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new ValidationException(path, "malformed-json", "unexpected " + token);
        };
    }

    private static Object integral(JsonParser parser) throws IOException {
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return new BigDecimal(parser.getBigIntegerValue());
        }
        return parser.getLongValue();
    }

    private static List<Object> readArray(JsonParser parser, String path) throws IOException {
        List<Object> values = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            values.add(readValue(parser, token, path + "[" + values.size() + "]"));
        }
        return values;
    }

    private static Object readObject(JsonParser parser, String path) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String child = path.isEmpty() ? name : path + "." + name;
            fields.put(name, readValue(parser, parser.nextToken(), child));
        }
        if (fields.size() == 1) {
            Map.Entry<String, Object> only = fields.entrySet().iterator().next();
            if (only.getKey().startsWith("$")) {
                return unwrap(only.getKey(), only.getValue(), path.isEmpty() ? only.getKey() : path);
            }
        }
        return fields;
    }

    private static Object unwrap(String wrapper, Object value, String path) {
        return switch (wrapper) {
            case "$oid" -> objectId(value, path);
            case "$date" -> date(value, path);
            case "$numberLong", "$numberInt" -> integer(wrapper, value, path);
            case "$numberDecimal", "$numberDouble" -> decimal(wrapper, value, path);
            case "$binary" -> binary(value, path);
            default -> keep(wrapper, value);
        };
    }

    private static Map<String, Object> keep(String wrapper, Object value) {
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put(wrapper, value);
        return kept;
    }

    private static String objectId(Object value, String path) {
        if (value instanceof String hex && hex.length() == 24 && hex.chars().allMatch(ExtendedJson::isHex)) {
            return hex.toLowerCase(java.util.Locale.ROOT);
        }
        throw new ValidationException(path, "extended-json", "$oid must be 24 hexadecimal characters");
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static Instant date(Object value, String path) {
        if (value instanceof String iso) {
            try {
                return OffsetDateTime.parse(iso).toInstant();
            } catch (DateTimeParseException e) {
                throw new ValidationException(path, "extended-json", "$date must be an ISO-8601 date-time with an offset");
            }
        }
        if (value instanceof Long millis) {
            // {"$date":{"$numberLong":"…"}} arrives here already unwrapped, as does legacy {"$date":<number>}.
            return Instant.ofEpochMilli(millis);
        }
        throw new ValidationException(path, "extended-json", "$date must be an ISO-8601 string or epoch milliseconds ($numberLong)");
    }

    private static Long integer(String wrapper, Object value, String path) {
        if (value instanceof String text) {
            try {
                long parsed = Long.parseLong(text);
                if (wrapper.equals("$numberInt") && (parsed < Integer.MIN_VALUE || parsed > Integer.MAX_VALUE)) {
                    throw new ValidationException(path, "extended-json", "$numberInt is out of the 32-bit range");
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new ValidationException(path, "extended-json", wrapper + " must be a decimal integer string");
            }
        }
        throw new ValidationException(path, "extended-json", wrapper + " must be a string");
    }

    private static BigDecimal decimal(String wrapper, Object value, String path) {
        if (value instanceof String text) {
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new ValidationException(path, "extended-json", wrapper
                        + " must be a finite decimal (NaN and Infinity have no exact decimal)");
            }
        }
        throw new ValidationException(path, "extended-json", wrapper + " must be a string");
    }

    private static byte[] binary(Object value, String path) {
        if (value instanceof Map<?, ?> map && map.get("base64") instanceof String base64) {
            try {
                return Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new ValidationException(path, "extended-json", "$binary.base64 is not valid base64");
            }
        }
        throw new ValidationException(path, "extended-json", "$binary must be {\"base64\":…,\"subType\":…}");
    }
}
