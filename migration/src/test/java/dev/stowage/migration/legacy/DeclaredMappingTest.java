package dev.stowage.migration.legacy;

import dev.stowage.exception.ValidationException;
import dev.stowage.migration.source.SourceRecord;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A mapping file declares what a mapping in code does: the same source records map to equal
 * records (or fail on the same field and rule); mistakes in the file are refused naming their place.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DeclaredMappingTest {

    static String file() throws IOException {
        try (InputStream in = DeclaredMappingTest.class.getResourceAsStream("/legacy/lead-gen-mapping.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void the_lead_gen_mapping_file_maps_every_record_as_the_code_does() throws IOException {
        LegacyMapping declared = LegacyMapping.fromJson(file());
        LegacyMapping code = LeadGenFixture.mapping("lead-gen-2019");
        assertThat(declared.namespace()).contains("lead-gen-2019");
        assertThat(declared.description()).startsWith(code.description()).contains("file sha-256");
        Instant at = Instant.parse("2026-03-01T09:30:00Z");
        RecordMapper fromFile = new RecordMapper(declared, LegacyIds.namespace("lead-gen-2019"), at);
        RecordMapper fromCode = new RecordMapper(code, LegacyIds.namespace("lead-gen-2019"), at);
        ListSource source = LeadGenFixture.source(false);
        int mapped = 0;
        int failed = 0;
        for (String collection : source.collections()) {
            for (SourceRecord record : source.read(collection, null, 10_000).records()) {
                MappingResult expected = fromCode.map(record);
                MappingResult actual = fromFile.map(record);
                if (expected instanceof MappedRecord m) {
                    assertThat(actual).as(record.legacyId()).isEqualTo(m);
                    mapped++;
                } else {
                    MappingFailure e = (MappingFailure) expected;
                    assertThat(actual).as(record.legacyId()).isInstanceOfSatisfying(MappingFailure.class, a -> {
                        assertThat(a.field()).isEqualTo(e.field());
                        assertThat(a.rule()).isEqualTo(e.rule());
                        assertThat(a.rawValue()).isEqualTo(e.rawValue());
                    });
                    failed++;
                }
            }
        }
        assertThat(mapped).isEqualTo(LeadGenFixture.importable());
        assertThat(failed).isEqualTo(LeadGenFixture.rejected());
    }

    @Test
    void mistakes_in_a_mapping_file_are_refused_naming_their_place() {
        String head = "{\"format\":\"stowage-legacy-mapping\",\"version\":1,\"collections\":[{\"collection\":\"users\",";
        refused("{\"format\":\"other\"}", "format");
        refused("{\"format\":\"stowage-legacy-mapping\",\"version\":2}", "version");
        refused(head + "\"target\":\"orders\",\"fields\":{}}]}", "collections[0].target");
        refused(head + "\"target\":\"contacts\",\"fields\":{\"nickname\":{\"from\":\"n\"}}}]}",
                "collections[0].fields.nickname");
        // A timestamp without a declared unit is not guessed.
        refused(head + "\"target\":\"contacts\",\"fields\":{\"createdAt\":{\"from\":\"c\"}}}]}",
                "collections[0].fields.createdAt.convert");
        refused(head + "\"target\":\"contacts\",\"fields\":{\"createdAt\":{\"from\":\"c\",\"convert\":\"integer\"}}}]}",
                "collections[0].fields.createdAt.convert");
        refused(head + "\"target\":\"contacts\",\"fields\":{\"notes\":{\"from\":\"c\",\"convert\":\"epoch-minutes\"}}}]}",
                "collections[0].fields.notes.convert");
        refused(head + "\"target\":\"contacts\",\"fields\":{\"createdAt\":{\"from\":\"c\",\"convert\":\"iso-local-datetime\"}}}]}",
                "collections[0].fields.createdAt.zone");
        refused(head + "\"target\":\"credit-accounts\",\"totals\":\"guess\",\"fields\":{}}]}", "collections[0].totals");
        refused("{\"format\":\"stowage-legacy-mapping\",\"version\":1,\"collections\":[]}", "collections");
    }

    private static void refused(String json, String field) {
        assertThatThrownBy(() -> LegacyMapping.fromJson(json)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }
}
