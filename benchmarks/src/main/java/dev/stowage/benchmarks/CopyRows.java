package dev.stowage.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactQuery;
import dev.stowage.support.Emails;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The raw side of the copy benchmark: contacts rendered as the CSV input of a PostgreSQL
 * {@code COPY} into the {@code contact} table of the postgres backend's schema, with every column
 * exactly as the backend writes it (normalized email, search tokens, JSONB address and custom
 * fields), so that the rows read back equal to the contacts.
 */
final class CopyRows {

    /** The columns, in the order of each CSV line. */
    static final String COLUMNS = "tenant_id, id, first_name, last_name, email, email_normalized, phone, company, title,"
            + " address, notes, status, tags, custom_fields, source, source_id, search_tokens, created_at, updated_at,"
            + " version";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TenantId tenant;
    private final ByteArrayOutputStream rows = new ByteArrayOutputStream();
    private int count;

    CopyRows(TenantId tenant) {
        this.tenant = tenant;
    }

    /**
     * @param schema the backend's schema
     * @return the COPY statement for these rows
     */
    static String statement(String schema) {
        return "COPY \"" + schema + "\".contact (" + COLUMNS + ") FROM STDIN WITH (FORMAT csv)";
    }

    void add(Contact c) {
        StringJoiner line = new StringJoiner(",", "", "\n");
        line.add(text(tenant.value()));
        line.add(text(c.id().toString()));
        line.add(text(c.firstName()));
        line.add(text(c.lastName()));
        line.add(text(c.email()));
        line.add(text(Emails.normalize(c.email())));
        line.add(text(c.phone()));
        line.add(text(c.company()));
        line.add(text(c.title()));
        line.add(text(c.address() == null ? null : json(c.address().parts())));
        line.add(text(c.notes()));
        line.add(text(c.status().name()));
        line.add(text(array(c.tags())));
        line.add(text(json(c.customFields())));
        line.add(text(c.source()));
        line.add(text(c.sourceId()));
        line.add(text(array(ContactQuery.searchTokens(c))));
        line.add(text(c.createdAt().toString()));
        line.add(text(c.updatedAt().toString()));
        line.add(text(Long.toString(c.version())));
        rows.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
        count++;
    }

    byte[] bytes() {
        return rows.toByteArray();
    }

    int count() {
        return count;
    }

    /** A CSV field: quoted with doubled quotes; {@code null} is the empty unquoted field, NULL. */
    private static String text(String value) {
        return value == null ? "" : "\"" + value.replace("\"", "\"\"") + "\"";
    }

    /** A PostgreSQL array literal of quoted elements. */
    private static String array(Collection<String> values) {
        StringJoiner array = new StringJoiner(",", "{", "}");
        for (String value : values) {
            array.add("\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        return array.toString();
    }

    private static String json(Map<String, ?> object) {
        try {
            return JSON.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a canonical JSON object always serializes", e);
        }
    }
}
