/**
 * Helpers the migration module's PostgreSQL stores share (checkpoints, id mappings, the switching
 * control record and repair queue). Not an API: public only so that those packages can share
 * them, and free to change in any release.
 */
package dev.stowage.migration.internal;
