package dev.stowage.migration.legacy;

import dev.stowage.exception.ValidationException;

/**
 * A source value a declared converter would not convert: the field names the source field, the
 * rule the converter ({@code "epoch-millis"}). The raw value is kept for the reject file and the
 * report ({@link #rawValue()}) but never put in the message, which may be logged.
 */
public class ConversionException extends ValidationException {

    private final transient Object rawValue;

    /**
     * @param field     the source field
     * @param converter the converter's name
     * @param detail    why the value was refused, without the value
     * @param rawValue  the value as the source held it
     */
    public ConversionException(String field, String converter, String detail, Object rawValue) {
        super(field, converter, detail);
        this.rawValue = rawValue;
    }

    /**
     * @return the converter's name (the same as {@link #rule()})
     */
    public String converter() {
        return rule();
    }

    /**
     * @return the value as the source held it ({@code null}, a string, a number, ...)
     */
    public Object rawValue() {
        return rawValue;
    }
}
