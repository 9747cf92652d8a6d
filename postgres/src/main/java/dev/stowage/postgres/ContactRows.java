package dev.stowage.postgres;

import dev.stowage.contact.Address;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactStatus;
import dev.stowage.postgres.internal.schema.tables.records.ContactRecord;
import dev.stowage.support.Emails;
import org.jooq.Configuration;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.SelectField;
import org.jooq.impl.DefaultConfiguration;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import static dev.stowage.postgres.internal.schema.Tables.CONTACT;

/**
 * The one place a {@link Contact} meets a row of the {@code contact} table: the columns a
 * contact is read from, the record it is written as (with its derived search columns), and the
 * mapping back from a row, whether jOOQ delivered it as a {@link Record} or a pre-rendered
 * statement as a JDBC {@link ResultSet}. Both readers go through one mapping, so a new column is
 * added in one place.
 */
final class ContactRows {

    /** The columns a contact is read from (not the search columns, which are derived), in this order. */
    static final List<SelectField<?>> COLUMNS = List.of(CONTACT.ID, CONTACT.FIRST_NAME, CONTACT.LAST_NAME,
            CONTACT.EMAIL, CONTACT.PHONE, CONTACT.COMPANY, CONTACT.TITLE, CONTACT.ADDRESS, CONTACT.NOTES,
            CONTACT.STATUS, CONTACT.TAGS, CONTACT.CUSTOM_FIELDS, CONTACT.SOURCE, CONTACT.SOURCE_ID,
            CONTACT.CREATED_AT, CONTACT.UPDATED_AT, CONTACT.VERSION);

    private ContactRows() {
    }

    /**
     * @param row a row of {@link #COLUMNS} read through jOOQ
     * @return the contact
     */
    static Contact contact(Record row) {
        try {
            return contact(new Row() {
                @Override
                public <T> T get(Field<T> column) {
                    return row.get(column);
                }
            });
        } catch (SQLException impossible) {
            throw new IllegalStateException("a jOOQ record is read without JDBC", impossible);
        }
    }

    /**
     * @param row a JDBC result set positioned on a row of {@link #COLUMNS}, in their order
     * @return the contact
     * @throws SQLException if a column cannot be read
     */
    static Contact contact(ResultSet row) throws SQLException {
        return contact(new Row() {
            @Override
            public <T> T get(Field<T> column) throws SQLException {
                return RenderedStatement.column(row, COLUMNS.indexOf(column) + 1, column.getType());
            }
        });
    }

    /** The mapping itself, from whichever row type. */
    private static Contact contact(Row row) throws SQLException {
        return new Contact(
                row.get(CONTACT.ID),
                row.get(CONTACT.FIRST_NAME),
                row.get(CONTACT.LAST_NAME),
                row.get(CONTACT.EMAIL),
                row.get(CONTACT.PHONE),
                row.get(CONTACT.COMPANY),
                row.get(CONTACT.TITLE),
                address(row.get(CONTACT.ADDRESS)),
                row.get(CONTACT.NOTES),
                ContactStatus.valueOf(row.get(CONTACT.STATUS)),
                Set.of(row.get(CONTACT.TAGS)),
                JsonCodec.decode(row.get(CONTACT.CUSTOM_FIELDS), "customFields"),
                row.get(CONTACT.SOURCE),
                row.get(CONTACT.SOURCE_ID),
                row.get(CONTACT.CREATED_AT),
                row.get(CONTACT.UPDATED_AT),
                row.get(CONTACT.VERSION));
    }

    /** Attached to records while {@link #record} fills them; it never runs anything. */
    private static final Configuration SETTERS = new DefaultConfiguration().set(SQLDialect.POSTGRES);

    /**
     * @param tenant  the tenant the row belongs to
     * @param contact the contact
     * @return every column of its row, the derived ones (normalized email, search tokens) included
     */
    static ContactRecord record(String tenant, Contact contact) {
        ContactRecord record = new ContactRecord();
        // A detached record's primary-key setters copy jOOQ's default settings on every call.
        record.attach(SETTERS);
        record.setTenantId(tenant);
        record.setId(contact.id());
        record.setFirstName(contact.firstName());
        record.setLastName(contact.lastName());
        record.setEmail(contact.email());
        record.setEmailNormalized(Emails.normalize(contact.email()));
        record.setPhone(contact.phone());
        record.setCompany(contact.company());
        record.setTitle(contact.title());
        record.setAddress(address(contact.address()));
        record.setNotes(contact.notes());
        record.setStatus(contact.status().name());
        record.setTags(contact.tags().toArray(String[]::new));
        record.setCustomFields(JsonCodec.encode(contact.customFields()));
        record.setSource(contact.source());
        record.setSourceId(contact.sourceId());
        record.setSearchTokens(ContactQuery.searchTokens(contact).toArray(String[]::new));
        record.setCreatedAt(contact.createdAt());
        record.setUpdatedAt(contact.updatedAt());
        record.setVersion(contact.version());
        record.detach();
        return record;
    }

    private static JSONB address(Address address) {
        return address == null ? null : JsonCodec.encode(address.parts());
    }

    private static Address address(JSONB json) {
        return Address.fromParts(JsonCodec.decode(json, "address"));
    }

    /** One column of the current row, read by its typed jOOQ field. */
    private interface Row {
        <T> T get(Field<T> column) throws SQLException;
    }
}
