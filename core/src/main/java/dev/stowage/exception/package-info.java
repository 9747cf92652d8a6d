/**
 * The one exception hierarchy of Stowage, rooted at {@link dev.stowage.exception.StoreException}.
 * Every store translates driver errors into these types at its edge.
 */
package dev.stowage.exception;
