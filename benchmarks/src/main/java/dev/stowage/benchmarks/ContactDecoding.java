package dev.stowage.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.stowage.contact.Address;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactStatus;
import dev.stowage.support.JsonValues;
import dev.stowage.support.Timestamps;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The raw sides' decoding of a stored contact, the same work the backends do (Jackson configured
 * as they configure it, JSON objects made canonical, every model check of {@link Contact}), so a
 * comparison measures Stowage's overhead and not a cheaper decode.
 */
final class ContactDecoding {

    /** The columns of a contact row, in the order {@link #fromRow} reads them. */
    static final String COLUMNS = "id, first_name, last_name, email, phone, company, title, address, notes, status,"
            + " tags, custom_fields, source, source_id, created_at, updated_at, version";

    /** As the postgres backend reads JSONB: decimals as BigDecimal. */
    private static final ObjectReader POSTGRES_JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build()
            .readerFor(new TypeReference<Map<String, Object>>() {
            });

    /** As the Redis backend reads its JSON records: every number exact. */
    private static final ObjectMapper REDIS_JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();
    private static final TypeReference<LinkedHashMap<String, Object>> REDIS_OBJECT = new TypeReference<>() {
    };

    private ContactDecoding() {
    }

    /**
     * @param row a result set on a row of {@link #COLUMNS}
     * @return the contact
     * @throws SQLException if a column cannot be read
     */
    static Contact fromRow(ResultSet row) throws SQLException {
        String address = row.getString(8);
        Array tags = row.getArray(11);
        return new Contact(row.getObject(1, UUID.class), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getString(6), row.getString(7),
                address == null ? null : Address.fromParts(postgresObject(address, "address")), row.getString(9),
                ContactStatus.valueOf(row.getString(10)), Set.of((String[]) tags.getArray()),
                postgresObject(row.getString(12), "customFields"), row.getString(13), row.getString(14),
                row.getObject(15, OffsetDateTime.class).toInstant(), row.getObject(16, OffsetDateTime.class).toInstant(),
                row.getLong(17));
    }

    private static Map<String, Object> postgresObject(String json, String field) {
        if ("{}".equals(json)) {
            return Map.of();
        }
        try {
            return JsonValues.canonicalObject(POSTGRES_JSON.readValue(json), field);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not a JSON object: " + field, e);
        }
    }

    /**
     * @param text a contact as the Redis backend stores it
     * @return the contact
     */
    @SuppressWarnings("unchecked")
    static Contact fromRedisJson(String text) {
        Map<String, Object> json;
        try {
            json = REDIS_JSON.readValue(text, REDIS_OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not a stored contact", e);
        }
        return new Contact(UUID.fromString((String) json.get("id")), (String) json.get("firstName"),
                (String) json.get("lastName"), (String) json.get("email"), (String) json.get("phone"),
                (String) json.get("company"), (String) json.get("title"),
                Address.fromParts((Map<String, Object>) json.get("address")), (String) json.get("notes"),
                ContactStatus.valueOf((String) json.get("status")), new LinkedHashSet<>((List<String>) json.get("tags")),
                JsonValues.canonicalObject((Map<String, ?>) json.get("customFields"), "customFields"),
                (String) json.get("source"), (String) json.get("sourceId"),
                Timestamps.ofEpochMicros(((Number) json.get("createdAt")).longValue()),
                Timestamps.ofEpochMicros(((Number) json.get("updatedAt")).longValue()),
                ((Number) json.get("version")).longValue());
    }
}
