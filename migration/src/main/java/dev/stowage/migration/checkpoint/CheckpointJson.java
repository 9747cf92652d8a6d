package dev.stowage.migration.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.TenantId;
import dev.stowage.migration.RecordCounts;
import dev.stowage.migration.RecordKind;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The checkpoint file format (version 1), described in the module README:
 * <pre>{@code
 * {"format":"stowage-migration-checkpoint","version":1,"runId":"...",
 *  "fingerprint":{"hash":"<sha-256 hex>","description":"..."},
 *  "partitions":[{"id":"contacts/default/0","records":"CONTACTS","tenant":"default",
 *                 "lowerBound":null,"upperBound":"...","position":"...","done":false,
 *                 "read":0,"written":0,"skipped":0,"rejected":0,"redone":0,
 *                 "pending":0,"elapsedMicros":0,"claims":1}]}
 * }</pre>
 */
final class CheckpointJson {

    static final String FORMAT = "stowage-migration-checkpoint";
    static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CheckpointJson() {
    }

    static byte[] write(RunState run) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("runId", run.runId());
        ObjectNode fingerprint = root.putObject("fingerprint");
        fingerprint.put("hash", run.fingerprint().hash());
        fingerprint.put("description", run.fingerprint().description());
        ArrayNode partitions = root.putArray("partitions");
        for (PartitionState state : run.partitions()) {
            ObjectNode p = partitions.addObject();
            PartitionSpec spec = state.spec();
            p.put("id", spec.id());
            p.put("records", spec.records().name());
            p.put("tenant", spec.tenant().value());
            p.put("lowerBound", spec.lowerBound());
            p.put("upperBound", spec.upperBound());
            p.put("position", state.position());
            p.put("done", state.done());
            RecordCounts counts = state.counts();
            p.put("read", counts.read());
            p.put("written", counts.written());
            p.put("skipped", counts.skipped());
            p.put("rejected", counts.rejected());
            p.put("redone", counts.redone());
            p.put("pending", state.pending());
            p.put("elapsedMicros", state.elapsed().toNanos() / 1_000);
            p.put("claims", state.claims());
        }
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new CheckpointException("could not encode the checkpoint of run '" + run.runId() + "'", e, false);
        }
    }

    static RunState read(byte[] bytes, String where) {
        try {
            JsonNode root = MAPPER.readTree(bytes);
            if (root == null || !FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
                throw new CheckpointException(where + " is not a version " + VERSION + " Stowage checkpoint ("
                        + "format \"" + FORMAT + "\"); move it away or choose another run id", null, false);
            }
            JsonNode fingerprint = root.path("fingerprint");
            List<PartitionState> states = new ArrayList<>();
            for (JsonNode p : root.path("partitions")) {
                PartitionSpec spec = new PartitionSpec(p.path("id").asText(), RecordKind.valueOf(p.path("records").asText()),
                        TenantId.of(p.path("tenant").asText()), text(p, "lowerBound"), text(p, "upperBound"));
                RecordCounts counts = new RecordCounts(p.path("read").asLong(), p.path("written").asLong(),
                        p.path("skipped").asLong(), p.path("rejected").asLong(), p.path("redone").asLong());
                states.add(new PartitionState(spec, text(p, "position"), p.path("done").asBoolean(), counts,
                        p.path("pending").asInt(), Duration.ofNanos(p.path("elapsedMicros").asLong() * 1_000),
                        p.path("claims").asInt()));
            }
            return new RunState(root.path("runId").asText(),
                    new RunFingerprint(fingerprint.path("hash").asText(), fingerprint.path("description").asText()),
                    states);
        } catch (IOException | IllegalArgumentException e) {
            throw new CheckpointException(where + " is not a readable Stowage checkpoint: " + e.getMessage(), e, false);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
