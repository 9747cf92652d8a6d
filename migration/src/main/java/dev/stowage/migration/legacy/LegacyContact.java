package dev.stowage.migration.legacy;

import dev.stowage.contact.ContactDraft;
import dev.stowage.support.Check;

import java.time.Instant;

/**
 * A contact mapped from a legacy record. Its id is the record's UUIDv5 and its version 1.
 *
 * @param draft     the contact's fields
 * @param createdAt when it was created in the legacy system, or {@code null} for the namespace's import time
 * @param updatedAt when it last changed there, or {@code null} for createdAt
 */
public record LegacyContact(ContactDraft draft, Instant createdAt, Instant updatedAt) {

    /** Checks that the draft is there. */
    public LegacyContact {
        Check.required(draft, "draft");
    }

    /**
     * @param draft the contact's fields
     * @return the contact with the import time as its timestamps
     */
    public static LegacyContact of(ContactDraft draft) {
        return new LegacyContact(draft, null, null);
    }
}
