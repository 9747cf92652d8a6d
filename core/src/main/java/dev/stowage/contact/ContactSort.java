package dev.stowage.contact;

/**
 * The order of a contact search. Every sort breaks ties by id (unsigned UUID order) in the same
 * direction, so the order is total and keyset pagination is exact.
 */
public enum ContactSort {
    /** By last change. A contact updated between pages moves and may be seen twice or not at all. */
    UPDATED_AT,
    /** By creation; never changes, so a traversal sees every contact exactly once even under updates. */
    CREATED_AT,
    /** By last name in code point order, an absent last name sorting as the empty string. */
    LAST_NAME
}
