package dev.stowage.migration.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.TenantId;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.RecordKind;
import dev.stowage.migration.StoreKind;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's JSON format, written field by field so that it is exactly what the README
 * documents and does not change with the Java types. Readers ignore fields they do not know
 * (a later version may add some); a change that would break a reader raises {@link #VERSION}.
 */
final class ReportJson {

    static final String FORMAT = "stowage-verification-report";
    static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportJson() {
    }

    static String write(VerificationReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", VERSION);
        root.put("state", report.state().name());
        root.put("source", report.source());
        root.put("target", report.target());
        root.put("startedAt", report.startedAt().toString());
        root.put("finishedAt", report.finishedAt().toString());
        if (!report.notes().isEmpty()) {
            ArrayNode notes = root.putArray("notes");
            report.notes().forEach(notes::add);
        }
        ObjectNode stores = root.putObject("stores");
        report.stores().forEach((store, state) -> stores.put(store.name(), state.name()));
        ArrayNode results = root.putArray("results");
        for (RecordsResult result : report.results()) {
            ObjectNode node = results.addObject();
            node.put("store", result.store().name());
            node.put("records", result.records().label());
            node.put("tenant", result.tenant().value());
            node.put("state", result.state().name());
            node.put("sourceCount", result.sourceCount());
            node.put("targetCount", result.targetCount());
            node.put("mismatchCount", result.mismatchCount());
            node.put("incompleteReason", result.incompleteReason());
            ArrayNode mismatches = node.putArray("mismatches");
            for (Mismatch mismatch : result.mismatches()) {
                ObjectNode m = mismatches.addObject();
                m.put("kind", mismatch.kind().name());
                ObjectNode key = m.putObject("key");
                mismatch.key().forEach(key::put);
                ArrayNode differences = m.putArray("differences");
                for (Difference difference : mismatch.differences()) {
                    differences.addObject()
                            .put("field", difference.field())
                            .put("source", difference.source())
                            .put("target", difference.target());
                }
                m.put("omittedDifferences", mismatch.omittedDifferences());
            }
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    static VerificationReport read(String json) {
        if (json == null) {
            throw new ValidationException("report", "required", "is required");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ValidationException("report", "json", "is not JSON (line " + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText(null))) {
            throw new ValidationException("report", "format", "is not a " + FORMAT);
        }
        int version = root.path("formatVersion").asInt(-1);
        if (version < 1 || version > VERSION) {
            throw new ValidationException("report.formatVersion", "supported",
                    "is " + root.path("formatVersion") + "; this version reads 1 to " + VERSION);
        }
        List<RecordsResult> results = new ArrayList<>();
        JsonNode resultNodes = array(root, "results", "report");
        for (int i = 0; i < resultNodes.size(); i++) {
            results.add(result(resultNodes.get(i), "results[" + i + "]"));
        }
        return new VerificationReport(text(root, "source", "report"), text(root, "target", "report"),
                instant(root, "startedAt"), instant(root, "finishedAt"), results, notes(root));
    }

    /** The notes, absent from reports written before they existed. */
    private static List<String> notes(JsonNode root) {
        List<String> notes = new ArrayList<>();
        JsonNode node = root.path("notes");
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                notes.add(text(node, i, "notes[" + i + "]"));
            }
        }
        return notes;
    }

    private static String text(JsonNode array, int index, String path) {
        JsonNode value = array.get(index);
        if (value == null || !value.isTextual()) {
            throw new ValidationException(path, "text", "must be a string");
        }
        return value.asText();
    }

    private static RecordsResult result(JsonNode node, String path) {
        List<Mismatch> mismatches = new ArrayList<>();
        JsonNode mismatchNodes = array(node, "mismatches", path);
        for (int i = 0; i < mismatchNodes.size(); i++) {
            mismatches.add(mismatch(mismatchNodes.get(i), path + ".mismatches[" + i + "]"));
        }
        JsonNode reason = node.path("incompleteReason");
        StoreKind store = known(StoreKind.class, text(node, "store", path), path + ".store");
        RecordKind records = recordKind(text(node, "records", path), path + ".records");
        if (records.store() != store) {
            throw new ValidationException(path + ".store", "consistent", "is not the store of " + records.label());
        }
        VerificationState state = known(VerificationState.class, text(node, "state", path), path + ".state");
        String tenant = text(node, "tenant", path);
        long sourceCount = number(node, "sourceCount", path);
        long targetCount = number(node, "targetCount", path);
        long mismatchCount = number(node, "mismatchCount", path);
        try {
            return new RecordsResult(records, TenantId.of(tenant), state, sourceCount, targetCount,
                    mismatchCount, mismatches, reason.isTextual() ? reason.asText() : null);
        } catch (ValidationException e) {
            throw e.within(path);
        }
    }

    private static Mismatch mismatch(JsonNode node, String path) {
        Map<String, String> key = new LinkedHashMap<>();
        JsonNode keyNode = node.path("key");
        if (!keyNode.isObject()) {
            throw new ValidationException(path + ".key", "object", "must be an object");
        }
        for (Map.Entry<String, JsonNode> field : keyNode.properties()) {
            key.put(field.getKey(), field.getValue().asText());
        }
        List<Difference> differences = new ArrayList<>();
        JsonNode differenceNodes = array(node, "differences", path);
        for (int i = 0; i < differenceNodes.size(); i++) {
            JsonNode d = differenceNodes.get(i);
            String at = path + ".differences[" + i + "]";
            differences.add(new Difference(text(d, "field", at), text(d, "source", at), text(d, "target", at)));
        }
        MismatchKind kind = known(MismatchKind.class, text(node, "kind", path), path + ".kind");
        long omitted = number(node, "omittedDifferences", path);
        try {
            return new Mismatch(kind, key, differences, omitted);
        } catch (ValidationException e) {
            throw e.within(path);
        }
    }

    private static RecordKind recordKind(String label, String field) {
        for (RecordKind kind : RecordKind.values()) {
            if (kind.label().equals(label)) {
                return kind;
            }
        }
        throw new ValidationException(field, "known", "is not a known kind of records");
    }

    private static <E extends Enum<E>> E known(Class<E> type, String name, String field) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(field, "known", "is not a known " + type.getSimpleName());
        }
    }

    private static JsonNode array(JsonNode node, String field, String path) {
        JsonNode value = node.path(field);
        if (!value.isArray()) {
            throw new ValidationException(path + "." + field, "array", "must be an array");
        }
        return value;
    }

    private static String text(JsonNode node, String field, String path) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new ValidationException(path + "." + field, "text", "must be a string");
        }
        return value.asText();
    }

    private static long number(JsonNode node, String field, String path) {
        JsonNode value = node.path(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new ValidationException(path + "." + field, "integer", "must be an integer");
        }
        return value.asLong();
    }

    private static Instant instant(JsonNode root, String field) {
        try {
            return Instant.parse(text(root, field, "report"));
        } catch (DateTimeParseException e) {
            throw new ValidationException("report." + field, "instant", "must be an ISO-8601 instant");
        }
    }
}
