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
    /**
     * Index entries checked per round trip while walking an order filtered by index sets on the
     * server: only matches travel and are decoded, a few milliseconds of server time per batch.
     */
    private static final int FILTERED_WALK_BATCH = 5_000;
    /**
     * The most contacts a search reads and decodes whole (about 12 µs each); sets that may name
     * more are walked in the query's order instead, so the page comes first.
     */
    private static final int MAX_READ = 400;

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
        Narrowed narrowed = narrowed(query, Integer.toString(MAX_READ));
        if (narrowed == null) {
            return walk(query, wanted, List.of(), List.of());
        }
        if ("LARGE".equals(TenantContext.text(narrowed.reply(), 0))) {
            return walk(query, wanted, narrowed.narrowing().required(), narrowed.narrowing().anyOf());
        }
        return decode(narrowed.reply()).stream().filter(query::matches).filter(query.afterCursor())
                .sorted(query.order()).limit(wanted).toList();
    }

    /**
     * @param query a validated query
     * @return how many contacts match it (cursor and page size ignored)
     */
    long count(ContactQuery query) {
        Narrowed narrowed = narrowed(query, "");
        if (narrowed != null) {
            return decode(narrowed.reply()).stream().filter(query::matches).count();
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
     * Runs {@code contact_search} with the index sets that narrow the query: its words' and tags'
     * sets, or only its tags' if the tenant's word index is not complete yet.
     *
     * @return the sets and the reply, or {@code null} if no set narrows the query (a walk answers it)
     */
    private Narrowed narrowed(ContactQuery query, String limit) {
        List<String> words = query.textTokens().stream().map(keys::contactsByWord).toList();
        List<String> tags = new ArrayList<>(query.allTags().stream().map(keys::contactsByTag).toList());
        List<String> anyTags = query.anyTags().stream().map(keys::contactsByTag).toList();
        if (!words.isEmpty()) {
            List<String> required = new ArrayList<>(words);
            required.addAll(tags);
            Narrowing narrowing = new Narrowing(required, anyTags, true);
            List<Object> reply = search(narrowing, limit);
            if (!"UNINDEXED".equals(TenantContext.text(reply, 0))) {
                return new Narrowed(narrowing, reply);
            }
        }
        if (tags.isEmpty() && anyTags.isEmpty()) {
            return null;
        }
        Narrowing narrowing = new Narrowing(tags, anyTags, false);
        return new Narrowed(narrowing, search(narrowing, limit));
    }

    /** Runs {@code contact_search}; {@code limit} is the most contacts to read, '' for any number. */
    private List<Object> search(Narrowing narrowing, String limit) {
        List<String> scriptKeys = new ArrayList<>(narrowing.required().size() + narrowing.anyOf().size() + 2);
        scriptKeys.add(keys.contactIds());
        scriptKeys.add(keys.contactWordsComplete());
        scriptKeys.addAll(narrowing.required());
        scriptKeys.addAll(narrowing.anyOf());
        return context.read(SEARCH, scriptKeys, List.of(Integer.toString(narrowing.required().size()),
                keys.contactPrefix(), narrowing.words() ? "1" : "0", limit));
    }

    private static List<Contact> decode(List<Object> reply) {
        List<Contact> contacts = new ArrayList<>(reply.size() - 1);
        for (int i = 1; i < reply.size(); i++) {
            contacts.add(Codec.contact(reply.get(i).toString()));
        }
        return contacts;
    }

    /** Sets a contact must all be in ({@code required}) and sets it must be in one of ({@code anyOf}). */
    private record Narrowing(List<String> required, List<String> anyOf, boolean words) {
    }

    /** A search's sets and the reply of {@code contact_search} to them. */
    private record Narrowed(Narrowing narrowing, List<Object> reply) {
    }

    /**
     * Walks the query's order from its cursor in batches, keeping the first {@code wanted}
     * matches. Each batch reads index entries and records in one script, so a record is always
     * seen at the position its index entry has; a contact moved by a concurrent update between
     * two batches may be met twice, and the newer version wins.
     */
    private List<Contact> walk(ContactQuery query, int wanted, List<String> required, List<String> anyOf) {
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
        boolean filtered = !required.isEmpty() || !anyOf.isEmpty();
        // A filtered walk starts with a few pages' worth of entries (dense sets fill the page at
        // once) and doubles while the sets are sparse, up to FILTERED_WALK_BATCH.
        int batchSize = filtered ? Math.min(FILTERED_WALK_BATCH, 4 * wanted) : Math.max(WALK_BATCH, wanted);
        while (true) {
            Batch batch = filtered ? filteredBatch(index, min, max, ascending, batchSize, wanted - found.size(), required, anyOf)
                    : walkBatch(index, min, max, ascending, batchSize);
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
            if (filtered) {
                batchSize = Math.max(batchSize, Math.min(FILTERED_WALK_BATCH, 2 * batchSize));
            }
        }
        return found.values().stream().sorted(query.order()).limit(wanted).toList();
    }

    /** Reads one batch of an order index with its records ({@code contact_walk}). */
    Batch walkBatch(String index, String min, String max, boolean ascending, int size) {
        return batch(context.read(WALK, List.of(index),
                List.of(min, max, ascending ? "asc" : "desc", Integer.toString(size), keys.contactPrefix())));
    }

    /**
     * Reads one batch of an order index with the records of the contacts in the sets, stopping
     * once it has {@code most} of them (a record read there may still fail the query's other
     * filters; the walk then goes on from the last entry read).
     */
    private Batch filteredBatch(String index, String min, String max, boolean ascending, int size, int most,
                                List<String> required, List<String> anyOf) {
        List<String> scriptKeys = new ArrayList<>(1 + required.size() + anyOf.size());
        scriptKeys.add(index);
        scriptKeys.addAll(required);
        scriptKeys.addAll(anyOf);
        return batch(context.read(WALK, scriptKeys, List.of(min, max, ascending ? "asc" : "desc",
                Integer.toString(size), keys.contactPrefix(), Integer.toString(required.size()), Integer.toString(most))));
    }

    private static Batch batch(List<Object> reply) {
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
