package dev.stowage.contact;

import dev.stowage.support.Check;

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
     * @throws dev.stowage.exception.ValidationException naming the part, e.g. {@code "city"}
     */
    public Address {
        Check.optionalText(street, "street", MAX_PART_LENGTH);
        Check.optionalText(city, "city", MAX_PART_LENGTH);
        Check.optionalText(region, "region", MAX_PART_LENGTH);
        Check.optionalText(postalCode, "postalCode", MAX_PART_LENGTH);
        Check.optionalText(country, "country", MAX_PART_LENGTH);
    }

    /**
     * @return whether every part is absent
     */
    public boolean isEmpty() {
        return street == null && city == null && region == null && postalCode == null && country == null;
    }
}
