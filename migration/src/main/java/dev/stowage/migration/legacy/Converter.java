package dev.stowage.migration.legacy;

/**
 * Turns a raw source value into a typed one, or refuses it. A converter never guesses: a value it
 * cannot read exactly as declared is refused with a {@link ConversionException}, and the record
 * becomes a reject naming the field and the raw value. {@code null} (an absent field) is not
 * passed to converters; it stays {@code null}. Built-ins are in {@link Converters}.
 *
 * @param <T> the converted type
 */
public interface Converter<T> {

    /**
     * @return the converter's name in reports and mapping files, for example {@code "epoch-millis"}
     */
    String name();

    /**
     * @param field the source field, for the error
     * @param raw   the value as the source holds it, never {@code null}
     * @return the converted value
     * @throws ConversionException if the value is not what the converter declares
     */
    T convert(String field, Object raw);
}
