package dev.stowage.exception;

import java.util.Objects;

/**
 * The input was rejected before anything was written. {@link #field()} names the offending field
 * as a path ({@code "email"}, {@code "address.city"}, {@code "tags[2]"}) and {@link #rule()} the
 * rule it broke ({@code "required"}, {@code "max-length"}, ...). Values are never echoed back,
 * because they may be secrets or personal data.
 *
 * <p>A path can hold caller-chosen text (the keys of a JSON object), so it is kept printable:
 * control characters and unpaired surrogates are written as <code>&#92;u</code> followed by four
 * hexadecimal digits, and a
 * backslash as <code>&#92;&#92;</code>, so the path (and the message) can always be logged or encoded as UTF-8, and the
 * escaped form is unambiguous.
 */
public class ValidationException extends StoreException {

    private final String field;
    private final String rule;
    private final String detail;

    /**
     * @param field  path of the rejected field
     * @param rule   short, stable identifier of the broken rule
     * @param detail human explanation of the rule, for example {@code "must be at most 200 characters"}
     */
    public ValidationException(String field, String rule, String detail) {
        this(escape(Objects.requireNonNull(field, "field")), rule, detail, true);
    }

    private ValidationException(String escapedField, String rule, String detail, boolean escaped) {
        super(escapedField + ": " + detail + " [" + rule + "]");
        this.field = escapedField;
        this.rule = Objects.requireNonNull(rule, "rule");
        this.detail = detail;
    }

    /**
     * @return the path of the rejected field, for example {@code "address.city"}, with control
     *     characters, unpaired surrogates and backslashes escaped
     */
    public String field() {
        return field;
    }

    /**
     * @return the stable identifier of the rule that was broken, for example {@code "max-length"}
     */
    public String rule() {
        return rule;
    }

    /**
     * Returns a copy whose field path is prefixed, used when a nested value is validated inside a
     * larger one (an address inside a contact, an entry inside an import batch).
     *
     * @param prefix the path of the enclosing value
     * @return an exception whose field is {@code prefix + "." + field()} (or {@code prefix + field()}
     *     for index paths)
     */
    public ValidationException within(String prefix) {
        String escapedPrefix = escape(prefix);
        String path = field.startsWith("[") ? escapedPrefix + field : escapedPrefix + "." + field;
        ValidationException nested = new ValidationException(path, rule, detail, true);
        nested.setStackTrace(getStackTrace());
        return nested;
    }

    /**
     * @param path a field path as built from names and keys
     * @return the path with control characters and unpaired surrogates as <code>&#92;u</code> and four hexadecimal digits
     *     and backslashes doubled
     */
    private static String escape(String path) {
        StringBuilder escaped = null;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < path.length()
                    && Character.isLowSurrogate(path.charAt(i + 1));
            String replacement = null;
            if (c == '\\') {
                replacement = "\\\\";
            } else if (Character.isISOControl(c) || (Character.isSurrogate(c) && !pair)) {
                replacement = String.format("\\u%04X", (int) c);
            }
            if (replacement != null && escaped == null) {
                escaped = new StringBuilder(path.length() + 16).append(path, 0, i);
            }
            if (escaped != null) {
                if (replacement != null) {
                    escaped.append(replacement);
                } else if (pair) {
                    escaped.append(c).append(path.charAt(i + 1));
                } else {
                    escaped.append(c);
                }
            }
            if (pair) {
                i++;
            }
        }
        return escaped == null ? path : escaped.toString();
    }
}
