package dev.stowage.migration.source;

import dev.stowage.support.Check;

/**
 * A record a {@link RecordSource} found but could not read as a {@link SourceRecord} (a malformed
 * JSON line, a key of the wrong Redis type, a row holding a value no Java type represents), so
 * the engine can reject it with its raw text and count it instead of stopping the run or
 * dropping it silently.
 *
 * @param collection the collection it was found in
 * @param location   where it is, for the operator ({@code "line 17"}, {@code "key credits:42"}, {@code "rowid 9"})
 * @param reason     why it could not be read, free of the record's values
 * @param raw        the record as the source holds it (possibly truncated for very long lines), for reject files
 */
public record UnreadableRecord(String collection, String location, String reason, String raw) {

    /** Checks that every component is present. */
    public UnreadableRecord {
        Check.required(collection, "collection");
        Check.required(location, "location");
        Check.required(reason, "reason");
        Check.required(raw, "raw");
    }
}
