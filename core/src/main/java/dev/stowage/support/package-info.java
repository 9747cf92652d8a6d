/**
 * Rules shared by every backend so they exist once: validation, timestamp precision, id
 * generation and ordering, JSON canonical form, text ordering, free-text tokens and cursors.
 * Public for backend authors; applications rarely need it.
 */
package dev.stowage.support;
