package dev.stowage.contact;

import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A postal address. Every part is optional; each is at most 200 characters.
 *
 * @param street     street and number
 * @param city       city or town
 * @param region     state, province or region
 * @param postalCode postal or ZIP code
 * @param country    country name or ISO code
 */
public record Address(String street, String city, String region, String postalCode, String country) {

    /** The longest accepted part. */
    public static final int MAX_PART_LENGTH = 200;

    /**
     * @throws dev.stowage.exception.ValidationException naming the part, e.g. {@code "address.city"}
     */
    public Address {
        Check.optionalText(street, "address.street", MAX_PART_LENGTH);
        Check.optionalText(city, "address.city", MAX_PART_LENGTH);
        Check.optionalText(region, "address.region", MAX_PART_LENGTH);
        Check.optionalText(postalCode, "address.postalCode", MAX_PART_LENGTH);
        Check.optionalText(country, "address.country", MAX_PART_LENGTH);
    }

    /** The names of the parts, in the order of {@link #parts()}. */
    private static final List<String> PART_NAMES = List.of("street", "city", "region", "postalCode", "country");

    /**
     * The address as a JSON object, the form backends store it in.
     *
     * @return the present parts by name ({@code street}, {@code city}, {@code region},
     *     {@code postalCode}, {@code country}), in that order; absent parts are left out
     */
    public Map<String, String> parts() {
        List<String> values = java.util.Arrays.asList(street, city, region, postalCode, country);
        Map<String, String> parts = new LinkedHashMap<>();
        for (int i = 0; i < PART_NAMES.size(); i++) {
            if (values.get(i) != null) {
                parts.put(PART_NAMES.get(i), values.get(i));
            }
        }
        return parts;
    }

    /**
     * The inverse of {@link #parts()}.
     *
     * @param parts the parts by name, or {@code null}
     * @return the address, or {@code null} for {@code null}
     * @throws ValidationException naming the part ({@code "address.city"}) if a part is not text
     *     or has an unknown name
     */
    public static Address fromParts(Map<String, ?> parts) {
        if (parts == null) {
            return null;
        }
        for (Map.Entry<String, ?> part : parts.entrySet()) {
            if (!PART_NAMES.contains(part.getKey())) {
                throw new ValidationException("address." + part.getKey(), "unknown", "is not a part of an address");
            }
            if (part.getValue() != null && !(part.getValue() instanceof String)) {
                throw new ValidationException("address." + part.getKey(), "text", "must be text");
            }
        }
        return new Address((String) parts.get("street"), (String) parts.get("city"), (String) parts.get("region"),
                (String) parts.get("postalCode"), (String) parts.get("country"));
    }

    /**
     * @return whether every part is absent
     */
    public boolean isEmpty() {
        return street == null && city == null && region == null && postalCode == null && country == null;
    }
}
