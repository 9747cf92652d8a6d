package dev.stowage.redis;

import dev.stowage.ImportResult;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.spi.AbstractContactStore;
import dev.stowage.support.Emails;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

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
    private static final Script LOOKUP = Script.read("contact_lookup");

    /**
     * Contacts written per import script: a contact is about 25 commands with its index entries
     * and words, so a chunk is about 2 500, a few milliseconds of server time.
     */
    static final int IMPORT_CHUNK = 100;
    /** Keys read per {@code MGET} / fields per {@code HMGET} of an import. */
    private static final int READ_CHUNK = 1_000;

    private final TenantContext context;
    private final Keys keys;
    private final ContactSearch search;

    RedisContactStore(TenantContext context) {
        super(context.clock());
        this.context = context;
        this.keys = context.keys();
        this.search = new ContactSearch(context);
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
        return search.matches(query);
    }

    @Override
    protected long countMatches(ContactQuery query) {
        return search.count(query);
    }

    @Override
    protected List<Contact> scanAfter(UUID afterId, int limit) {
        return search.scanAfter(afterId, limit);
    }

    /**
     * Imports in chunks of at most {@value #IMPORT_CHUNK} contacts, one script each, so no script
     * holds the server long (a contact is about 25 commands with its index entries and words);
     * each contact is written with all its index entries or not at all. Every source claim of the whole batch is
     * checked before the first chunk is written, so a batch that would give a source to two
     * contacts writes nothing; contacts that hand a source over to one another are written in the
     * same chunk. Only a concurrent write claiming a source between that check and a later chunk
     * can fail a batch after some chunks were written; importing the batch again is harmless.
     */
    @Override
    protected ImportResult importBatch(List<Contact> batch) {
        List<String> raws = new ArrayList<>(batch.size());
        for (int from = 0; from < batch.size(); from += READ_CHUNK) {
            raws.addAll(context.driver().mget(batch.subList(from, Math.min(batch.size(), from + READ_CHUNK)).stream()
                    .map(contact -> keys.contact(contact.id())).toList()));
        }
        List<Change> changes = new ArrayList<>();
        ImportAction[] actions = new ImportAction[batch.size()];
        Map<UUID, Integer> positions = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            String raw = raws.get(i);
            Contact stored = raw == null ? null : Codec.contact(raw);
            actions[i] = importAction(stored, batch.get(i));
            positions.put(batch.get(i).id(), i);
            if (actions[i] != ImportAction.SKIP) {
                changes.add(new Change(raw, stored, batch.get(i)));
            }
        }
        for (List<Change> chunk : chunks(changes)) {
            writeImportChunk(chunk, positions, batch, actions);
        }
        return importResult(List.of(actions));
    }

    /**
     * Splits the changes into chunks after checking their source claims against each other and
     * the stored holders: the changes that take a source from another contact of the batch come
     * first, together with those giving theirs up, then the rest in chunks of {@value #IMPORT_CHUNK}.
     */
    private List<List<Change>> chunks(List<Change> changes) {
        Map<String, UUID> claims = new LinkedHashMap<>();
        Map<String, UUID> releases = new HashMap<>();
        for (Change change : changes) {
            String before = sourceFieldOf(change.previous());
            String after = sourceFieldOf(change.next());
            if (before != null && !before.equals(after)) {
                releases.put(before, change.id());
            }
            if (after != null && claims.putIfAbsent(after, change.id()) != null) {
                throw duplicateSource(change.next().source(), change.next().sourceId());
            }
        }
        Set<UUID> handovers = new HashSet<>();
        List<String> fields = List.copyOf(claims.keySet());
        for (int from = 0; from < fields.size(); from += READ_CHUNK) {
            List<String> part = fields.subList(from, Math.min(fields.size(), from + READ_CHUNK));
            List<String> holders = context.driver().hmget(keys.contactSources(), part);
            for (int i = 0; i < part.size(); i++) {
                String holder = holders.get(i);
                UUID claimer = claims.get(part.get(i));
                if (holder == null || holder.equals(claimer.toString())) {
                    continue;
                }
                UUID releaser = releases.get(part.get(i));
                if (releaser == null || !releaser.toString().equals(holder)) {
                    String field = part.get(i);
                    int space = field.indexOf(' ');
                    throw duplicateSource(field.substring(0, space), field.substring(space + 1));
                }
                handovers.add(claimer);
                handovers.add(releaser);
            }
        }
        List<List<Change>> chunks = new ArrayList<>();
        List<Change> linked = changes.stream().filter(change -> handovers.contains(change.id())).toList();
        if (!linked.isEmpty()) {
            chunks.add(linked);
        }
        List<Change> rest = changes.stream().filter(change -> !handovers.contains(change.id())).toList();
        for (int from = 0; from < rest.size(); from += IMPORT_CHUNK) {
            chunks.add(rest.subList(from, Math.min(rest.size(), from + IMPORT_CHUNK)));
        }
        return chunks;
    }

    /** Writes one chunk, re-reading and re-deciding its contacts while concurrent writes change them. */
    private void writeImportChunk(List<Change> chunk, Map<UUID, Integer> positions, List<Contact> batch,
                                  ImportAction[] actions) {
        List<Change> pending = chunk;
        for (int attempt = 0; attempt < TenantContext.MAX_ATTEMPTS; attempt++) {
            String outcome = pending.isEmpty() ? "OK" : write(pending);
            if (outcome.equals("OK")) {
                return;
            }
            if (outcome.startsWith("DUPLICATE ")) {
                String field = outcome.substring("DUPLICATE ".length());
                int space = field.indexOf(' ');
                throw duplicateSource(field.substring(0, space), field.substring(space + 1));
            }
            List<String> raws = context.driver().mget(chunk.stream().map(change -> keys.contact(change.id())).toList());
            List<Change> redone = new ArrayList<>(chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                int position = positions.get(chunk.get(i).id());
                String raw = raws.get(i);
                Contact stored = raw == null ? null : Codec.contact(raw);
                actions[position] = importAction(stored, batch.get(position));
                if (actions[position] != ImportAction.SKIP) {
                    redone.add(new Change(raw, stored, batch.get(position)));
                }
            }
            pending = redone;
        }
        throw TenantContext.contended("the imported contacts");
    }

    private static String sourceFieldOf(Contact contact) {
        return contact == null || contact.source() == null ? null : sourceField(contact.source(), contact.sourceId());
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

    // Writes

    /**
     * Applies record changes with their index entries in one script.
     *
     * @return {@code OK}, {@code CHANGED} (a record is no longer as read: retry) or
     *     {@code DUPLICATE <source> <sourceId>}
     */
    private String write(List<Change> changes) {
        List<String> scriptKeys = new ArrayList<>();
        scriptKeys.add(keys.contactIds());
        scriptKeys.add(keys.contactWordsComplete());
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
        entries.add(new IndexEntry(Kind.SORTED, keys.contactsByLastName(), ContactSearch.lastNameMember(ContactQuery.lastNameKey(contact), id)));
        entries.add(new IndexEntry(Kind.SET, keys.contactsByEmail(Emails.normalize(contact.email())), id));
        entries.add(new IndexEntry(Kind.SET, keys.contactsByStatus(contact.status().name()), id));
        for (String tag : contact.tags()) {
            entries.add(new IndexEntry(Kind.SET, keys.contactsByTag(tag), id));
        }
        for (String token : ContactQuery.searchTokens(contact)) {
            entries.add(new IndexEntry(Kind.SET, keys.contactsByWord(token), id));
        }
        if (contact.source() != null) {
            entries.add(new IndexEntry(Kind.UNIQUE, keys.contactSources(), sourceField(contact.source(), contact.sourceId())));
        }
        return entries;
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

    @Override
    public String toString() {
        return "RedisContactStore[" + keys.base() + "]";
    }
}
