package dev.stowage.exception;

import java.util.Objects;

/**
 * The input was rejected before anything was written. {@link #field()} names the offending field
 * as a path ({@code "email"}, {@code "address.city"}, {@code "tags[2]"}) and {@link #rule()} the
 * rule it broke ({@code "required"}, {@code "max-length"}, ...). Values are never echoed back,
 * because they may be secrets or personal data.
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
        super(field + ": " + detail + " [" + rule + "]");
        this.field = Objects.requireNonNull(field, "field");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.detail = detail;
    }

    /**
     * @return the path of the rejected field, for example {@code "address.city"}
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
        String path = field.startsWith("[") ? prefix + field : prefix + "." + field;
        ValidationException nested = new ValidationException(path, rule, detail);
        nested.setStackTrace(getStackTrace());
        return nested;
    }
}
