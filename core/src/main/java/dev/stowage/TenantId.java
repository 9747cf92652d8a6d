package dev.stowage;

import dev.stowage.exception.ValidationException;

import java.util.regex.Pattern;

/**
 * The tenant every record belongs to. A store bound to one tenant can neither see nor change
 * another tenant's records. The value is 1..64 characters of ASCII letters, digits, {@code .},
 * {@code _} and {@code -}, starting with a letter or digit, so it is safe in every backend's keys.
 *
 * @param value the tenant's identifier
 */
public record TenantId(String value) {

    /** Longest tenant id. */
    public static final int MAX_LENGTH = 64;

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

    /** The tenant used by {@code Stores.contacts()} and friends unless another is chosen. */
    public static final TenantId DEFAULT = new TenantId("default");

    /**
     * @throws ValidationException {@code field "tenant"} if the value has the wrong shape
     */
    public TenantId {
        if (value == null) {
            throw new ValidationException("tenant", "required", "is required");
        }
        if (!SHAPE.matcher(value).matches()) {
            throw new ValidationException("tenant", "tenant-id",
                    "must be 1 to 64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /**
     * @param value the tenant's identifier
     * @return the tenant id
     */
    public static TenantId of(String value) {
        return new TenantId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
