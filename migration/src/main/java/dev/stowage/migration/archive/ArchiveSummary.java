package dev.stowage.migration.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.TenantId;
import dev.stowage.migration.RecordKind;
import dev.stowage.support.Check;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * What an export wrote or an import applied, per kind of records and tenant.
 *
 * @param action   {@code "export"} or {@code "import"}
 * @param source   what was read (a backend's name, or the archive file)
 * @param target   what was written (the archive file, or a backend's name)
 * @param lines    one line per kind of records and tenant, in the order met
 * @param took     how long it took
 * @param complete false when it was stopped before the end
 */
public record ArchiveSummary(String action, String source, String target, List<Line> lines, Duration took,
                             boolean complete) {

    /** Copies the lines. */
    public ArchiveSummary {
        Check.required(action, "action");
        Check.required(source, "source");
        Check.required(target, "target");
        lines = List.copyOf(Check.required(lines, "lines"));
        Check.required(took, "took");
    }

    /**
     * One kind of records of one tenant.
     *
     * @param records  the kind
     * @param tenant   the tenant
     * @param read     records read (an account's ledger slice counts once)
     * @param written  records inserted or updated in the target (an export: written to the file)
     * @param skipped  records the target already held, the same or newer (an export: 0)
     */
    public record Line(RecordKind records, TenantId tenant, long read, long written, long skipped) {
    }

    /**
     * @return the records read, all lines together
     */
    public long totalRead() {
        return lines.stream().mapToLong(Line::read).sum();
    }

    /**
     * @return a plain-text table, one row per line and a total
     */
    public String toTable() {
        StringBuilder out = new StringBuilder();
        out.append(action).append(' ').append(source).append(" -> ").append(target).append(", took ")
                .append(String.format("%.1fs", took.toMillis() / 1000.0)).append(complete ? "" : " (stopped)")
                .append('\n');
        String format = "%-22s %-16s %10s %10s %10s%n";
        String header = String.format(format, "records", "tenant", "read", "written", "skipped");
        String rule = "-".repeat(header.length() - 1) + "\n";
        out.append(header).append(rule);
        long read = 0;
        long written = 0;
        long skipped = 0;
        for (Line line : lines) {
            out.append(String.format(format, line.records().label(), line.tenant().value(), line.read(),
                    line.written(), line.skipped()));
            read += line.read();
            written += line.written();
            skipped += line.skipped();
        }
        out.append(rule).append(String.format(format, "total", "", read, written, skipped));
        return out.toString();
    }

    /**
     * @return the summary as one JSON object ({@code "format":"stowage-archive-summary"})
     */
    public String toJson() {
        ObjectNode root = ArchiveCodec.JSON.createObjectNode().put("format", "stowage-archive-summary")
                .put("version", 1).put("action", action).put("source", source).put("target", target)
                .put("durationMillis", took.toMillis()).put("complete", complete);
        ArrayNode rows = root.putArray("lines");
        for (Line line : lines) {
            rows.addObject().put("records", line.records().label()).put("tenant", line.tenant().value())
                    .put("read", line.read()).put("written", line.written()).put("skipped", line.skipped());
        }
        try {
            return ArchiveCodec.JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
