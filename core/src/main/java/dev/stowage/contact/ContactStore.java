package dev.stowage.contact;

import dev.stowage.ImportResult;
import dev.stowage.Page;
import dev.stowage.exception.ConflictException;
import dev.stowage.exception.StoreException;
import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Contacts of one tenant. Implementations are thread-safe; every method is atomic (it takes
 * effect completely or not at all); "absent" is {@link Optional#empty()}, never an exception.
 * Invalid arguments raise {@link ValidationException} before anything is written, and backend
 * failures raise a {@link StoreException} subtype, never a driver exception. Timestamps come from
 * the store's clock, truncated to microseconds.
 */
public interface ContactStore {

    /**
     * Creates a contact with a new time-ordered id, version 1 and createdAt = updatedAt = now.
     *
     * @param draft the contact's fields
     * @return the stored contact
     * @throws ConflictException {@link ConflictException.Reason#DUPLICATE_KEY} if the draft's
     *     (source, sourceId) already belongs to a contact of this tenant
     */
    Contact create(ContactDraft draft);

    /**
     * @param id the contact's id
     * @return the contact, or empty if this tenant has none with that id
     */
    Optional<Contact> get(UUID id);

    /**
     * @param ids up to 1 000 ids; duplicates are read once
     * @return the contacts that exist, in the order their ids were first given
     */
    List<Contact> getAll(Collection<UUID> ids);

    /**
     * @param source   the source system
     * @param sourceId the contact's id in it
     * @return the contact with that (source, sourceId), or empty
     */
    Optional<Contact> findBySource(String source, String sourceId);

    /**
     * Looks contacts up by email, ignoring case ({@link dev.stowage.support.Emails#normalize}).
     * Email is not unique, so several contacts may match.
     *
     * @param email an email address
     * @return the matching contacts, oldest first (createdAt, then id)
     */
    List<Contact> findByEmail(String email);

    /**
     * Replaces the caller-controlled fields of a contact if its stored version is
     * {@code expectedVersion}; bumps the version by one and sets updatedAt to now. createdAt and
     * id never change.
     *
     * @param id              the contact's id
     * @param expectedVersion the version the caller read
     * @param changes         the new field values (all of them, not a patch)
     * @return the updated contact
     * @throws ConflictException {@link ConflictException.Reason#VERSION_MISMATCH} if the stored
     *     version differs, {@link ConflictException.Reason#MISSING} if the contact does not exist,
     *     {@link ConflictException.Reason#DUPLICATE_KEY} if the new (source, sourceId) is taken
     */
    Contact update(UUID id, long expectedVersion, ContactDraft changes);

    /**
     * Shorthand for {@code update(contact.id(), contact.version(), contact.toDraft())}: store
     * an edited copy of a contact that was read earlier.
     *
     * @param edited the contact as read, with edited fields
     * @return the updated contact
     * @throws ConflictException as {@link #update(UUID, long, ContactDraft)}
     * @throws ValidationException {@code field "edited"} if it is {@code null}
     */
    default Contact update(Contact edited) {
        Check.required(edited, "edited");
        return update(edited.id(), edited.version(), edited.toDraft());
    }

    /**
     * Idempotent import from an external system, keyed by the draft's (source, sourceId). Creates
     * the contact if absent; if present and any field differs, replaces the fields, bumps the
     * version and updatedAt; if present and identical, changes nothing (same version, same
     * updatedAt). Safe under concurrency: concurrent upserts of one key produce one contact.
     *
     * @param draft the contact's fields; source and sourceId are required
     * @return the stored contact after the upsert
     * @throws ValidationException {@code field "source"} if the draft has no source
     */
    Contact upsertBySource(ContactDraft draft);

    /**
     * @param id the contact's id
     * @return {@code true} if a contact was deleted, {@code false} if none existed
     */
    boolean delete(UUID id);

    /**
     * Deletes a contact only if it is still at the version the caller read.
     *
     * @param id              the contact's id
     * @param expectedVersion the version the caller read
     * @return {@code true} if deleted, {@code false} if no contact existed
     * @throws ConflictException {@link ConflictException.Reason#VERSION_MISMATCH} if it exists at
     *     another version (nothing is deleted)
     */
    boolean delete(UUID id, long expectedVersion);

    /**
     * One page of the contacts matching the query, in its total order (sort key, then id).
     * Following {@code nextCursor} until it is empty returns every contact that matched the whole
     * time exactly once, provided its sort key did not change in between
     * (see {@link ContactSort}).
     *
     * @param query filters, order, page size and cursor
     * @return the page
     * @throws ValidationException {@code field "cursor"} if the cursor is not from this query
     */
    Page<Contact> search(ContactQuery query);

    /**
     * @param query filters; sort, limit and cursor are ignored
     * @return how many contacts match
     */
    long count(ContactQuery query);

    /**
     * Reads contacts in a stable order (ascending unsigned id, see
     * {@link dev.stowage.support.Ids#UNSIGNED_ORDER}) for export and migration.
     *
     * @param afterId the last id already read, exclusive; {@code null} to start at the beginning
     * @param limit   at most this many, 1..10 000
     * @return the next contacts; fewer than {@code limit} means the end was reached
     */
    List<Contact> scan(UUID afterId, int limit);

    /**
     * Bulk write for migration. Keeps every contact's id, version and timestamps exactly. A
     * contact that does not exist is inserted; one that exists with a lower version is replaced;
     * one that exists with the same or a higher version is skipped, so a newer live write always
     * wins over backfilled data. Atomic: if any contact is invalid or its (source, sourceId)
     * belongs to a different id, nothing is written.
     *
     * @param contacts up to 10 000 contacts with distinct ids, each at a version of at most
     *                 {@link Contact#MAX_IMPORTED_VERSION}, so it can still be updated
     * @return what happened to each
     * @throws ValidationException {@code field "contacts[i]..."} naming the first invalid contact
     *     (nothing written)
     * @throws ConflictException {@link ConflictException.Reason#DUPLICATE_KEY} on a
     *     (source, sourceId) clash with another id (nothing written)
     */
    ImportResult importContacts(List<Contact> contacts);
}
