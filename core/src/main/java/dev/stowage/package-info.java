/**
 * Stowage: contacts, credits and tokens behind three small store interfaces, each kept in
 * PostgreSQL, Redis or memory. Start with {@link dev.stowage.Stowage#open} or a backend's builder,
 * then use {@link dev.stowage.Stores}.
 */
package dev.stowage;
