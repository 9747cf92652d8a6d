package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.exception.StoreException;

import java.util.Optional;

/**
 * A migration run failed. When one record caused it (under {@link ErrorPolicy#STOP}) the
 * exception names its store, tenant and key; the record's values are never in the message.
 * Everything committed before the failure stays committed and checkpointed, so a rerun with the
 * same run id and checkpoint store resumes where this one stopped.
 */
public class MigrationException extends StoreException {

    private final transient RecordKind records;
    private final transient TenantId tenant;
    private final String key;

    /**
     * @param message what went wrong and what to do about it
     * @param records the kind of record concerned, or {@code null} if the failure concerns the whole run
     * @param tenant  the tenant concerned, or {@code null}
     * @param key     the record's key (contact id, account id, subject and provider), or {@code null}
     * @param cause   the underlying failure, or {@code null}
     */
    public MigrationException(String message, RecordKind records, TenantId tenant, String key, Throwable cause) {
        super(message, cause);
        this.records = records;
        this.tenant = tenant;
        this.key = key;
    }

    /**
     * @param message what went wrong and what to do about it
     */
    public MigrationException(String message) {
        this(message, null, null, null, null);
    }

    /**
     * @return the store concerned, if the failure concerns one
     */
    public Optional<StoreKind> store() {
        return records().map(RecordKind::store);
    }

    /**
     * @return the kind of record concerned, if any
     */
    public Optional<RecordKind> records() {
        return Optional.ofNullable(records);
    }

    /**
     * @return the tenant concerned, if any
     */
    public Optional<TenantId> tenant() {
        return Optional.ofNullable(tenant);
    }

    /**
     * @return the key of the record that failed, if one did
     */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    @Override
    public boolean isRetryable() {
        return getCause() instanceof StoreException store && store.isRetryable();
    }
}
