package dev.stowage.contact;

import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;
import dev.stowage.support.Emails;
import dev.stowage.support.JsonValues;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The caller-controlled state of a contact: everything except id, timestamps and version. Used
 * to create, update and upsert. Validated on construction, so an invalid draft cannot exist.
 *
 * @param firstName    optional, at most 200 characters
 * @param lastName     optional, at most 200 characters
 * @param email        required, an address of the form name@example.com, at most 254 characters;
 *                     looked up case-insensitively
 * @param phone        optional, at most 50 characters
 * @param company      optional, at most 200 characters
 * @param title        optional, at most 200 characters
 * @param address      optional; an address with no parts is stored as absent
 * @param notes        optional, at most 10 000 characters
 * @param status       defaults to {@link ContactStatus#ACTIVE}
 * @param tags         at most 100 distinct, non-blank tags of at most 100 characters, kept in code
 *                     point order
 * @param customFields a JSON object (see {@link JsonValues} for the canonical form)
 * @param source       where the contact came from ({@code "hubspot"}); set together with sourceId
 * @param sourceId     the contact's id in that source; (source, sourceId) is unique per tenant
 */
public record ContactDraft(
        String firstName,
        String lastName,
        String email,
        String phone,
        String company,
        String title,
        Address address,
        String notes,
        ContactStatus status,
        Set<String> tags,
        Map<String, Object> customFields,
        String source,
        String sourceId) {

    /** Longest accepted name, company or title. */
    public static final int MAX_NAME_LENGTH = 200;
    /** Longest accepted phone number. */
    public static final int MAX_PHONE_LENGTH = 50;
    /** Longest accepted notes. */
    public static final int MAX_NOTES_LENGTH = 10_000;
    /** Most tags on one contact. */
    public static final int MAX_TAGS = 100;
    /** Longest accepted tag. */
    public static final int MAX_TAG_LENGTH = 100;
    /** Longest accepted source name. */
    public static final int MAX_SOURCE_LENGTH = 100;
    /** Longest accepted source id. */
    public static final int MAX_SOURCE_ID_LENGTH = 200;

    /**
     * Validates every field and normalizes collections into immutable, canonical copies.
     *
     * @throws ValidationException naming the first invalid field
     */
    public ContactDraft {
        Check.optionalText(firstName, "firstName", MAX_NAME_LENGTH);
        Check.optionalText(lastName, "lastName", MAX_NAME_LENGTH);
        Emails.validate(email, "email");
        Check.optionalText(phone, "phone", MAX_PHONE_LENGTH);
        Check.optionalText(company, "company", MAX_NAME_LENGTH);
        Check.optionalText(title, "title", MAX_NAME_LENGTH);
        if (address != null && address.isEmpty()) {
            address = null;
        }
        Check.optionalText(notes, "notes", MAX_NOTES_LENGTH);
        status = status == null ? ContactStatus.ACTIVE : status;
        tags = Check.textSet(tags, "tags", MAX_TAGS, MAX_TAG_LENGTH);
        customFields = JsonValues.canonicalObject(customFields, "customFields");
        if (source != null || sourceId != null) {
            Check.identifier(source, "source", MAX_SOURCE_LENGTH);
            Check.requiredText(sourceId, "sourceId", MAX_SOURCE_ID_LENGTH);
        }
    }

    /**
     * @param email the contact's email address, the only required field
     * @return a builder
     */
    public static Builder builder(String email) {
        return new Builder().email(email);
    }

    /**
     * @return a builder holding this draft's values
     */
    public Builder toBuilder() {
        return new Builder()
                .firstName(firstName).lastName(lastName).email(email).phone(phone).company(company)
                .title(title).address(address).notes(notes).status(status).tags(tags)
                .customFields(customFields).source(source, sourceId);
    }

    /**
     * @return whether both source and sourceId are set
     */
    public boolean hasSource() {
        return source != null;
    }

    /**
     * A mutable builder; {@link #build()} validates. A {@code null} collection or map is rejected
     * where it is passed (pass an empty one for none); a {@code null} text clears that field.
     * Not thread-safe.
     */
    public static final class Builder {
        private String firstName;
        private String lastName;
        private String email;
        private String phone;
        private String company;
        private String title;
        private Address address;
        private String notes;
        private ContactStatus status = ContactStatus.ACTIVE;
        private Collection<String> tags = Set.of();
        private Map<String, ?> customFields = Map.of();
        private String source;
        private String sourceId;

        private Builder() {
        }

        /** @param value the first name @return this builder */
        public Builder firstName(String value) { this.firstName = value; return this; }

        /** @param value the last name @return this builder */
        public Builder lastName(String value) { this.lastName = value; return this; }

        /** @param value the email address @return this builder */
        public Builder email(String value) { this.email = value; return this; }

        /** @param value the phone number @return this builder */
        public Builder phone(String value) { this.phone = value; return this; }

        /** @param value the company @return this builder */
        public Builder company(String value) { this.company = value; return this; }

        /** @param value the job title @return this builder */
        public Builder title(String value) { this.title = value; return this; }

        /** @param value the postal address @return this builder */
        public Builder address(Address value) { this.address = value; return this; }

        /** @param value free-form notes @return this builder */
        public Builder notes(String value) { this.notes = value; return this; }

        /** @param value the status @return this builder */
        public Builder status(ContactStatus value) { this.status = value; return this; }

        /**
         * @param values the tags, replacing any set before; empty for none
         * @return this builder
         * @throws ValidationException {@code field "tags"} if {@code values} is {@code null}
         */
        public Builder tags(Collection<String> values) {
            this.tags = Check.required(values, "tags");
            return this;
        }

        /**
         * @param values the tags, replacing any set before; none for none
         * @return this builder
         * @throws ValidationException {@code field "tags"} if {@code values} is {@code null}
         */
        public Builder tags(String... values) {
            this.tags = java.util.Arrays.asList(Check.required(values, "tags"));
            return this;
        }

        /**
         * @param values a JSON object, replacing any set before; empty for none
         * @return this builder
         * @throws ValidationException {@code field "customFields"} if {@code values} is {@code null}
         */
        public Builder customFields(Map<String, ?> values) {
            this.customFields = Check.required(values, "customFields");
            return this;
        }

        /**
         * @param source   where the contact came from
         * @param sourceId its id there
         * @return this builder
         */
        public Builder source(String source, String sourceId) {
            this.source = source;
            this.sourceId = sourceId;
            return this;
        }

        /**
         * @return the validated draft
         * @throws ValidationException naming the first invalid field
         */
        @SuppressWarnings("unchecked")
        public ContactDraft build() {
            return new ContactDraft(firstName, lastName, email, phone, company, title, address, notes, status,
                    new LinkedHashSet<>(tags), (Map<String, Object>) customFields, source, sourceId);
        }
    }
}
