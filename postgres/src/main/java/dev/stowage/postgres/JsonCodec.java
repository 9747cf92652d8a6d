package dev.stowage.postgres;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.stowage.exception.StoreException;
import dev.stowage.exception.ValidationException;
import dev.stowage.support.JsonValues;
import org.jooq.JSONB;

import java.util.Map;

/**
 * Encodes the JSON objects of the model (custom fields, addresses, metadata) for JSONB columns and
 * decodes them back into the canonical form of {@link JsonValues}. Decimals are read as
 * {@code BigDecimal} with their scale, and PostgreSQL keeps a JSONB number's scale, so a value
 * round-trips to an equal one.
 */
final class JsonCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    // PostgreSQL prints jsonb numbers in full; JsonValues bounds them (MAX_NUMBER_DIGITS),
                    // so a longer one, written by other means, is reported by JsonValues, not by Jackson.
                    .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(Integer.MAX_VALUE).build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static final ObjectReader OBJECT_READER = MAPPER.readerFor(new TypeReference<Map<String, Object>>() {
    });

    /** How PostgreSQL prints an empty JSONB object, the most common value of these columns. */
    private static final String EMPTY_OBJECT = "{}";
    private static final JSONB EMPTY_JSONB = JSONB.valueOf(EMPTY_OBJECT);

    private JsonCodec() {
    }

    /**
     * @param object a canonical JSON object
     * @return its JSONB value
     */
    static JSONB encode(Map<String, ?> object) {
        if (object != null && object.isEmpty()) {
            // Most postings and contacts carry no metadata; skip building a generator for "{}".
            return EMPTY_JSONB;
        }
        try {
            return JSONB.valueOf(MAPPER.writeValueAsString(object));
        } catch (JsonProcessingException e) {
            throw new StoreException("could not encode a JSON object for PostgreSQL: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * @param json  a JSONB object as stored, or {@code null}
     * @param field the model field it holds, for errors
     * @return the canonical object ({@code null} for {@code null})
     */
    static Map<String, Object> decode(JSONB json, String field) {
        if (json == null) {
            return null;
        }
        if (EMPTY_OBJECT.equals(json.data())) {
            return Map.of();
        }
        try {
            return JsonValues.canonicalObject(OBJECT_READER.readValue(json.data()), field);
        } catch (JsonProcessingException e) {
            throw new StoreException("column for " + field + " does not hold a JSON object: " + e.getOriginalMessage(),
                    e);
        } catch (ValidationException e) {
            throw new StoreException("column for " + field + " holds a JSON value that breaks the model's rules ("
                    + e.getMessage() + "); it was written by something other than this library", e);
        }
    }
}
