package dev.stowage.contact;

/** The life-cycle state of a contact. */
public enum ContactStatus {
    /** In use; the default for new contacts. */
    ACTIVE,
    /** Kept but not in use. */
    INACTIVE,
    /** Kept for the record only. */
    ARCHIVED
}
