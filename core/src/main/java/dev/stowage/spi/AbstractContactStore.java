package dev.stowage.spi;

import dev.stowage.ImportResult;
import dev.stowage.Page;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactStore;
import dev.stowage.exception.ConflictException;
import dev.stowage.exception.ValidationException;
import dev.stowage.support.Batches;
import dev.stowage.support.Check;
import dev.stowage.support.Emails;
import dev.stowage.support.Ids;
import dev.stowage.support.Timestamps;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An optional base for {@link ContactStore} implementations, holding every rule that does not
 * depend on where contacts are kept, so a backend only moves data. Its public methods (the whole
 * {@link ContactStore} interface, final) check every argument, throwing
 * {@link ValidationException} naming the parameter before the backend is asked anything, apply the
 * shared rules, then call one protected hook with checked arguments:
 * <ul>
 *   <li>{@code getAll}: at most {@value Check#MAX_PAGE_LIMIT} ids, none {@code null}, duplicates
 *       read once, results in the order the ids were first given;</li>
 *   <li>{@code findByEmail}: the address is normalized ({@link Emails#normalize}) and the
 *       results put oldest first;</li>
 *   <li>{@code create} and {@code upsertBySource}: new contacts get a time-ordered id, version 1
 *       and createdAt = updatedAt = now from the store's clock ({@link #newContact});</li>
 *   <li>{@code upsertBySource} needs a source;</li>
 *   <li>the revision rule of every change ({@link #revision}): version + 1, id and createdAt
 *       kept, updatedAt now but never before the stored updatedAt (a clock stepping back cannot
 *       make a newer version look older);</li>
 *   <li>{@code search}: the query (and so its cursor) was fully validated when it was built; the
 *       page and its next cursor are cut here ({@link ContactQuery#page});</li>
 *   <li>{@code importContacts}: the batch checks of {@link Batches#contacts} (size, no
 *       {@code null}, distinct ids, versions at most {@link Contact#MAX_IMPORTED_VERSION}), an
 *       empty batch answered without a call, and the rule deciding each contact
 *       ({@link #importAction});</li>
 *   <li>one conflict message per condition: {@link #missing}, {@link #versionMismatch},
 *       {@link #duplicateSource}.</li>
 * </ul>
 * A hook runs only with valid arguments, must be thread-safe and atomic like the method it
 * serves, and reports backend failures as {@link dev.stowage.exception.StoreException} subtypes,
 * never driver exceptions. Rules that a backend enforces inside its own storage (a unique source
 * index, a version compared in a statement) must give the results and errors the helpers here
 * define; the testkit's {@code ContactStoreContract} checks that they do.
 *
 * <p>Modelled on ShedLock's {@code StorageBasedLockProvider} over a small storage accessor.
 */
public abstract class AbstractContactStore implements ContactStore {

    /** The order of {@link #findByEmail}: oldest first, ties by unsigned id. */
    private static final Comparator<Contact> OLDEST_FIRST =
            Comparator.comparing(Contact::createdAt).thenComparing(Contact::id, Ids.UNSIGNED_ORDER);

    private final Clock clock;

    /**
     * @param clock the store's clock: every id, createdAt and updatedAt comes from it
     * @throws ValidationException {@code field "clock"} if it is {@code null}
     */
    protected AbstractContactStore(Clock clock) {
        this.clock = Check.required(clock, "clock");
    }

    // ------------------------------------------------------------------ the checked public API

    @Override
    public final Contact create(ContactDraft draft) {
        Check.required(draft, "draft");
        Contact contact = newContact(draft);
        insert(contact);
        return contact;
    }

    @Override
    public final Optional<Contact> get(UUID id) {
        Check.required(id, "id");
        return read(id);
    }

    @Override
    public final List<Contact> getAll(Collection<UUID> ids) {
        Check.required(ids, "ids");
        if (ids.size() > Check.MAX_PAGE_LIMIT) {
            throw new ValidationException("ids", "max-count", "must hold at most " + Check.MAX_PAGE_LIMIT + " ids");
        }
        Set<UUID> distinct = new LinkedHashSet<>();
        int index = 0;
        for (UUID id : ids) {
            distinct.add(Check.required(id, "ids[" + index++ + "]"));
        }
        if (distinct.isEmpty()) {
            return List.of();
        }
        Map<UUID, Contact> found = new HashMap<>();
        for (Contact contact : readAll(Collections.unmodifiableSet(distinct))) {
            found.put(contact.id(), contact);
        }
        List<Contact> ordered = new ArrayList<>(found.size());
        for (UUID id : distinct) {
            Contact contact = found.get(id);
            if (contact != null) {
                ordered.add(contact);
            }
        }
        return ordered;
    }

    @Override
    public final Optional<Contact> findBySource(String source, String sourceId) {
        Check.identifier(source, "source", ContactDraft.MAX_SOURCE_LENGTH);
        Check.requiredText(sourceId, "sourceId", ContactDraft.MAX_SOURCE_ID_LENGTH);
        return readBySource(source, sourceId);
    }

    @Override
    public final List<Contact> findByEmail(String email) {
        String normalized = Emails.normalize(Check.requiredText(email, "email", Emails.MAX_LENGTH));
        return readByEmail(normalized).stream().sorted(OLDEST_FIRST).toList();
    }

    @Override
    public final Contact update(UUID id, long expectedVersion, ContactDraft changes) {
        Check.required(id, "id");
        Check.required(changes, "changes");
        return applyUpdate(new Update(id, expectedVersion, changes));
    }

    @Override
    public final Contact upsertBySource(ContactDraft draft) {
        Check.required(draft, "draft");
        if (!draft.hasSource()) {
            throw new ValidationException("source", "required", "is required to upsert by source");
        }
        return upsert(draft);
    }

    @Override
    public final boolean delete(UUID id) {
        Check.required(id, "id");
        return remove(id, null);
    }

    @Override
    public final boolean delete(UUID id, long expectedVersion) {
        Check.required(id, "id");
        return remove(id, expectedVersion);
    }

    @Override
    public final Page<Contact> search(ContactQuery query) {
        Check.required(query, "query");
        return query.page(searchMatches(query));
    }

    @Override
    public final long count(ContactQuery query) {
        Check.required(query, "query");
        return countMatches(query);
    }

    @Override
    public final List<Contact> scan(UUID afterId, int limit) {
        Check.batchLimit(limit);
        return scanAfter(afterId, limit);
    }

    @Override
    public final ImportResult importContacts(List<Contact> contacts) {
        List<Contact> batch = Batches.contacts(contacts);
        return batch.isEmpty() ? ImportResult.EMPTY : importBatch(batch);
    }

    // ------------------------------------------------------------------ the hooks

    /**
     * Stores a new contact ({@link #create}).
     *
     * @param contact a valid contact from {@link #newContact}: new id, version 1, timestamps now
     * @throws ConflictException {@link #duplicateSource} if its (source, sourceId) belongs to
     *     another contact of this tenant (nothing written)
     */
    protected abstract void insert(Contact contact);

    /**
     * @param id an id
     * @return the contact with that id, or empty
     */
    protected abstract Optional<Contact> read(UUID id);

    /**
     * @param ids 1..{@value Check#MAX_PAGE_LIMIT} distinct ids, in the order the caller first gave them
     * @return the contacts that exist, in any order, read at one moment
     */
    protected abstract Collection<Contact> readAll(Set<UUID> ids);

    /**
     * @param source   a valid source identifier
     * @param sourceId a valid source id
     * @return the contact with that (source, sourceId), or empty
     */
    protected abstract Optional<Contact> readBySource(String source, String sourceId);

    /**
     * @param normalizedEmail an address already normalized with {@link Emails#normalize}
     * @return the contacts whose normalized email equals it, in any order
     */
    protected abstract Collection<Contact> readByEmail(String normalizedEmail);

    /**
     * Changes a contact if it is at the expected version ({@link #update}). A store that reads
     * first computes the result with {@link #revision(Update, Contact)}; one that changes the
     * contact in one statement must store exactly what that method would return (version + 1,
     * updatedAt = the later of {@link #now()} and the stored updatedAt).
     *
     * @param update the checked arguments
     * @return the updated contact
     * @throws ConflictException {@link #missing} if there is no such contact,
     *     {@link #versionMismatch} if it is at another version, {@link #duplicateSource} if the
     *     new (source, sourceId) belongs to another contact (nothing written in each case)
     */
    protected abstract Contact applyUpdate(Update update);

    /**
     * Creates or changes the contact with the draft's (source, sourceId) ({@link #upsertBySource}),
     * atomically: concurrent upserts of one key give one contact. A store that reads first decides
     * with {@link #upserted}; one that upserts in one statement must store what it would return.
     *
     * @param draft a valid draft with a source
     * @return the stored contact after the upsert (the stored one unchanged if every field is equal)
     */
    protected abstract Contact upsert(ContactDraft draft);

    /**
     * Deletes a contact ({@link #delete(UUID)}, {@link #delete(UUID, long)}).
     *
     * @param id              an id
     * @param expectedVersion the version it must be at, or {@code null} for any
     * @return {@code true} if a contact was deleted, {@code false} if none existed
     * @throws ConflictException {@link #versionMismatch} if it exists at another version than
     *     {@code expectedVersion} (nothing deleted); {@link #checkVersion} throws it
     */
    protected abstract boolean remove(UUID id, Long expectedVersion);

    /**
     * Reads the matches of a search, after the query's cursor ({@link ContactQuery#position()},
     * already validated, or {@link ContactQuery#afterCursor()}), in {@link ContactQuery#order()}.
     *
     * @param query a valid query
     * @return up to {@code query.limit() + 1} matches, so that one more proves a next page exists
     */
    protected abstract List<Contact> searchMatches(ContactQuery query);

    /**
     * @param query a valid query; its sort, limit and cursor are ignored
     * @return how many contacts pass its filters ({@link ContactQuery#matches})
     */
    protected abstract long countMatches(ContactQuery query);

    /**
     * @param afterId the last id already read, exclusive, or {@code null} to start at the beginning
     * @param limit   1..{@value Check#MAX_BATCH_LIMIT}
     * @return the next contacts in ascending unsigned id order ({@link Ids#UNSIGNED_ORDER})
     */
    protected abstract List<Contact> scanAfter(UUID afterId, int limit);

    /**
     * Writes an import batch atomically, deciding each contact by {@link #importAction}.
     *
     * @param batch 1..{@value Check#MAX_BATCH_LIMIT} valid contacts with distinct ids and versions
     *              of at most {@link Contact#MAX_IMPORTED_VERSION}
     * @return how many were inserted, replaced and skipped
     * @throws ConflictException {@link #duplicateSource} if a written contact's (source, sourceId)
     *     would belong to two contacts (nothing written)
     */
    protected abstract ImportResult importBatch(List<Contact> batch);

    // ------------------------------------------------------------------ the shared rules, for hooks

    /**
     * The checked arguments of {@link #update(UUID, long, ContactDraft)}.
     *
     * @param id              the contact's id
     * @param expectedVersion the version the caller read
     * @param changes         the new field values
     */
    protected record Update(UUID id, long expectedVersion, ContactDraft changes) {
    }

    /**
     * @return the store's clock
     */
    protected final Clock clock() {
        return clock;
    }

    /**
     * @return the clock's current instant, truncated to microseconds
     */
    protected final Instant now() {
        return Timestamps.now(clock);
    }

    /**
     * @param draft a valid draft
     * @return a new contact of it: a new time-ordered id, version 1, createdAt = updatedAt = now
     */
    protected final Contact newContact(ContactDraft draft) {
        Instant now = now();
        return Contact.of(Ids.timeOrdered(clock), draft, now, now, 1);
    }

    /**
     * The revision rule: the next version of a stored contact with new fields.
     *
     * @param current the stored contact
     * @param changes its new fields
     * @return the contact with {@code changes}, same id and createdAt, version + 1, and updatedAt
     *     now but never before {@code current.updatedAt()}
     */
    protected final Contact revision(Contact current, ContactDraft changes) {
        Instant now = now();
        Instant updatedAt = now.isBefore(current.updatedAt()) ? current.updatedAt() : now;
        return Contact.of(current.id(), changes, current.createdAt(), updatedAt, current.version() + 1);
    }

    /**
     * An update decided against the stored contact, for stores that read before they write.
     *
     * @param update  the checked arguments
     * @param current the stored contact with {@code update.id()}, or {@code null} if there is none
     * @return its {@link #revision}
     * @throws ConflictException {@link #missing} or {@link #versionMismatch}
     */
    protected final Contact revision(Update update, Contact current) {
        if (current == null) {
            throw missing(update.id());
        }
        checkVersion(current, update.expectedVersion());
        return revision(current, update.changes());
    }

    /**
     * An upsert decided against the stored contact, for stores that read before they write.
     *
     * @param stored the contact holding the draft's (source, sourceId), or {@code null}
     * @param draft  the draft
     * @return {@link #newContact} if nothing is stored, {@code stored} itself (the same instance:
     *     nothing to write) if every field equals the draft's, else its {@link #revision}
     */
    protected final Contact upserted(Contact stored, ContactDraft draft) {
        if (stored == null) {
            return newContact(draft);
        }
        return stored.toDraft().equals(draft) ? stored : revision(stored, draft);
    }

    /**
     * @param current         the stored contact
     * @param expectedVersion the version the caller read, or {@code null} for any
     * @throws ConflictException {@link #versionMismatch} unless the contact is at that version
     */
    protected static void checkVersion(Contact current, Long expectedVersion) {
        if (expectedVersion != null && current.version() != expectedVersion) {
            throw versionMismatch(current.id(), expectedVersion, current.version());
        }
    }

    /** What an import does with one contact of its batch. */
    protected enum ImportAction {
        /** No contact has its id: it is inserted. */
        INSERT,
        /** The stored contact with its id has a lower version: it is replaced. */
        REPLACE,
        /** The stored contact with its id has the same or a higher version: it wins, nothing is written. */
        SKIP
    }

    /**
     * The import rule: a newer live write always wins over backfilled data.
     *
     * @param stored   the stored contact with the incoming contact's id, or {@code null}
     * @param incoming a contact of the batch
     * @return what the import does with it
     */
    protected static ImportAction importAction(Contact stored, Contact incoming) {
        if (stored == null) {
            return ImportAction.INSERT;
        }
        return stored.version() < incoming.version() ? ImportAction.REPLACE : ImportAction.SKIP;
    }

    /**
     * @param actions the action taken for each contact of a batch
     * @return the import's result
     */
    protected static ImportResult importResult(Collection<ImportAction> actions) {
        int inserted = 0;
        int replaced = 0;
        for (ImportAction action : actions) {
            if (action == ImportAction.INSERT) {
                inserted++;
            } else if (action == ImportAction.REPLACE) {
                replaced++;
            }
        }
        return new ImportResult(inserted, replaced, actions.size() - inserted - replaced);
    }

    /**
     * @param id the id of a contact that was to be changed
     * @return the conflict for a contact that does not exist (any more)
     */
    protected static ConflictException missing(UUID id) {
        return new ConflictException(ConflictException.Reason.MISSING,
                "contact " + id + " does not exist (any more); nothing was changed");
    }

    /**
     * @param id       the contact's id
     * @param expected the version the caller read
     * @param actual   the stored version
     * @return the conflict for a stale (or future) expected version
     */
    protected static ConflictException versionMismatch(UUID id, long expected, long actual) {
        return new ConflictException(ConflictException.Reason.VERSION_MISMATCH,
                "contact " + id + " is at version " + actual + ", not " + expected
                        + "; reload it and apply the change again");
    }

    /**
     * @param source   the source that is taken
     * @param sourceId the source id that is taken
     * @return the conflict for a (source, sourceId) that belongs to another contact
     */
    protected static ConflictException duplicateSource(String source, String sourceId) {
        return new ConflictException(ConflictException.Reason.DUPLICATE_KEY,
                "a contact with source '" + source + "' and sourceId '" + sourceId
                        + "' already exists; use upsertBySource to update it");
    }
}
