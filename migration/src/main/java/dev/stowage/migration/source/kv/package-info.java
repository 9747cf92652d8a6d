/**
 * A {@link dev.stowage.migration.source.RecordSource} over Redis (or any RESP KV store) key
 * patterns, read with SCAN through Lettuce (an optional dependency of this module).
 */
package dev.stowage.migration.source.kv;
