package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.support.Check;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record a migration could not copy, as handed to a {@link RejectSink}.
 *
 * @param records    the kind of record (its store is {@code records.store()})
 * @param tenant     the tenant
 * @param key        the record's key: a contact id, an account id, {@code ["subject","provider"]}
 * @param reason     why: the exception type (and conflict reason) and its message, which never
 *                   carries the record's values
 * @param record     the record as a JSON object (strings, numbers, booleans, lists, maps), with
 *                   credential secrets masked as {@code "***"}
 * @param rejectedAt when it was rejected
 */
public record RejectedRecord(RecordKind records, TenantId tenant, String key, String reason, Map<String, Object> record,
                             Instant rejectedAt) {

    /**
     * @throws dev.stowage.exception.ValidationException if a part is missing
     */
    public RejectedRecord {
        Check.required(records, "records");
        Check.required(tenant, "tenant");
        Check.required(key, "key");
        Check.required(reason, "reason");
        record = Collections.unmodifiableMap(new LinkedHashMap<>(Check.required(record, "record")));
        Check.required(rejectedAt, "rejectedAt");
    }

    /**
     * @return the store the record belongs to
     */
    public StoreKind store() {
        return records.store();
    }
}
