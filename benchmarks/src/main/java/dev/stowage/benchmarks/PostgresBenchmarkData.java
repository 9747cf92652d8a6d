package dev.stowage.benchmarks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.stowage.TenantId;
import dev.stowage.contact.Address;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactStatus;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The contacts of the PostgreSQL benchmarks, made from their number alone (so every fork sees the
 * same rows), bulk-loaded with {@code COPY}, and the raw side's row decoding.
 * <p>
 * Contact {@code n} of a tenant of {@code size} has one of 40 first names, 500 last names, 20
 * email domains and 1,000 companies, a unique email word, notes of two of 30 topics and one of
 * ten segment tags. {@link #RARE_WORD} is in the notes of {@link #RARE_WORD_MATCHES} contacts
 * and {@link #RARE_TAG} on {@link #RARE_TAG_MATCHES}, whatever the tenant's size, so a search's
 * cost can be seen to follow its matches. A <em>crowded</em> tenant (the neighbours of a small
 * one) has both on every tenth contact, so a search that read other tenants' matches would show.
 */
final class PostgresBenchmarkData {

    /** The free-text word of the searches. */
    static final String RARE_WORD = "needle";
    /** The tag of the tag searches. */
    static final String RARE_TAG = "vip";
    /** How many contacts of a (not crowded) tenant hold {@link #RARE_WORD}. */
    static final int RARE_WORD_MATCHES = 10;
    /** How many contacts of a (not crowded) tenant carry {@link #RARE_TAG}. */
    static final int RARE_TAG_MATCHES = 100;

    /** The columns the raw side reads, in the order {@link #contact(ResultSet)} expects. */
    static final String COLUMNS = "id, first_name, last_name, email, phone, company, title, address, notes, status,"
            + " tags, custom_fields, source, source_id, created_at, updated_at, version";

    private static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
    private static final ObjectReader JSON_OBJECT = new ObjectMapper().readerFor(new TypeReference<Map<String, Object>>() {
    });

    private PostgresBenchmarkData() {
    }

    /**
     * @param n       the contact's number in its tenant, 0-based
     * @param size    the tenant's size
     * @param crowded whether the rare word and tag are common in this tenant (every tenth contact)
     * @param salt    distinguishes the ids of the tenants of one table
     * @return the contact
     */
    static Contact contact(int n, int size, boolean crowded, long salt) {
        boolean rareWord = every(n, crowded ? 10 : size / RARE_WORD_MATCHES, 7);
        boolean rareTag = every(n, crowded ? 10 : size / RARE_TAG_MATCHES, 3);
        ContactDraft.Builder draft = ContactDraft.builder("user" + n + "@domain" + (n % 20) + ".example")
                .firstName("first" + (n % 40))
                .lastName("last" + (n * 7 % 500))
                .company("company" + (n % 1_000))
                .notes("likes topic" + (n % 30) + " and topic" + (n * 11 % 30) + (rareWord ? " " + RARE_WORD : ""))
                .tags(rareTag ? List.of("segment" + (n % 10), RARE_TAG) : List.of("segment" + (n % 10)));
        Instant at = EPOCH.plusSeconds(n);
        return Contact.of(new UUID(salt, n), draft.build(), at, at, 1);
    }

    /** Whether n is one of every period-th numbers, counted from offset (everything if period < 2). */
    private static boolean every(int n, int period, int offset) {
        return period < 2 || n % period == offset % period;
    }

    /**
     * @param size    how many contacts
     * @param crowded as for {@link #contact}
     * @param salt    as for {@link #contact}
     * @return contacts 0 to size - 1
     */
    static List<Contact> contacts(int size, boolean crowded, long salt) {
        List<Contact> contacts = new ArrayList<>(size);
        for (int n = 0; n < size; n++) {
            contacts.add(contact(n, size, crowded, salt));
        }
        return contacts;
    }

    /**
     * Loads a tenant with {@code COPY}, streamed in chunks so a million rows never sit in memory
     * at once.
     *
     * @param schema  the backend's schema, already migrated
     * @param tenant  the tenant
     * @param size    how many contacts
     * @param crowded as for {@link #contact}
     * @param salt    as for {@link #contact}
     */
    static void load(String schema, TenantId tenant, int size, boolean crowded, long salt) {
        try (Connection connection = BenchmarkServers.connect()) {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(CopyRows.statement(schema));
            try {
                for (int start = 0; start < size; start += 10_000) {
                    CopyRows rows = new CopyRows(tenant);
                    for (int n = start; n < Math.min(size, start + 10_000); n++) {
                        rows.add(contact(n, size, crowded, salt));
                    }
                    byte[] bytes = rows.bytes();
                    copy.writeToCopy(bytes, 0, bytes.length);
                }
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not load " + size + " contacts into " + schema + ": " + e.getMessage(), e);
        }
    }

    /**
     * The raw side's decoding of a row of {@link #COLUMNS}: the same contact the backend makes,
     * with the same JSON parsing of the address and custom fields.
     *
     * @param row a result set on a row
     * @return the contact
     * @throws SQLException if a column cannot be read
     */
    static Contact contact(ResultSet row) throws SQLException {
        String address = row.getString(8);
        return new Contact(row.getObject(1, UUID.class), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getString(6), row.getString(7),
                address == null ? null : Address.fromParts(json(address)), row.getString(9),
                ContactStatus.valueOf(row.getString(10)), Set.of((String[]) row.getArray(11).getArray()),
                json(row.getString(12)), row.getString(13), row.getString(14),
                row.getObject(15, OffsetDateTime.class).toInstant(), row.getObject(16, OffsetDateTime.class).toInstant(),
                row.getLong(17));
    }

    private static Map<String, Object> json(String text) {
        try {
            return JSON_OBJECT.readValue(text);
        } catch (IOException e) {
            throw new UncheckedIOException("a JSONB column holds a JSON object", e);
        }
    }
}
