package dev.stowage.migration;

import dev.stowage.TenantId;

import java.time.Instant;
import java.util.Map;

/**
 * Applies the error policy to a record that cannot be copied: under {@link ErrorPolicy#STOP} the
 * run fails naming it; under {@link ErrorPolicy#SKIP_AND_RECORD} it goes to the sink.
 */
final class RejectHandler {

    private final ErrorPolicy policy;
    private final RejectSink sink;

    RejectHandler(ErrorPolicy policy, RejectSink sink) {
        this.policy = policy;
        this.sink = sink;
    }

    /**
     * @param records the kind of record
     * @param tenant  its tenant
     * @param key     its key
     * @param reason  why it cannot be copied
     * @param record  its content as JSON
     * @param cause   the failure, or {@code null}
     * @throws MigrationException under {@link ErrorPolicy#STOP}
     */
    void reject(RecordKind records, TenantId tenant, String key, String reason, Map<String, Object> record,
                Throwable cause) {
        if (policy == ErrorPolicy.STOP) {
            throw new MigrationException(records.label() + " of tenant '" + tenant + "': record " + key
                    + " cannot be copied: " + reason + ". Fix it in the source or the target and rerun to resume, "
                    + "or run with onError(SKIP_AND_RECORD) to reject such records and go on",
                    records, tenant, key, cause);
        }
        sink.accept(new RejectedRecord(records, tenant, key, reason, record, Instant.now()));
    }

    /**
     * Makes the rejects so far durable, before a checkpoint moves past them.
     */
    void flush() {
        if (sink != null) {
            sink.flush();
        }
    }
}
