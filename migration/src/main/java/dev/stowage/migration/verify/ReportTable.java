package dev.stowage.migration.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * The report as a plain-text table for people, then the first mismatching keys of each result
 * and the reasons of incomplete ones.
 */
final class ReportTable {

    /** Mismatching keys shown per result; the JSON lists all the report kept. */
    static final int KEYS_SHOWN = 10;

    private static final String[] HEADER = {"store", "records", "tenant", "source", "target", "mismatches", "state"};
    /** Columns aligned right (the counts). */
    private static final boolean[] RIGHT = {false, false, false, true, true, true, false};

    private ReportTable() {
    }

    static String render(VerificationReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (RecordsResult r : report.results()) {
            rows.add(new String[] {r.store().name(), r.records().label(), r.tenant().value(), Long.toString(r.sourceCount()),
                Long.toString(r.targetCount()), Long.toString(r.mismatchCount()), r.state().name()});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        text.append("Verification ").append(report.source()).append(" -> ").append(report.target()).append(": ")
                .append(report.state()).append(" (").append(report.startedAt()).append(" to ")
                .append(report.finishedAt()).append(")\n");
        report.notes().forEach(note -> text.append("note: ").append(note).append('\n'));
        for (String[] row : rows) {
            line(text, row, widths);
        }
        for (RecordsResult r : report.results()) {
            details(text, r);
        }
        return text.toString();
    }

    private static void line(StringBuilder text, String[] row, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                line.append("  ");
            }
            String pad = " ".repeat(widths[i] - row[i].length());
            line.append(RIGHT[i] ? pad + row[i] : row[i] + pad);
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    private static void details(StringBuilder text, RecordsResult r) {
        String label = r.store() + " " + r.records().label() + " " + r.tenant();
        if (r.incompleteReason() != null) {
            text.append('\n').append(label).append(" is INCOMPLETE: ").append(r.incompleteReason()).append('\n');
        }
        if (r.mismatchCount() == 0) {
            return;
        }
        text.append('\n').append(label).append(": ").append(r.mismatchCount())
                .append(r.mismatchCount() == 1 ? " mismatching key" : " mismatching keys");
        if (r.mismatchCount() > Math.min(r.mismatches().size(), KEYS_SHOWN)) {
            text.append(", the first ").append(Math.min(r.mismatches().size(), KEYS_SHOWN)).append(" shown");
        }
        text.append('\n');
        for (Mismatch m : r.mismatches().subList(0, Math.min(r.mismatches().size(), KEYS_SHOWN))) {
            text.append("  ").append(m.kind()).append(' ').append(m.keyText()).append('\n');
            for (Difference d : m.differences()) {
                text.append("    ").append(d.field()).append(": source ").append(d.source()).append(", target ")
                        .append(d.target()).append('\n');
            }
            if (m.omittedDifferences() > 0) {
                text.append("    and ").append(m.omittedDifferences()).append(" more differences\n");
            }
        }
    }
}
