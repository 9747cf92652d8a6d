package dev.stowage.contact;

import dev.stowage.Page;
import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;
import dev.stowage.support.Cursors;
import dev.stowage.support.Ids;
import dev.stowage.support.SearchText;
import dev.stowage.support.Text;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

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
 * @param cursor       the {@code nextCursor} of the previous page, or {@code null} for the first page. A
 *                     cursor is bound to its query: it continues only a query of the same sort,
 *                     direction and filters (the page size may change), and a forged, truncated or
 *                     foreign cursor is rejected here, when the query is built, before any backend sees it
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
            checkedPosition(cursor, sort, direction,
                    fingerprint(statuses, anyTags, allTags, company, updatedAfter, text, sort, direction));
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
        return toBuilder().cursor(Check.required(nextCursor, "nextCursor")).build();
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
        Check.required(contact, "contact");
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
        Check.required(contact, "contact");
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
        Check.required(contact, "contact");
        return afterCursor().test(contact);
    }

    /**
     * {@link #isAfterCursor} for many contacts: the cursor is decoded once, here.
     *
     * @return a test of whether a contact comes strictly after this query's cursor position
     *     (always {@code true} without a cursor)
     */
    public Predicate<Contact> afterCursor() {
        Position position = position();
        if (position == null) {
            return contact -> true;
        }
        return contact -> {
            int keyOrder = switch (sort) {
                case UPDATED_AT -> contact.updatedAt().compareTo((Instant) position.key());
                case CREATED_AT -> contact.createdAt().compareTo((Instant) position.key());
                case LAST_NAME -> Text.CODE_POINT_ORDER.compare(lastNameKey(contact), (String) position.key());
            };
            int order = keyOrder != 0 ? keyOrder : Ids.UNSIGNED_ORDER.compare(contact.id(), position.id());
            return direction == SortDirection.ASC ? order > 0 : order < 0;
        };
    }

    /**
     * @return the cursor's position, or {@code null} without a cursor; for backends that build
     *     the keyset condition in their query language. The position was validated when this
     *     query was built: its key is an instant a store can hold, or a last name a store can
     *     hold (well-formed, no NUL, at most {@value ContactDraft#MAX_NAME_LENGTH} characters).
     */
    public Position position() {
        return cursor == null ? null : parsePosition(Cursors.decode(cursor, CURSOR_PARTS), sort);
    }

    /**
     * @param last the last contact of a page
     * @return the cursor that continues after it
     */
    public String cursorAfter(Contact last) {
        Check.required(last, "last");
        String key = switch (sort) {
            case UPDATED_AT -> Cursors.encodeInstant(last.updatedAt());
            case CREATED_AT -> Cursors.encodeInstant(last.createdAt());
            case LAST_NAME -> Cursors.encodeText(lastNameKey(last));
        };
        return Cursors.encode(sort.name(), direction.name(),
                fingerprint(statuses, anyTags, allTags, company, updatedAfter, text, sort, direction),
                key, last.id().toString());
    }

    /**
     * Cuts a page from the matches a backend read after the cursor, in {@link #order()}: it reads
     * up to {@code limit + 1} so that one more match proves a next page exists.
     *
     * @param matches up to {@code limit() + 1} matching contacts, in order
     * @return the page, with a next cursor exactly when more matches exist
     */
    public Page<Contact> page(List<Contact> matches) {
        Check.required(matches, "matches");
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
        Check.required(contact, "contact");
        return contact.lastName() == null ? "" : contact.lastName();
    }

    /** The parts of a contact cursor: sort, direction, query fingerprint, sort key, id. */
    private static final int CURSOR_PARTS = 5;

    /**
     * Decodes and validates a cursor completely, once, when the query is built: its shape, that
     * it belongs to a query of this sort, direction and filters, and that its position is one a
     * store can hold. Every backend therefore rejects a forged, truncated or foreign cursor alike.
     */
    private static Position checkedPosition(String cursor, ContactSort sort, SortDirection direction,
                                            String fingerprint) {
        List<String> parts = Cursors.decode(cursor, CURSOR_PARTS);
        if (!parts.get(0).equals(sort.name()) || !parts.get(1).equals(direction.name())) {
            throw new ValidationException("cursor", "cursor-sort",
                    "belongs to a query with another sort or direction; keep the query unchanged between pages");
        }
        if (!parts.get(2).equals(fingerprint)) {
            throw new ValidationException("cursor", "cursor-query",
                    "belongs to a query with other filters; keep the filters unchanged between pages");
        }
        return parsePosition(parts, sort);
    }

    private static Position parsePosition(List<String> parts, ContactSort sort) {
        Object key = sort == ContactSort.LAST_NAME
                ? Cursors.decodeText(parts.get(3), ContactDraft.MAX_NAME_LENGTH)
                : Cursors.decodeInstant(parts.get(3));
        return new Position(key, Cursors.decodeId(parts.get(4)));
    }

    /**
     * The query's identity for its cursors: sort, direction and every filter in canonical form
     * (sets in a fixed order, the free text as its sorted tokens), but not the page size, which
     * may change between pages.
     */
    private static String fingerprint(Set<ContactStatus> statuses, Set<String> anyTags, Set<String> allTags,
                                      String company, Instant updatedAfter, String text, ContactSort sort,
                                      SortDirection direction) {
        List<String> canonical = new ArrayList<>();
        canonical.add(sort.name());
        canonical.add(direction.name());
        canonical.add(Integer.toString(statuses.size()));
        statuses.stream().sorted().map(ContactStatus::name).forEach(canonical::add);
        canonical.add(Integer.toString(anyTags.size()));
        anyTags.stream().sorted(Text.CODE_POINT_ORDER).forEach(canonical::add);
        canonical.add(Integer.toString(allTags.size()));
        allTags.stream().sorted(Text.CODE_POINT_ORDER).forEach(canonical::add);
        canonical.add(company == null ? "-" : "=" + company);
        canonical.add(updatedAfter == null ? "-" : "=" + Cursors.encodeInstant(updatedAfter));
        Set<String> tokens = text == null ? Set.of() : SearchText.queryTokens(text);
        canonical.add(Integer.toString(tokens.size()));
        tokens.stream().sorted(Text.CODE_POINT_ORDER).forEach(canonical::add);
        return Cursors.fingerprint(canonical);
    }

    /**
     * A decoded cursor: the sort key of the last contact of the previous page and its id.
     *
     * @param key an {@link Instant} for the time sorts, a {@link String} for {@link ContactSort#LAST_NAME}
     * @param id  the id of that contact
     */
    public record Position(Object key, UUID id) {

        /**
         * @throws ValidationException if the key or the id is missing
         */
        public Position {
            Check.required(key, "key");
            Check.required(id, "id");
        }
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

        /**
         * @param values accepted statuses; none means any
         * @return this builder
         * @throws ValidationException {@code field "statuses"} if {@code values} is {@code null}
         */
        public Builder statuses(ContactStatus... values) {
            this.statuses = new LinkedHashSet<>(Arrays.asList(Check.required(values, "statuses")));
            return this;
        }

        /**
         * @param values tags of which one must be present; empty means no filter
         * @return this builder
         * @throws ValidationException {@code field "anyTags"} if {@code values} is {@code null}
         */
        public Builder anyTags(Collection<String> values) {
            this.anyTags = new LinkedHashSet<>(Check.required(values, "anyTags"));
            return this;
        }

        /**
         * @param values tags of which one must be present; none means no filter
         * @return this builder
         * @throws ValidationException {@code field "anyTags"} if {@code values} is {@code null}
         */
        public Builder anyTags(String... values) {
            return anyTags(Arrays.asList(Check.required(values, "anyTags")));
        }

        /**
         * @param values tags that must all be present; empty means no filter
         * @return this builder
         * @throws ValidationException {@code field "allTags"} if {@code values} is {@code null}
         */
        public Builder allTags(Collection<String> values) {
            this.allTags = new LinkedHashSet<>(Check.required(values, "allTags"));
            return this;
        }

        /**
         * @param values tags that must all be present; none means no filter
         * @return this builder
         * @throws ValidationException {@code field "allTags"} if {@code values} is {@code null}
         */
        public Builder allTags(String... values) {
            return allTags(Arrays.asList(Check.required(values, "allTags")));
        }

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
