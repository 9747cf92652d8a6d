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
     * @throws dev.stowage.exception.ValidationException naming the part, e.g. {@code "address.city"}
     */
    public Address {
        Check.optionalText(street, "address.street", MAX_PART_LENGTH);
        Check.optionalText(city, "address.city", MAX_PART_LENGTH);
        Check.optionalText(region, "address.region", MAX_PART_LENGTH);
        Check.optionalText(postalCode, "address.postalCode", MAX_PART_LENGTH);
        Check.optionalText(country, "address.country", MAX_PART_LENGTH);
    }

    /**
     * @return whether every part is absent
     */
    public boolean isEmpty() {
        return street == null && city == null && region == null && postalCode == null && country == null;
    }
}
