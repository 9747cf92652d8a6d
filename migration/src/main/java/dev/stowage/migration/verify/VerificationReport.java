package dev.stowage.migration.verify;

import dev.stowage.TenantId;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.RecordKind;
import dev.stowage.migration.StoreKind;
import dev.stowage.support.Check;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link Verification} found: a {@link RecordsResult} per store, kind of records and
 * tenant, and from them a state per store and for the whole run (the worst of its parts). It is
 * what migration stages are gated on: only {@link VerificationState#VALIDATED} passes.
 * <p>
 * {@link #toJson()} writes it in the stable format documented in the migration module's README
 * ("Verification report format"), which {@link #fromJson(String)} reads back; {@link #toTable()}
 * renders it for people. Neither ever contains a secret (see {@link Difference}).
 *
 * @param source     the source backend's name
 * @param target     the target backend's name
 * @param startedAt  when the run started, by the verification's clock
 * @param finishedAt when it ended
 * @param results    the results in run order (store, kind of records, tenant), at least one
 * @param notes      what the reader should know about how the run was set up (the tenants were
 *                   discovered, or could not be and the default tenant was verified alone); may be empty
 */
public record VerificationReport(String source, String target, Instant startedAt, Instant finishedAt,
                                 List<RecordsResult> results, List<String> notes) {

    /**
     * @throws ValidationException naming the first missing or inconsistent component
     */
    public VerificationReport {
        Check.required(source, "source");
        Check.required(target, "target");
        startedAt = Check.instant(startedAt, "startedAt");
        finishedAt = Check.instant(finishedAt, "finishedAt");
        results = List.copyOf(Check.required(results, "results"));
        if (results.isEmpty()) {
            throw new ValidationException("results", "not-empty", "a verification covers at least one store");
        }
        notes = List.copyOf(Check.required(notes, "notes"));
    }

    /**
     * A report without notes.
     *
     * @param source     the source backend's name
     * @param target     the target backend's name
     * @param startedAt  when the run started
     * @param finishedAt when it ended
     * @param results    the results in run order, at least one
     */
    public VerificationReport(String source, String target, Instant startedAt, Instant finishedAt,
                              List<RecordsResult> results) {
        this(source, target, startedAt, finishedAt, results, List.of());
    }

    /**
     * @return the worst state of all results: VALIDATED only if every result is
     */
    public VerificationState state() {
        VerificationState state = VerificationState.VALIDATED;
        for (RecordsResult result : results) {
            state = state.worst(result.state());
        }
        return state;
    }

    /**
     * @return the state of each verified store (the worst of its results), in {@link StoreKind} order
     */
    public Map<StoreKind, VerificationState> stores() {
        Map<StoreKind, VerificationState> states = new EnumMap<>(StoreKind.class);
        for (RecordsResult result : results) {
            states.merge(result.store(), result.state(), VerificationState::worst);
        }
        return Collections.unmodifiableMap(states);
    }

    /**
     * @param store a verified store
     * @return its state, the worst of its results
     * @throws ValidationException {@code field "store"} if the store was not verified
     */
    public VerificationState state(StoreKind store) {
        VerificationState state = stores().get(Check.required(store, "store"));
        if (state == null) {
            throw new ValidationException("store", "verified", "was not part of this verification");
        }
        return state;
    }

    /**
     * @param records which records
     * @param tenant  the tenant
     * @return that result, or empty if it was not verified
     */
    public Optional<RecordsResult> result(RecordKind records, TenantId tenant) {
        return results.stream().filter(r -> r.records() == records && r.tenant().equals(tenant)).findFirst();
    }

    /**
     * @return the report as JSON, in the documented stable format, pretty-printed
     */
    public String toJson() {
        return ReportJson.write(this);
    }

    /**
     * @param json a report written by {@link #toJson()} (by this or an earlier version of the format)
     * @return the report
     * @throws ValidationException {@code field "report"} (or the field at fault) if the text is not
     *     such a report
     */
    public static VerificationReport fromJson(String json) {
        return ReportJson.read(json);
    }

    /**
     * @return a plain-text table for people: a line per result (store, records, tenant, source
     *     count, target count, mismatches, state), then the first mismatching keys and the
     *     reasons of incomplete results
     */
    public String toTable() {
        return ReportTable.render(this);
    }
}
