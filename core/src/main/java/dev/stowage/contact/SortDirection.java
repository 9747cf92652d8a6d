package dev.stowage.contact;

/** Ascending or descending. */
public enum SortDirection {
    /** Smallest first. */
    ASC,
    /** Largest first. */
    DESC
}
