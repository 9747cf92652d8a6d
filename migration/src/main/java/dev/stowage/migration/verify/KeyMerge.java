package dev.stowage.migration.verify;

import dev.stowage.TenantId;
import dev.stowage.migration.RecordKind;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Verifies one kind of records of one tenant: a merge of the two sides' ordered scans, key by
 * key. Memory is two pages and the first {@code maxReportedKeys} mismatches, whatever the size
 * of the stores.
 */
final class KeyMerge<R> {

    private final RecordComparer<R> comparer;
    private final TenantId tenant;
    private final OrderedScan<R> source;
    private final OrderedScan<R> target;
    private final Side sourceSide;
    private final Side targetSide;
    private final int pageSize;
    private final int maxReportedKeys;
    private final BooleanSupplier stopped;
    private final VerificationListener listener;
    private final List<Mismatch> reported = new ArrayList<>();
    private long sourceCount;
    private long targetCount;
    private long mismatchCount;
    private long keysSinceProgress;

    KeyMerge(RecordComparer<R> comparer, TenantId tenant, Side sourceSide, Side targetSide, Settings settings) {
        this.comparer = comparer;
        this.tenant = tenant;
        this.sourceSide = sourceSide;
        this.targetSide = targetSide;
        this.pageSize = settings.pageSize();
        this.maxReportedKeys = settings.maxReportedKeys();
        this.stopped = settings.stopped();
        this.listener = settings.listener();
        this.source = new OrderedScan<>(comparer, sourceSide, pageSize);
        this.target = new OrderedScan<>(comparer, targetSide, pageSize);
    }

    /**
     * What every merge of one run shares.
     *
     * @param pageSize        records per scan page
     * @param maxReportedKeys mismatches listed per result
     * @param stopped         whether the run was asked to stop
     * @param listener        progress listener
     */
    record Settings(int pageSize, int maxReportedKeys, BooleanSupplier stopped, VerificationListener listener) {
    }

    RecordsResult run() {
        listener.started(comparer.records(), tenant);
        RecordsResult result;
        try {
            result = merge();
        } catch (ReadFailure failure) {
            result = result(VerificationState.INCOMPLETE, failure.getMessage());
        }
        listener.finished(result);
        return result;
    }

    /** A result for records never started because the run was stopped before them. */
    static RecordsResult notStarted(RecordKind records, TenantId tenant) {
        return new RecordsResult(records, tenant, VerificationState.INCOMPLETE, 0, 0, 0, List.of(),
                Verification.STOPPED + " before these records were read");
    }

    private RecordsResult merge() {
        while (true) {
            if (stopped.getAsBoolean()) {
                return result(VerificationState.INCOMPLETE, Verification.STOPPED);
            }
            R s = source.peek();
            R t = target.peek();
            if (s == null && t == null) {
                break;
            }
            int order = s == null ? 1 : t == null ? -1 : comparer.order().compare(s, t);
            if (order < 0) {
                source.advance();
                alone(s, sourceSide, MismatchKind.MISSING_ON_TARGET);
            } else if (order > 0) {
                target.advance();
                alone(t, targetSide, MismatchKind.MISSING_ON_SOURCE);
            } else {
                source.advance();
                target.advance();
                both(s, t);
            }
            progress();
        }
        emitProgress();
        return result(mismatchCount == 0 ? VerificationState.VALIDATED : VerificationState.MISMATCHED, null);
    }

    private void alone(R record, Side side, MismatchKind kind) {
        if (!comparer.present(record)) {
            return;
        }
        count(side);
        Differences differences = new Differences();
        comparer.inspectAlone(record, side, differences);
        mismatch(differences.toMismatch(kind, comparer.key(record)));
    }

    private void both(R s, R t) {
        boolean sourcePresent = comparer.present(s);
        boolean targetPresent = comparer.present(t);
        if (!sourcePresent && !targetPresent) {
            return;
        }
        if (sourcePresent) {
            sourceCount++;
        }
        if (targetPresent) {
            targetCount++;
        }
        Differences differences = new Differences();
        comparer.compare(s, t, sourceSide, targetSide, differences);
        if (sourcePresent != targetPresent) {
            // One side's copy counts as expired: absent, with the fields (its expiry) as detail.
            mismatch(differences.toMismatch(
                    sourcePresent ? MismatchKind.MISSING_ON_TARGET : MismatchKind.MISSING_ON_SOURCE, comparer.key(s)));
        } else if (!differences.isEmpty()) {
            mismatch(differences.toMismatch(differences.kindWhenBothPresent(), comparer.key(s)));
        }
    }

    private void count(Side side) {
        if (side.role() == Side.Role.SOURCE) {
            sourceCount++;
        } else {
            targetCount++;
        }
    }

    private void mismatch(Mismatch mismatch) {
        mismatchCount++;
        if (reported.size() < maxReportedKeys) {
            reported.add(mismatch);
        }
    }

    private void progress() {
        if (++keysSinceProgress >= pageSize) {
            emitProgress();
        }
    }

    private void emitProgress() {
        keysSinceProgress = 0;
        listener.progress(new VerificationProgress(comparer.records(), tenant, source.read(),
                target.read(), mismatchCount));
    }

    private RecordsResult result(VerificationState state, String reason) {
        return new RecordsResult(comparer.records(), tenant, state, sourceCount, targetCount,
                mismatchCount, reported, reason);
    }
}
