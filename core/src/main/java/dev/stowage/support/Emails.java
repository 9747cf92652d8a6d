package dev.stowage.support;

import dev.stowage.exception.ValidationException;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Email addresses: validation and the normalized form used for case-insensitive lookups. Every
 * backend indexes {@link #normalize} of the stored address rather than lower-casing in the
 * database, so lookups agree across backends for every script.
 */
public final class Emails {

    /** Longest address accepted (RFC 5321 path limit). */
    public static final int MAX_LENGTH = 254;

    private static final Pattern SHAPE = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

    private Emails() {
    }

    /**
     * @param email the address as given
     * @param field the field's name for errors
     * @return the address unchanged
     * @throws ValidationException if the address is missing or not of the form local@domain.tld
     */
    public static String validate(String email, String field) {
        Check.requiredText(email, field, MAX_LENGTH);
        if (!SHAPE.matcher(email).matches()) {
            throw new ValidationException(field, "email", "must be an email address of the form name@example.com");
        }
        return email;
    }

    /**
     * @param email a valid address
     * @return the lookup key: the address lower-cased with {@link Locale#ROOT}
     */
    public static String normalize(String email) {
        return email.toLowerCase(Locale.ROOT);
    }
}
