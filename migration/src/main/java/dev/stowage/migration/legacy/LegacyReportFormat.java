package dev.stowage.migration.legacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stowage.migration.legacy.ConversionTally.ConversionCount;
import dev.stowage.migration.legacy.LegacyValidationReport.CollectionValidation;
import dev.stowage.migration.legacy.LegacyValidationReport.DanglingReference;
import dev.stowage.migration.legacy.LegacyValidationReport.FieldDifference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The two renderings of a {@link LegacyValidationReport}, one section per layer.
 */
final class LegacyReportFormat {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int TABLE_ITEMS = 10;

    private LegacyReportFormat() {
    }

    /** The report as plain JSON values (maps, lists, strings, numbers). */
    static Map<String, Object> tree(LegacyValidationReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "stowage-legacy-validation");
        root.put("version", 1);
        root.put("state", report.state().name());
        root.put("namespace", report.namespace().toString());
        List<Object> counts = new ArrayList<>();
        List<Object> compares = new ArrayList<>();
        List<Object> integrity = new ArrayList<>();
        for (CollectionValidation c : report.collections()) {
            counts.add(ordered("collection", c.collection(), "records", c.records().name(), "sourceRecords",
                    c.sourceRecords(), "mapped", c.mapped(), "rejected", c.rejected(), "onTarget", c.onTarget(),
                    "missing", c.missing()));
            compares.add(ordered("collection", c.collection(), "compared", c.compared(), "differing", c.differing()));
            integrity.add(ordered("collection", c.collection(), "idMappings", c.idMappings(), "references",
                    c.references(), "dangling", c.dangling()));
        }
        root.put("counts", counts);
        root.put("fieldCompare", ordered("fraction", report.comparison().fraction(), "seed",
                report.comparison().seed(), "collections", compares, "differences", report.differences().stream()
                        .map(d -> ordered("collection", d.collection(), "legacyId", d.legacyId(), "field", d.field(),
                                "source", d.source(), "target", d.target())).toList()));
        root.put("referentialIntegrity", ordered("collections", integrity, "dangling", report.dangling().stream()
                .map(d -> ordered("collection", d.collection(), "legacyId", d.legacyId(), "field", d.field(),
                        "toCollection", d.toCollection(), "toLegacyId", d.toLegacyId())).toList()));
        root.put("conversions", ordered("converters", report.conversions().values().stream()
                .map(c -> ordered("converter", c.converter(), "converted", c.converted(), "failed", c.failed())).toList(),
                "failures", report.failures().stream().map(f -> ordered("collection", f.collection(), "legacyId",
                        f.legacyId(), "field", f.field(), "rule", f.rule(), "rawValue", f.rawValue(), "reason",
                        f.reason())).toList()));
        return root;
    }

    static String json(LegacyValidationReport report) {
        try {
            return JSON.writeValueAsString(tree(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always encodes", e);
        }
    }

    static String table(LegacyValidationReport report) {
        StringBuilder out = new StringBuilder();
        out.append("Legacy validation, namespace ").append(report.namespace()).append(": ").append(report.state())
                .append('\n');
        out.append("\n1. Counts per source collection\n");
        grid(out, List.of("collection", "records", "source", "mapped", "rejected", "on target", "missing"),
                report.collections(), c -> List.of(c.collection(), c.records().label(), n(c.sourceRecords()),
                        n(c.mapped()), n(c.rejected()), n(c.onTarget()), n(c.missing())));
        FieldComparison comparison = report.comparison();
        out.append("\n2. Field-level compare (").append(comparison.fraction() >= 1 ? "every record"
                : String.format(Locale.ROOT, "sample of %.4g, seed %d", comparison.fraction(), comparison.seed()))
                .append(")\n");
        grid(out, List.of("collection", "compared", "differing"), report.collections(),
                c -> List.of(c.collection(), n(c.compared()), n(c.differing())));
        items(out, report.differences(), (FieldDifference d) -> d.collection() + " " + d.legacyId() + " " + d.field()
                + ": source " + d.source() + ", target " + d.target());
        out.append("\n3. Referential integrity\n");
        grid(out, List.of("collection", "id mappings", "references", "dangling"), report.collections(),
                c -> List.of(c.collection(), n(c.idMappings()), n(c.references()), n(c.dangling())));
        items(out, report.dangling(), (DanglingReference d) -> d.collection() + " " + d.legacyId() + " " + d.field()
                + " -> " + d.toCollection() + " " + d.toLegacyId() + ": dangling");
        out.append("\n4. Type conversions\n");
        grid(out, List.of("converter", "converted", "failed"), List.copyOf(report.conversions().values()),
                (ConversionCount c) -> List.of(c.converter(), n(c.converted()), n(c.failed())));
        items(out, report.failures(), (MappingFailure f) -> f.collection() + " " + f.legacyId() + " " + f.field()
                + " [" + f.rule() + "]" + (f.rawValue() == null ? "" : " raw " + raw(f.rawValue())) + ": " + f.reason());
        return out.toString();
    }

    private static String raw(Object value) {
        try {
            return JSON.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    private static <T> void items(StringBuilder out, List<T> items, Function<T, String> line) {
        for (int i = 0; i < Math.min(TABLE_ITEMS, items.size()); i++) {
            out.append("  ").append(line.apply(items.get(i))).append('\n');
        }
        if (items.size() > TABLE_ITEMS) {
            out.append("  ... ").append(items.size() - TABLE_ITEMS).append(" more in the JSON report\n");
        }
    }

    private static <T> void grid(StringBuilder out, List<String> header, List<T> rows, Function<T, List<String>> cells) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        rows.forEach(row -> all.add(cells.apply(row)));
        int[] widths = new int[header.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                String pad = " ".repeat(widths[i] - cell.length());
                line.append(i == 0 || (i == 1 && header.get(1).equals("records")) ? cell + pad : pad + cell).append("  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String n(long value) {
        return Long.toString(value);
    }

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
