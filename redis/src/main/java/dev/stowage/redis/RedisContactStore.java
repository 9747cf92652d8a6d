package dev.stowage.redis;

import dev.stowage.ImportResult;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactSort;
import dev.stowage.contact.ContactStatus;
import dev.stowage.contact.SortDirection;
import dev.stowage.spi.AbstractContactStore;
import dev.stowage.support.Emails;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * One tenant's contacts in Redis. A contact is a JSON string; its index entries (id order,
 * createdAt / updatedAt / lastName orders, email, status, tags, unique source) change with it in
 * one {@code contact_write} script. Writes are compare-and-set: the script applies a change only
 * if the record still holds the value the change was computed from, so every business rule stays
 * in Java (core's model and {@link AbstractContactStore}, which also checks every argument) and a
 * lost race is simply recomputed.
 */
final class RedisContactStore extends AbstractContactStore {

    private static final Script WRITE = Script.write("contact_write");
    private static final Script WALK = Script.read("contact_walk");
    private static final Script CANDIDATES = Script.read("contact_candidates");
    private static final Script LOOKUP = Script.read("contact_lookup");

    /** Index entries read per round trip while walking an order. */
    private static final int WALK_BATCH = 500;

    private final TenantContext context;
    private final Keys keys;

    RedisContactStore(TenantContext context) {
        super(context.clock());
        this.context = context;
        this.keys = context.keys();
    }

    @Override
    protected void insert(Contact contact) {
        if (!write(List.of(new Change(null, null, contact))).equals("OK")) {
            throw duplicateSource(contact.source(), contact.sourceId());
        }
    }

    @Override
    protected Optional<Contact> read(UUID id) {
        return Optional.ofNullable(context.driver().get(keys.contact(id))).map(Codec::contact);
    }

    @Override
    protected Collection<Contact> readAll(Set<UUID> ids) {
        List<Contact> found = new ArrayList<>();
        for (String raw : context.driver().mget(ids.stream().map(keys::contact).toList())) {
            if (raw != null) {
                found.add(Codec.contact(raw));
            }
        }
        return found;
    }

    @Override
    protected Optional<Contact> readBySource(String source, String sourceId) {
        return lookupBySource(source, sourceId).map(Stored::contact);
    }

    @Override
    protected Collection<Contact> readByEmail(String normalizedEmail) {
        List<Object> reply = context.read(LOOKUP, List.of(keys.contactsByEmail(normalizedEmail)),
                List.of("set", "", keys.contactPrefix()));
        return reply.stream().map(Object::toString).map(Codec::contact).toList();
    }

    @Override
    protected Contact applyUpdate(Update update) {
        for (int attempt = 0; attempt < TenantContext.MAX_ATTEMPTS; attempt++) {
            String raw = context.driver().get(keys.contact(update.id()));
            Contact current = raw == null ? null : Codec.contact(raw);
            Contact updated = revision(update, current);
            String outcome = write(List.of(new Change(raw, current, updated)));
            if (outcome.equals("OK")) {
                return updated;
            }
            if (outcome.startsWith("DUPLICATE ")) {
                throw duplicateSource(updated.source(), updated.sourceId());
            }
        }
        throw TenantContext.contended("contact " + update.id());
    }

    @Override
    protected Contact upsert(ContactDraft draft) {
        for (int attempt = 0; attempt < TenantContext.MAX_ATTEMPTS; attempt++) {
            Optional<Stored> existing = lookupBySource(draft.source(), draft.sourceId());
            Contact current = existing.map(Stored::contact).orElse(null);
            Contact next = upserted(current, draft);
            if (next == current) {
                return current;
            }
            // A lost race (a concurrent insert of the same source, or a concurrent change) is re-read and redone.
            if (write(List.of(new Change(existing.map(Stored::raw).orElse(null), current, next))).equals("OK")) {
                return next;
            }
        }
        throw TenantContext.contended("the contact with source '" + draft.source() + "' and sourceId '"
                + draft.sourceId() + "'");
    }

    @Override
    protected boolean remove(UUID id, Long expectedVersion) {
        for (int attempt = 0; attempt < TenantContext.MAX_ATTEMPTS; attempt++) {
            String raw = context.driver().get(keys.contact(id));
            if (raw == null) {
                return false;
            }
            Contact current = Codec.contact(raw);
            checkVersion(current, expectedVersion);
            if (write(List.of(new Change(raw, current, null))).equals("OK")) {
                return true;
            }
        }
        throw TenantContext.contended("contact " + id);
    }

    @Override
    protected List<Contact> searchMatches(ContactQuery query) {
        int wanted = query.limit() + 1;
        return hasTagFilter(query)
                ? candidates(query).stream().filter(query::matches).filter(query.afterCursor())
                        .sorted(query.order()).limit(wanted).toList()
                : walk(query, wanted);
    }

    @Override
    protected long countMatches(ContactQuery query) {
        boolean otherFilters = query.company() != null || query.updatedAfter() != null || query.text() != null;
        if (hasTagFilter(query)) {
            return candidates(query).stream().filter(query::matches).count();
        }
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

    @Override
    protected List<Contact> scanAfter(UUID afterId, int limit) {
        String from = afterId == null ? "-" : "(" + afterId;
        return walkBatch(keys.contactIds(), from, "+", true, limit).contacts();
    }

    @Override
    protected ImportResult importBatch(List<Contact> batch) {
        List<String> recordKeys = batch.stream().map(contact -> keys.contact(contact.id())).toList();
        for (int attempt = 0; attempt < TenantContext.MAX_ATTEMPTS; attempt++) {
            List<String> raws = context.driver().mget(recordKeys);
            List<Change> changes = new ArrayList<>();
            List<ImportAction> actions = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                String raw = raws.get(i);
                Contact stored = raw == null ? null : Codec.contact(raw);
                ImportAction action = importAction(stored, batch.get(i));
                actions.add(action);
                if (action != ImportAction.SKIP) {
                    changes.add(new Change(raw, stored, batch.get(i)));
                }
            }
            String outcome = changes.isEmpty() ? "OK" : write(changes);
            if (outcome.equals("OK")) {
                return importResult(actions);
            }
            if (outcome.startsWith("DUPLICATE ")) {
                String field = outcome.substring("DUPLICATE ".length());
                int space = field.indexOf(' ');
                throw duplicateSource(field.substring(0, space), field.substring(space + 1));
            }
        }
        throw TenantContext.contended("the imported contacts");
    }

    // Reads

    private Optional<Stored> lookupBySource(String source, String sourceId) {
        List<Object> reply = context.read(LOOKUP, List.of(keys.contactSources()),
                List.of("hash", sourceField(source, sourceId), keys.contactPrefix()));
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        String raw = reply.get(0).toString();
        return Optional.of(new Stored(raw, Codec.contact(raw)));
    }

    private List<Contact> candidates(ContactQuery query) {
        List<String> tagKeys = new ArrayList<>();
        query.allTags().forEach(tag -> tagKeys.add(keys.contactsByTag(tag)));
        query.anyTags().forEach(tag -> tagKeys.add(keys.contactsByTag(tag)));
        List<Object> reply = context.read(CANDIDATES, tagKeys,
                List.of(Integer.toString(query.allTags().size()), keys.contactPrefix()));
        return reply.stream().map(Object::toString).map(Codec::contact).toList();
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

    private Batch walkBatch(String index, String min, String max, boolean ascending, int size) {
        List<Object> reply = context.read(WALK, List.of(index),
                List.of(min, max, ascending ? "asc" : "desc", Integer.toString(size), keys.contactPrefix()));
        int scanned = Integer.parseInt(TenantContext.text(reply, 0));
        String last = TenantContext.text(reply, 1);
        List<Contact> contacts = new ArrayList<>(reply.size() - 2);
        for (int i = 2; i < reply.size(); i++) {
            contacts.add(Codec.contact(reply.get(i).toString()));
        }
        return new Batch(scanned, last, contacts);
    }

    private static boolean hasTagFilter(ContactQuery query) {
        return !query.anyTags().isEmpty() || !query.allTags().isEmpty();
    }

    // Writes

    /**
     * Applies record changes with their index entries in one script.
     *
     * @return {@code OK}, {@code CHANGED} (a record is no longer as read: retry) or
     *     {@code DUPLICATE <source> <sourceId>}
     */
    private String write(List<Change> changes) {
        List<String> scriptKeys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        args.add(Integer.toString(changes.size()));
        List<IndexOp> removals = new ArrayList<>();
        List<IndexOp> additions = new ArrayList<>();
        for (Change change : changes) {
            UUID id = change.id();
            scriptKeys.add(keys.contact(id));
            args.add(change.expectedRaw() == null ? "" : change.expectedRaw());
            args.add(change.next() == null ? "" : Codec.contact(change.next()));
            args.add(id.toString());
            Set<IndexEntry> before = change.previous() == null ? Set.of() : indexEntries(change.previous());
            Set<IndexEntry> after = change.next() == null ? Set.of() : indexEntries(change.next());
            for (IndexEntry entry : before) {
                if (!after.contains(entry)) {
                    removals.add(new IndexOp(entry, false, id));
                }
            }
            for (IndexEntry entry : after) {
                if (!before.contains(entry)) {
                    additions.add(new IndexOp(entry, true, id));
                }
            }
        }
        for (List<IndexOp> ops : List.of(removals, additions)) {
            for (IndexOp op : ops) {
                scriptKeys.add(op.entry().key());
                args.add(op.code());
                args.add(op.entry().member());
                args.add(op.owner().toString());
            }
        }
        List<Object> reply = context.write(WRITE, scriptKeys, args);
        String status = TenantContext.text(reply, 0);
        return status.equals("DUPLICATE") ? "DUPLICATE " + TenantContext.text(reply, 1) : status;
    }

    private Set<IndexEntry> indexEntries(Contact contact) {
        String id = contact.id().toString();
        Set<IndexEntry> entries = new LinkedHashSet<>();
        entries.add(new IndexEntry(Kind.SORTED, keys.contactIds(), id));
        entries.add(new IndexEntry(Kind.SORTED, keys.contactsByCreated(), Keys.time(contact.createdAt()) + ":" + id));
        entries.add(new IndexEntry(Kind.SORTED, keys.contactsByUpdated(), Keys.time(contact.updatedAt()) + ":" + id));
        entries.add(new IndexEntry(Kind.SORTED, keys.contactsByLastName(), lastNameMember(ContactQuery.lastNameKey(contact), id)));
        entries.add(new IndexEntry(Kind.SET, keys.contactsByEmail(Emails.normalize(contact.email())), id));
        entries.add(new IndexEntry(Kind.SET, keys.contactsByStatus(contact.status().name()), id));
        for (String tag : contact.tags()) {
            entries.add(new IndexEntry(Kind.SET, keys.contactsByTag(tag), id));
        }
        if (contact.source() != null) {
            entries.add(new IndexEntry(Kind.UNIQUE, keys.contactSources(), sourceField(contact.source(), contact.sourceId())));
        }
        return entries;
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
    private static String lastNameMember(String lastName, String id) {
        return lastName + "\u0000" + id;
    }

    /** The source is an identifier without whitespace, so the first space separates it from the source id. */
    private static String sourceField(String source, String sourceId) {
        return source + " " + sourceId;
    }

    /** A stored contact with the exact text it was read as (the compare-and-set value). */
    private record Stored(String raw, Contact contact) {
    }

    /** One record's change: from the value read (null: absent) to the next one (null: delete). */
    private record Change(String expectedRaw, Contact previous, Contact next) {
        UUID id() {
            return next != null ? next.id() : previous.id();
        }
    }

    private enum Kind { SORTED, SET, UNIQUE }

    /** One index entry of a contact: a sorted-set member, a set member, or a unique hash field. */
    private record IndexEntry(Kind kind, String key, String member) {
    }

    private record IndexOp(IndexEntry entry, boolean add, UUID owner) {
        String code() {
            return switch (entry.kind()) {
                case SORTED -> add ? "zadd" : "zrem";
                case SET -> add ? "sadd" : "srem";
                case UNIQUE -> add ? "hset" : "hdel";
            };
        }
    }

    /** One batch of a walk: how many index entries were read, the last one, and their records. */
    private record Batch(int scanned, String last, List<Contact> contacts) {
    }

    @Override
    public String toString() {
        return "RedisContactStore[" + keys.base() + "]";
    }
}
