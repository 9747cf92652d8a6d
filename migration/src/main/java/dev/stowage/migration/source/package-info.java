/**
 * Legacy sources: systems that are not Stowage backends (mongoexport files, KV key patterns,
 * SQLite), read as {@link dev.stowage.migration.source.SourceRecord}s and fed to the migration engine.
 */
package dev.stowage.migration.source;
