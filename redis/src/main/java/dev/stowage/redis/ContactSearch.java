package dev.stowage.redis;

import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactSort;
import dev.stowage.contact.ContactStatus;
import dev.stowage.contact.SortDirection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The searches of one tenant's contacts. A query with free text or a tag filter reads only the
 * contacts its index sets name ({@code contact_search}: the word sets of its tokens and the tag
 * sets, intersected on the server), so its cost follows the matches, not the tenant's size; any
 * other query walks an order index from its cursor. Either way the records come with their index
 * entries in one script, and {@link ContactQuery#matches} has the last word, so the indexes only
 * ever narrow what is read. Thread-safe (stateless besides the context).
 */
final class ContactSearch {

    private static final Script WALK = Script.read("contact_walk");
    private static final Script SEARCH = Script.read("contact_search");

    /** Index entries read per round trip while walking an order. */
    static final int WALK_BATCH = 500;

    private final TenantContext context;
    private final Keys keys;

    ContactSearch(TenantContext context) {
        this.context = context;
        this.keys = context.keys();
    }

    /**
     * @param query a validated query
     * @return up to {@code limit + 1} matches after the cursor, in the query's order
     */
    List<Contact> matches(ContactQuery query) {
        int wanted = query.limit() + 1;
        Optional<List<Contact>> candidates = candidates(query);
        if (candidates.isPresent()) {
            return candidates.get().stream().filter(query::matches).filter(query.afterCursor())
                    .sorted(query.order()).limit(wanted).toList();
        }
        return walk(query, wanted);
    }

    /**
     * @param query a validated query
     * @return how many contacts match it (cursor and page size ignored)
     */
    long count(ContactQuery query) {
        Optional<List<Contact>> candidates = candidates(query);
        if (candidates.isPresent()) {
            return candidates.get().stream().filter(query::matches).count();
        }
        boolean otherFilters = query.company() != null || query.updatedAfter() != null || query.text() != null;
        if (!otherFilters && query.statuses().isEmpty()) {
            return context.driver().zcard(keys.contactIds());
        }
        if (!otherFilters) {
            long total = 0;
            for (ContactStatus status : query.statuses()) {
                total += context.driver().scard(keys.contactsByStatus(status.name()));
            }
            return total;
        }
        long total = 0;
        String after = "-";
        while (true) {
            Batch batch = walkBatch(keys.contactIds(), after, "+", true, WALK_BATCH);
            total += batch.contacts().stream().filter(query::matches).count();
            if (batch.scanned() < WALK_BATCH) {
                return total;
            }
            after = "(" + batch.last();
        }
    }

    /**
     * @param afterId the last id of the previous batch, or {@code null}
     * @param limit   the batch size
     * @return the next contacts in id order
     */
    List<Contact> scanAfter(UUID afterId, int limit) {
        String from = afterId == null ? "-" : "(" + afterId;
        return walkBatch(keys.contactIds(), from, "+", true, limit).contacts();
    }

    /**
     * The contacts named by the query's word and tag sets, or empty if the query has neither (or
     * only words, on a tenant whose word index is not built yet): then a walk answers it.
     */
    private Optional<List<Contact>> candidates(ContactQuery query) {
        List<String> words = query.textTokens().stream().map(keys::contactsByWord).toList();
        List<String> allTags = query.allTags().stream().map(keys::contactsByTag).toList();
        List<String> anyTags = query.anyTags().stream().map(keys::contactsByTag).toList();
        boolean tagged = !allTags.isEmpty() || !anyTags.isEmpty();
        if (words.isEmpty() && !tagged) {
            return Optional.empty();
        }
        List<String> required = new ArrayList<>(words);
        required.addAll(allTags);
        List<Object> reply = search(required, anyTags, !words.isEmpty());
        if (!"OK".equals(TenantContext.text(reply, 0))) {
            if (!tagged) {
                return Optional.empty();
            }
            // Tags are always indexed: narrow by them alone; matches checks the words.
            reply = search(allTags, anyTags, false);
        }
        List<Contact> contacts = new ArrayList<>(reply.size() - 1);
        for (int i = 1; i < reply.size(); i++) {
            contacts.add(Codec.contact(reply.get(i).toString()));
        }
        return Optional.of(contacts);
    }

    private List<Object> search(List<String> required, List<String> anyOf, boolean words) {
        List<String> scriptKeys = new ArrayList<>(required.size() + anyOf.size() + 2);
        scriptKeys.add(keys.contactIds());
        scriptKeys.add(keys.contactWordsComplete());
        scriptKeys.addAll(required);
        scriptKeys.addAll(anyOf);
        return context.read(SEARCH, scriptKeys,
                List.of(Integer.toString(required.size()), keys.contactPrefix(), words ? "1" : "0"));
    }

    /**
     * Walks the query's order from its cursor in batches, keeping the first {@code wanted}
     * matches. Each batch reads index entries and records in one script, so a record is always
     * seen at the position its index entry has; a contact moved by a concurrent update between
     * two batches may be met twice, and the newer version wins.
     */
    private List<Contact> walk(ContactQuery query, int wanted) {
        boolean ascending = query.direction() == SortDirection.ASC;
        String index = switch (query.sort()) {
            case UPDATED_AT -> keys.contactsByUpdated();
            case CREATED_AT -> keys.contactsByCreated();
            case LAST_NAME -> keys.contactsByLastName();
        };
        String min = "-";
        String max = "+";
        ContactQuery.Position position = query.position();
        if (position != null) {
            String member = positionMember(query.sort(), position.key(), position.id());
            if (ascending) {
                min = "(" + member;
            } else {
                max = "(" + member;
            }
        }
        if (query.sort() == ContactSort.UPDATED_AT && query.updatedAfter() != null) {
            String bound = Keys.time(query.updatedAfter().plusNanos(1_000));
            if (min.equals("-") || min.substring(1).compareTo(bound) < 0) {
                min = "[" + bound;
            }
        }
        Map<UUID, Contact> found = new LinkedHashMap<>();
        Predicate<Contact> afterCursor = query.afterCursor();
        int batchSize = Math.max(WALK_BATCH, wanted);
        while (true) {
            Batch batch = walkBatch(index, min, max, ascending, batchSize);
            for (Contact contact : batch.contacts()) {
                if (query.matches(contact) && afterCursor.test(contact)) {
                    found.merge(contact.id(), contact, (a, b) -> a.version() >= b.version() ? a : b);
                }
            }
            if (batch.scanned() < batchSize || found.size() >= wanted) {
                break;
            }
            if (ascending) {
                min = "(" + batch.last();
            } else {
                max = "(" + batch.last();
            }
        }
        return found.values().stream().sorted(query.order()).limit(wanted).toList();
    }

    /** Reads one batch of an order index with its records ({@code contact_walk}). */
    Batch walkBatch(String index, String min, String max, boolean ascending, int size) {
        List<Object> reply = context.read(WALK, List.of(index),
                List.of(min, max, ascending ? "asc" : "desc", Integer.toString(size), keys.contactPrefix()));
        int scanned = Integer.parseInt(TenantContext.text(reply, 0));
        String last = TenantContext.text(reply, 1);
        List<String> raws = new ArrayList<>(reply.size() - 2);
        for (int i = 2; i < reply.size(); i++) {
            raws.add(reply.get(i).toString());
        }
        return new Batch(scanned, last, raws);
    }

    /** The member of the query's order index at a cursor position. */
    private static String positionMember(ContactSort sort, Object key, UUID id) {
        return switch (sort) {
            case UPDATED_AT, CREATED_AT -> Keys.time((Instant) key) + ":" + id;
            case LAST_NAME -> lastNameMember((String) key, id.toString());
        };
    }

    /**
     * A NUL (which no stored text may contain) ends the last name, so a name sorts before every
     * longer name it is a prefix of, exactly as in code point order.
     */
    static String lastNameMember(String lastName, String id) {
        return lastName + "\u0000" + id;
    }

    /** One batch of a walk: how many index entries were read, the last one, and their records as stored. */
    record Batch(int scanned, String last, List<String> raws) {
        List<Contact> contacts() {
            return raws.stream().map(Codec::contact).toList();
        }
    }
}
