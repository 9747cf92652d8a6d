package dev.stowage.migration.archive;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.time.Instant;

/**
 * The one Jackson configuration of the archive: records bound by their components, instants as
 * ISO-8601 text (microseconds kept), decimals as {@code BigDecimal} so that {@code 1.50} keeps its
 * scale. The model's constructors bring every value back to its canonical form.
 */
final class ArchiveCodec {

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // Trees keep a decimal's scale (the default node factory strips trailing zeros: 1.50 -> 1.5).
            .nodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
            // Only the records' components: no derived isEmpty() and the like.
            .disable(com.fasterxml.jackson.databind.MapperFeature.AUTO_DETECT_IS_GETTERS)
            .addModule(new SimpleModule("stowage-archive")
                    .addSerializer(Instant.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Instant value, JsonGenerator out, SerializerProvider provider)
                                throws IOException {
                            out.writeString(value.toString());
                        }
                    })
                    .addDeserializer(Instant.class, new JsonDeserializer<>() {
                        @Override
                        public Instant deserialize(JsonParser in, DeserializationContext context) throws IOException {
                            return Instant.parse(in.getValueAsString());
                        }
                    }))
            .build();

    private ArchiveCodec() {
    }

    static <T> T read(JsonNode node, Class<T> type) throws IOException {
        return JSON.treeToValue(node, type);
    }
}
