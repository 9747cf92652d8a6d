package dev.stowage.contact;

import dev.stowage.exception.ValidationException;
import dev.stowage.support.Check;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A stored contact: the fields of a {@link ContactDraft} plus identity, timestamps and an
 * optimistic-concurrency version. Immutable; every backend returns values that are
 * {@link #equals equal} for the same stored state.
 *
 * @param id           the contact's id (a time-ordered UUIDv7 when the store assigned it)
 * @param firstName    see {@link ContactDraft}
 * @param lastName     see {@link ContactDraft}
 * @param email        see {@link ContactDraft}
 * @param phone        see {@link ContactDraft}
 * @param company      see {@link ContactDraft}
 * @param title        see {@link ContactDraft}
 * @param address      see {@link ContactDraft}
 * @param notes        see {@link ContactDraft}
 * @param status       see {@link ContactDraft}
 * @param tags         see {@link ContactDraft}
 * @param customFields see {@link ContactDraft}
 * @param source       see {@link ContactDraft}
 * @param sourceId     see {@link ContactDraft}
 * @param createdAt    when the contact was created, microsecond precision
 * @param updatedAt    when it last changed, microsecond precision, never before createdAt
 * @param version      1 on creation, incremented by every change
 */
public record Contact(
        UUID id,
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
        String sourceId,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    /**
     * The highest version a contact may be imported with ({@link ContactStore#importContacts}):
     * 2<sup>53</sup> &minus; 1, the largest integer every JSON reader (JavaScript, Lua) keeps
     * exactly. Updates count on from there in 64 bits, so a contact imported at this version can
     * still be updated 2<sup>63</sup> &minus; 2<sup>53</sup> times on every backend: every
     * imported contact stays updatable.
     */
    public static final long MAX_IMPORTED_VERSION = (1L << 53) - 1;

    /**
     * Validates like {@link ContactDraft} and additionally the identity, timestamps and version,
     * so a contact handed to a bulk import is checked at the boundary too.
     *
     * @throws ValidationException naming the first invalid field
     */
    public Contact {
        Check.required(id, "id");
        ContactDraft draft = new ContactDraft(firstName, lastName, email, phone, company, title, address, notes,
                status, tags, customFields, source, sourceId);
        address = draft.address();
        status = draft.status();
        tags = draft.tags();
        customFields = draft.customFields();
        createdAt = Check.instant(createdAt, "createdAt");
        updatedAt = Check.instant(updatedAt, "updatedAt");
        if (updatedAt.isBefore(createdAt)) {
            throw new ValidationException("updatedAt", "not-before-created", "must not be before createdAt");
        }
        Check.atLeast(version, "version", 1);
    }

    /**
     * Combines a draft with identity and bookkeeping; used by stores.
     *
     * @param id        the id
     * @param draft     the caller-controlled fields
     * @param createdAt creation time
     * @param updatedAt last change
     * @param version   the version
     * @return the contact
     * @throws ValidationException naming the first invalid argument
     */
    public static Contact of(UUID id, ContactDraft draft, Instant createdAt, Instant updatedAt, long version) {
        Check.required(draft, "draft");
        return new Contact(id, draft.firstName(), draft.lastName(), draft.email(), draft.phone(), draft.company(),
                draft.title(), draft.address(), draft.notes(), draft.status(), draft.tags(), draft.customFields(),
                draft.source(), draft.sourceId(), createdAt, updatedAt, version);
    }

    /**
     * @return the caller-controlled fields, for editing: {@code contact.toDraft().toBuilder()...}
     */
    public ContactDraft toDraft() {
        return new ContactDraft(firstName, lastName, email, phone, company, title, address, notes, status, tags,
                customFields, source, sourceId);
    }

    /**
     * @return a copy with the given draft's fields, same identity, timestamps and version
     * @param draft the new caller-controlled fields
     * @throws ValidationException {@code field "draft"} if it is {@code null}
     */
    public Contact withDraft(ContactDraft draft) {
        return of(id, draft, createdAt, updatedAt, version);
    }
}
