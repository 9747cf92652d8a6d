package dev.stowage.migration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The two renderings of a {@link MigrationReport}.
 */
final class ReportFormat {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] HEADER = {"store", "records", "tenant", "read", "written", "skipped", "rejected",
        "redone", "duration", "state"};

    private ReportFormat() {
    }

    static String json(MigrationReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "stowage-migration-report");
        root.put("version", 1);
        root.put("runId", report.runId());
        root.put("dryRun", report.dryRun());
        root.put("source", report.source());
        root.put("target", report.target());
        root.put("startedAt", report.startedAt().toString());
        root.put("durationMillis", report.duration().toMillis());
        if (report.estimatedDuration().isPresent()) {
            root.put("estimatedDurationMillis", report.estimatedDuration().get().toMillis());
        } else {
            root.putNull("estimatedDurationMillis");
        }
        root.put("complete", report.isComplete());
        counts(root.putObject("totals"), report.totals());
        var lines = root.putArray("tenants");
        for (TenantReport line : report.tenants()) {
            ObjectNode node = lines.addObject();
            node.put("store", line.store().name());
            node.put("records", line.records().name());
            node.put("tenant", line.tenant().value());
            if (line.collection() != null) {
                node.put("collection", line.collection());
            }
            counts(node, line.counts());
            node.put("durationMillis", line.duration().toMillis());
            node.put("partitions", line.partitions());
            node.put("complete", line.complete());
        }
        report.validation().ifPresent(v -> root.set("validation", JSON.valueToTree(v.toJsonTree())));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always encodes", e);
        }
    }

    private static void counts(ObjectNode node, RecordCounts counts) {
        node.put("read", counts.read());
        node.put("written", counts.written());
        node.put("skipped", counts.skipped());
        node.put("rejected", counts.rejected());
        node.put("redone", counts.redone());
    }

    static String table(MigrationReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (TenantReport line : report.tenants()) {
            rows.add(row(line.store().name().toLowerCase(Locale.ROOT), line.records().label(), line.tenant().value(),
                    line.counts(), line.duration(), line.complete() ? "done" : "incomplete"));
        }
        rows.add(row("total", "", "", report.totals(), report.duration(), report.isComplete() ? "done" : "incomplete"));
        // A legacy source's lines name their source collection, in a column after the tenant.
        int shift = report.tenants().stream().anyMatch(line -> line.collection() != null) ? 1 : 0;
        if (shift == 1) {
            for (int r = 0; r < rows.size(); r++) {
                String collection = r == 0 ? "collection" : r == rows.size() - 1 ? ""
                        : String.valueOf(report.tenants().get(r - 1).collection());
                List<String> cells = new ArrayList<>(List.of(rows.get(r)));
                cells.add(3, collection);
                rows.set(r, cells.toArray(String[]::new));
            }
        }
        int[] widths = new int[HEADER.length + shift];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(report.dryRun() ? "Dry run " : "Run ").append(report.runId()).append(": ").append(report.source())
                .append(" -> ").append(report.target()).append(", started ").append(report.startedAt())
                .append(", took ").append(human(report.duration()));
        report.estimatedDuration().ifPresent(d -> out.append(", a copy would take about ").append(human(d)));
        out.append('\n');
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean number = i >= 3 + shift && i <= 8 + shift;
                String cell = number ? pad(row[i], widths[i], true) : pad(row[i], widths[i], false);
                line.append(cell).append(i + 1 < row.length ? "  " : "");
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0 || r == rows.size() - 2) {
                out.append("-".repeat(line.toString().stripTrailing().length())).append('\n');
            }
        }
        report.validation().ifPresent(validation -> out.append('\n').append(validation.toTable()));
        return out.toString();
    }

    private static String[] row(String store, String records, String tenant, RecordCounts counts, Duration duration,
                                String state) {
        return new String[] {store, records, tenant, Long.toString(counts.read()), Long.toString(counts.written()),
            Long.toString(counts.skipped()), Long.toString(counts.rejected()), Long.toString(counts.redone()),
            human(duration), state};
    }

    static String human(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        return String.format(Locale.ROOT, "%dm%02ds", millis / 60_000, (millis / 1000) % 60);
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return right ? spaces + text : text + spaces;
    }
}
