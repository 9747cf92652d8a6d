package dev.stowage.contact;

import dev.stowage.Page;
import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;
import dev.stowage.support.Cursors;
import dev.stowage.support.Ids;
import dev.stowage.support.SearchText;
import dev.stowage.support.Text;
import dev.stowage.support.Timestamps;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A contact search: filters (all of which must hold), a sort, a page size and an optional cursor.
 * This type also holds the reference semantics — {@link #matches}, {@link #order()} and
 * {@link #isAfterCursor} — which the in-memory backend applies directly and every other backend
 * must reproduce.
 *
 * @param statuses     the contact must have one of these statuses; empty means any
 * @param anyTags      the contact must carry at least one of these tags; empty means no filter
 * @param allTags      the contact must carry all of these tags; empty means no filter
 * @param company      the contact's company must equal this exactly; {@code null} means no filter
 * @param updatedAfter the contact's updatedAt must be strictly after this; {@code null} means no filter
 * @param text         free text; every word must occur as a whole word in the first name, last
 *                     name, email, company or notes (see {@link SearchText}); {@code null} means no filter
 * @param sort         the order
 * @param direction    the direction of the order
 * @param limit        the page size, 1..{@value #MAX_LIMIT}
 * @param cursor       the {@code nextCursor} of the previous page, or {@code null} for the first page
 */
public record ContactQuery(
        Set<ContactStatus> statuses,
        Set<String> anyTags,
        Set<String> allTags,
        String company,
        Instant updatedAfter,
        String text,
        ContactSort sort,
        SortDirection direction,
        int limit,
        String cursor) {

    /** The page size when none is given. */
    public static final int DEFAULT_LIMIT = 50;
    /** The largest page size. */
    public static final int MAX_LIMIT = 1_000;

    /**
     * @throws ValidationException naming the first invalid field
     */
    public ContactQuery {
        if (statuses != null && statuses.stream().anyMatch(Objects::isNull)) {
            throw new ValidationException("statuses", "required", "must not contain null");
        }
        statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
        anyTags = Check.textSet(anyTags, "anyTags", ContactDraft.MAX_TAGS, ContactDraft.MAX_TAG_LENGTH);
        allTags = Check.textSet(allTags, "allTags", ContactDraft.MAX_TAGS, ContactDraft.MAX_TAG_LENGTH);
        Check.optionalText(company, "company", ContactDraft.MAX_NAME_LENGTH);
        updatedAfter = updatedAfter == null ? null : Check.instant(updatedAfter, "updatedAfter");
        if (text != null) {
            Check.optionalText(text, "text", 1_000);
            SearchText.queryTokens(text);
        }
        Check.required(sort, "sort");
        Check.required(direction, "direction");
        Check.range(limit, "limit", 1, MAX_LIMIT);
        if (cursor != null) {
            Check.optionalText(cursor, "cursor", 4_000);
            decode(cursor, sort, direction);
        }
    }

    /**
     * @return a builder for a query matching every contact, newest update first, 50 per page
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return every contact, newest update first, 50 per page
     */
    public static ContactQuery all() {
        return builder().build();
    }

    /**
     * @return a builder holding this query's values
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.statuses = statuses;
        builder.anyTags = anyTags;
        builder.allTags = allTags;
        builder.company = company;
        builder.updatedAfter = updatedAfter;
        builder.text = text;
        builder.sort = sort;
        builder.direction = direction;
        builder.limit = limit;
        builder.cursor = cursor;
        return builder;
    }

    /**
     * @param nextCursor the cursor of the page just read
     * @return the same query positioned after that page
     */
    public ContactQuery after(String nextCursor) {
        return toBuilder().cursor(nextCursor).build();
    }

    /**
     * @return the query tokens of {@link #text()}, empty if there is no text filter
     */
    public Set<String> textTokens() {
        return text == null ? Set.of() : SearchText.queryTokens(text);
    }

    /**
     * The reference filter semantics. Ignores sort, limit and cursor.
     *
     * @param contact a contact
     * @return whether it passes every filter
     */
    public boolean matches(Contact contact) {
        if (!statuses.isEmpty() && !statuses.contains(contact.status())) {
            return false;
        }
        if (!anyTags.isEmpty() && anyTags.stream().noneMatch(contact.tags()::contains)) {
            return false;
        }
        if (!contact.tags().containsAll(allTags)) {
            return false;
        }
        if (company != null && !company.equals(contact.company())) {
            return false;
        }
        if (updatedAfter != null && !contact.updatedAt().isAfter(updatedAfter)) {
            return false;
        }
        return text == null || searchTokens(contact).containsAll(textTokens());
    }

    /**
     * @param contact a contact
     * @return the tokens free-text search matches against
     */
    public static Set<String> searchTokens(Contact contact) {
        return SearchText.tokens(contact.firstName(), contact.lastName(), contact.email(), contact.company(),
                contact.notes());
    }

    /**
     * @return the total order of results: the sort key in the query's direction, then the id
     */
    public Comparator<Contact> order() {
        Comparator<Contact> ascending = switch (sort) {
            case UPDATED_AT -> Comparator.comparing(Contact::updatedAt);
            case CREATED_AT -> Comparator.comparing(Contact::createdAt);
            case LAST_NAME -> Comparator.comparing(ContactQuery::lastNameKey, Text.CODE_POINT_ORDER);
        };
        ascending = ascending.thenComparing(Contact::id, Ids.UNSIGNED_ORDER);
        return direction == SortDirection.ASC ? ascending : ascending.reversed();
    }

    /**
     * @param contact a contact
     * @return whether it comes strictly after this query's cursor position ({@code true} without a cursor)
     */
    public boolean isAfterCursor(Contact contact) {
        if (cursor == null) {
            return true;
        }
        Position position = decode(cursor, sort, direction);
        int keyOrder = switch (sort) {
            case UPDATED_AT -> contact.updatedAt().compareTo((Instant) position.key());
            case CREATED_AT -> contact.createdAt().compareTo((Instant) position.key());
            case LAST_NAME -> Text.CODE_POINT_ORDER.compare(lastNameKey(contact), (String) position.key());
        };
        int order = keyOrder != 0 ? keyOrder : Ids.UNSIGNED_ORDER.compare(contact.id(), position.id());
        return direction == SortDirection.ASC ? order > 0 : order < 0;
    }

    /**
     * @return the cursor's position, or {@code null} without a cursor; for backends that build
     *     the keyset condition in their query language
     */
    public Position position() {
        return cursor == null ? null : decode(cursor, sort, direction);
    }

    /**
     * @param last the last contact of a page
     * @return the cursor that continues after it
     */
    public String cursorAfter(Contact last) {
        String key = switch (sort) {
            case UPDATED_AT -> Long.toString(Timestamps.toEpochMicros(last.updatedAt()));
            case CREATED_AT -> Long.toString(Timestamps.toEpochMicros(last.createdAt()));
            case LAST_NAME -> Base64.getUrlEncoder().encodeToString(lastNameKey(last).getBytes(StandardCharsets.UTF_8));
        };
        return Cursors.encode(sort.name(), direction.name(), key, last.id().toString());
    }

    /**
     * Cuts a page from the matches a backend read after the cursor, in {@link #order()}: it reads
     * up to {@code limit + 1} so that one more match proves a next page exists.
     *
     * @param matches up to {@code limit() + 1} matching contacts, in order
     * @return the page, with a next cursor exactly when more matches exist
     */
    public Page<Contact> page(List<Contact> matches) {
        if (matches.size() <= limit) {
            return new Page<>(matches, Optional.empty());
        }
        List<Contact> items = matches.subList(0, limit);
        return new Page<>(items, Optional.of(cursorAfter(items.get(items.size() - 1))));
    }

    /**
     * @param contact a contact
     * @return the value {@link ContactSort#LAST_NAME} orders by: the last name, or "" when absent
     */
    public static String lastNameKey(Contact contact) {
        return contact.lastName() == null ? "" : contact.lastName();
    }

    private static Position decode(String cursor, ContactSort sort, SortDirection direction) {
        List<String> parts = Cursors.decode(cursor, 4);
        if (!parts.get(0).equals(sort.name()) || !parts.get(1).equals(direction.name())) {
            throw new ValidationException("cursor", "cursor-sort",
                    "belongs to a query with another sort or direction; keep the query unchanged between pages");
        }
        try {
            Object key = sort == ContactSort.LAST_NAME
                    ? new String(Base64.getUrlDecoder().decode(parts.get(2)), StandardCharsets.UTF_8)
                    : Timestamps.ofEpochMicros(Long.parseLong(parts.get(2)));
            return new Position(key, UUID.fromString(parts.get(3)));
        } catch (IllegalArgumentException e) {
            throw Cursors.invalid();
        }
    }

    /**
     * A decoded cursor: the sort key of the last contact of the previous page and its id.
     *
     * @param key an {@link Instant} for the time sorts, a {@link String} for {@link ContactSort#LAST_NAME}
     * @param id  the id of that contact
     */
    public record Position(Object key, UUID id) {
    }

    /** A mutable builder; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private Set<ContactStatus> statuses = Set.of();
        private Set<String> anyTags = Set.of();
        private Set<String> allTags = Set.of();
        private String company;
        private Instant updatedAfter;
        private String text;
        private ContactSort sort = ContactSort.UPDATED_AT;
        private SortDirection direction = SortDirection.DESC;
        private int limit = DEFAULT_LIMIT;
        private String cursor;

        private Builder() {
        }

        /** @param values accepted statuses @return this builder */
        public Builder statuses(ContactStatus... values) { this.statuses = new LinkedHashSet<>(Arrays.asList(values)); return this; }

        /** @param values tags of which one must be present @return this builder */
        public Builder anyTags(Collection<String> values) { this.anyTags = new LinkedHashSet<>(values); return this; }

        /** @param values tags of which one must be present @return this builder */
        public Builder anyTags(String... values) { return anyTags(Arrays.asList(values)); }

        /** @param values tags that must all be present @return this builder */
        public Builder allTags(Collection<String> values) { this.allTags = new LinkedHashSet<>(values); return this; }

        /** @param values tags that must all be present @return this builder */
        public Builder allTags(String... values) { return allTags(Arrays.asList(values)); }

        /** @param value exact company @return this builder */
        public Builder company(String value) { this.company = value; return this; }

        /** @param value exclusive lower bound of updatedAt @return this builder */
        public Builder updatedAfter(Instant value) { this.updatedAfter = value; return this; }

        /** @param value free text @return this builder */
        public Builder text(String value) { this.text = value; return this; }

        /**
         * @param sort      the order
         * @param direction its direction
         * @return this builder
         */
        public Builder sort(ContactSort sort, SortDirection direction) {
            this.sort = sort;
            this.direction = direction;
            return this;
        }

        /** @param value page size @return this builder */
        public Builder limit(int value) { this.limit = value; return this; }

        /** @param value the previous page's next cursor @return this builder */
        public Builder cursor(String value) { this.cursor = value; return this; }

        /**
         * @return the validated query
         * @throws ValidationException naming the first invalid field
         */
        public ContactQuery build() {
            return new ContactQuery(statuses, anyTags, allTags, company, updatedAfter, text, sort, direction, limit,
                    cursor);
        }
    }
}
