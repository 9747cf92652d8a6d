/**
 * A {@link dev.stowage.migration.source.RecordSource} over JSON Lines files, mongoexport's
 * extended JSON included, plain or gzip, streamed and resumable at any line.
 */
package dev.stowage.migration.source.jsonl;
