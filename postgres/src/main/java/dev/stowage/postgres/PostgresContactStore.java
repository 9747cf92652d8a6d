package dev.stowage.postgres;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactSort;
import dev.stowage.contact.ContactStatus;
import dev.stowage.contact.SortDirection;
import dev.stowage.exception.ConflictException;
import dev.stowage.exception.StoreException;
import dev.stowage.postgres.internal.schema.tables.records.ContactRecord;
import dev.stowage.spi.AbstractContactStore;
import dev.stowage.support.Emails;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertOnDuplicateStep;
import org.jooq.JSONB;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.SelectField;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.conf.SettingsTools;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static dev.stowage.postgres.internal.schema.Tables.CONTACT;

/**
 * {@link dev.stowage.contact.ContactStore} of one tenant in the {@code contact} table. Every
 * operation is one statement (an import is one transaction of batched statements); optimistic
 * versions, the unique (source, source_id) index and {@code INSERT ... ON CONFLICT} make
 * concurrent writers safe without reading first. {@link AbstractContactStore} checks the
 * arguments and holds the shared rules; the statements here reproduce its revision rule in SQL.
 * Rows become contacts in {@link ContactRows}.
 */
final class PostgresContactStore extends AbstractContactStore {

    /**
     * The smallest import batch that tries the COPY straight into the table: it costs four round
     * trips (the EXISTS, the savepoint, the COPY, its release) against the staged path's three, so
     * a replication of one contact stays on the staged path, and a copy's batches gain.
     */
    private static final int DIRECT_COPY_MIN_BATCH = 32;

    /** How often an upsert that lost a race with a delete is run again. */
    private static final int UPSERT_ATTEMPTS = 5;

    /** The columns a contact is read from. */
    private static final List<SelectField<?>> COLUMNS = ContactRows.COLUMNS;

    /** The columns a caller controls; an upsert changes nothing when none of them differs. */
    private static final List<Field<?>> DRAFT_COLUMNS = List.of(CONTACT.FIRST_NAME, CONTACT.LAST_NAME, CONTACT.EMAIL,
            CONTACT.PHONE, CONTACT.COMPANY, CONTACT.TITLE, CONTACT.NOTES, CONTACT.STATUS, CONTACT.TAGS,
            CONTACT.SOURCE, CONTACT.SOURCE_ID);

    /** The columns derived from the caller's fields, rewritten with them. */
    private static final List<Field<?>> DERIVED_COLUMNS = List.of(CONTACT.EMAIL_NORMALIZED, CONTACT.SEARCH_TOKENS);

    /** Every column an insert writes; the generated search_vector is never written. */
    private static final List<Field<?>> INSERT_COLUMNS = List.of(CONTACT.TENANT_ID, CONTACT.ID, CONTACT.FIRST_NAME,
            CONTACT.LAST_NAME, CONTACT.EMAIL, CONTACT.EMAIL_NORMALIZED, CONTACT.PHONE, CONTACT.COMPANY, CONTACT.TITLE,
            CONTACT.ADDRESS, CONTACT.NOTES, CONTACT.STATUS, CONTACT.TAGS, CONTACT.CUSTOM_FIELDS, CONTACT.SOURCE,
            CONTACT.SOURCE_ID, CONTACT.SEARCH_TOKENS, CONTACT.CREATED_AT, CONTACT.UPDATED_AT, CONTACT.VERSION);

    /** The columns an import passes as arrays, one element per contact (the tenant is one value). */
    private static final List<Field<?>> IMPORT_COLUMNS = INSERT_COLUMNS.subList(1, INSERT_COLUMNS.size());

    /** The LAST_NAME sort key; the column is COLLATE "C", and the literal '' matches the index expression. */
    private static final Field<String> LAST_NAME_KEY = DSL.coalesce(CONTACT.LAST_NAME, DSL.inline(""));

    private final Database db;
    private final Statements statements;
    private final String tenant;

    /**
     * @param db         the shared database edge
     * @param statements the backend's pre-rendered statements
     * @param tenant     the tenant every statement is bound to
     */
    PostgresContactStore(Database db, Statements statements, TenantId tenant) {
        super(db.clock());
        this.db = db;
        this.statements = statements;
        this.tenant = tenant.value();
    }

    /** The hot contact statements, rendered once per backend (see {@link RenderedStatement}). */
    static final class Statements {
        private final RenderedStatement get;
        private final RenderedStatement importContacts;
        private final CopyStage importStage;
        private final RenderedStatement importStaged;
        private final RenderedStatement anyStored;
        private final String importCopy;
        /**
         * The context searches and counts run in: every value inlined, so the planner always
         * plans with the query's own words, tags and tenant. A bound tsquery or tag array invites
         * PostgreSQL's generic plan after five executions, which estimates every word at 0.5% of
         * the table and walks a large tenant's sort index (999,990 rows filtered for 10 matches)
         * instead of the tenant's GIN entries. jOOQ escapes the inlined literals.
         */
        private final DSLContext planned;

        /**
         * @param dsl the backend's context
         */
        Statements(DSLContext dsl) {
            // A copy: Settings.with... changes the settings it is called on.
            planned = dsl.configuration()
                    .derive(SettingsTools.clone(dsl.settings()).withStatementType(StatementType.STATIC_STATEMENT)).dsl();
            get = RenderedStatement.render(dsl, dsl.select(COLUMNS).from(CONTACT)
                    .where(CONTACT.TENANT_ID.eq(DSL.param("tenant", CONTACT.TENANT_ID)),
                            CONTACT.ID.eq(DSL.param("id", CONTACT.ID))), "tenant", "id");
            importContacts = RenderedStatement.render(dsl, importing(UnnestInsert.insert(dsl, CONTACT, CONTACT.TENANT_ID,
                    IMPORT_COLUMNS)), UnnestInsert.parameterNames(IMPORT_COLUMNS));
            importStage = new CopyStage("stowage_contact_import", IMPORT_COLUMNS);
            List<Field<?>> staged = new ArrayList<>();
            staged.add(DSL.param("tenant", CONTACT.TENANT_ID));
            IMPORT_COLUMNS.forEach(column -> staged.add(importStage.column(column)));
            importStaged = RenderedStatement.render(dsl, importing(dsl.insertInto(CONTACT, INSERT_COLUMNS)
                    .select(DSL.select(staged).from(importStage.table()))), "tenant");
            anyStored = RenderedStatement.render(dsl, dsl.select(DSL.field(DSL.exists(dsl.selectOne().from(CONTACT)
                    .where(CONTACT.TENANT_ID.eq(DSL.param("tenant", CONTACT.TENANT_ID)),
                            CONTACT.ID.eq(DSL.any(DSL.param("ids", SQLDataType.UUID.array()))))))), "tenant", "ids");
            importCopy = CopyStage.copyInto(dsl.render(CONTACT), INSERT_COLUMNS);
        }

        /**
         * The import's conflict rule, for the rows of the COPY staging table ({@link CopyStage})
         * or, on a connection of another driver, of one statement of fixed text
         * ({@link UnnestInsert}). A contact that exists is replaced only by a higher version;
         * RETURNING tells inserted rows ({@code xmax = 0}) from replaced ones, and skipped rows
         * return nothing.
         */
        private static Query importing(InsertOnDuplicateStep<ContactRecord> insert) {
            return insert
                    .onConflict(CONTACT.TENANT_ID, CONTACT.ID)
                    .doUpdate()
                    .set(excludedAssignments())
                    .set(CONTACT.CREATED_AT, DSL.excluded(CONTACT.CREATED_AT))
                    .set(CONTACT.UPDATED_AT, DSL.excluded(CONTACT.UPDATED_AT))
                    .set(CONTACT.VERSION, DSL.excluded(CONTACT.VERSION))
                    .where(CONTACT.VERSION.lt(DSL.excluded(CONTACT.VERSION)))
                    .returningResult(CONTACT.ID, DSL.field("(xmax = 0)", Boolean.class));
        }
    }

    @Override
    protected void insert(Contact contact) {
        try {
            db.write("contacts.create", dsl -> dsl.insertInto(CONTACT).set(record(contact)).execute());
        } catch (ConflictException taken) {
            throw sourceTaken(taken, contact.source(), contact.sourceId());
        }
    }

    @Override
    protected Optional<Contact> read(UUID id) {
        return db.fetch("contacts.get", statements.get, ContactRows::contact, tenant, id).stream().findFirst();
    }

    @Override
    protected Collection<Contact> readAll(Set<UUID> ids) {
        return db.read("contacts.getAll", dsl -> dsl.select(COLUMNS).from(CONTACT)
                .where(CONTACT.TENANT_ID.eq(tenant), CONTACT.ID.in(ids))
                .fetch(ContactRows::contact));
    }

    @Override
    protected Optional<Contact> readBySource(String source, String sourceId) {
        return db.read("contacts.findBySource", dsl -> sourceLookup(dsl, source, sourceId)
                .fetchOptional(ContactRows::contact));
    }

    /** The statement of {@link #findBySource}, served by the unique (tenant, source, source_id) index. */
    ResultQuery<Record> sourceLookup(DSLContext dsl, String source, String sourceId) {
        return dsl.select(COLUMNS).from(CONTACT)
                .where(CONTACT.TENANT_ID.eq(tenant), CONTACT.SOURCE.eq(source), CONTACT.SOURCE_ID.eq(sourceId));
    }

    @Override
    protected Collection<Contact> readByEmail(String normalizedEmail) {
        return db.read("contacts.findByEmail", dsl -> emailLookup(dsl, normalizedEmail).fetch(ContactRows::contact));
    }

    /** The statement of {@link #findByEmail}, served by the (tenant, email_normalized) index. */
    ResultQuery<Record> emailLookup(DSLContext dsl, String email) {
        return dsl.select(COLUMNS).from(CONTACT)
                .where(CONTACT.TENANT_ID.eq(tenant), CONTACT.EMAIL_NORMALIZED.eq(Emails.normalize(email)))
                .orderBy(CONTACT.CREATED_AT, CONTACT.ID);
    }

    @Override
    protected Contact applyUpdate(Update update) {
        UUID id = update.id();
        Instant now = now();
        ContactRecord values = record(Contact.of(id, update.changes(), now, now, 1));
        Optional<Contact> updated;
        try {
            updated = db.write("contacts.update", dsl -> dsl.update(CONTACT)
                    .set(draftAssignments(values))
                    .set(CONTACT.UPDATED_AT, notBeforeStored(now))
                    .set(CONTACT.VERSION, CONTACT.VERSION.plus(1L))
                    .where(CONTACT.TENANT_ID.eq(tenant), CONTACT.ID.eq(id), CONTACT.VERSION.eq(update.expectedVersion()))
                    .returningResult(COLUMNS)
                    .fetchOptional(ContactRows::contact));
        } catch (ConflictException taken) {
            throw sourceTaken(taken, update.changes().source(), update.changes().sourceId());
        }
        return updated.orElseThrow(() -> conflictAfterMiss(id, update.expectedVersion()));
    }

    @Override
    protected Contact upsert(ContactDraft draft) {
        for (int attempt = 1; ; attempt++) {
            ContactRecord values = record(newContact(draft));
            Instant now = values.getUpdatedAt();
            Optional<Contact> written = db.write("contacts.upsertBySource", dsl -> dsl.insertInto(CONTACT)
                    .set(values)
                    .onConflict(CONTACT.TENANT_ID, CONTACT.SOURCE, CONTACT.SOURCE_ID)
                    .doUpdate()
                    .set(excludedAssignments())
                    .set(CONTACT.UPDATED_AT, notBeforeStored(now))
                    .set(CONTACT.VERSION, CONTACT.VERSION.plus(1L))
                    .where(anyDraftColumnDiffers())
                    .returningResult(COLUMNS)
                    .fetchOptional(ContactRows::contact));
            if (written.isPresent()) {
                return written.get();
            }
            // The stored contact equals the draft, so nothing was written: return it as it is.
            Optional<Contact> unchanged = readBySource(draft.source(), draft.sourceId());
            if (unchanged.isPresent()) {
                return unchanged.get();
            }
            if (attempt >= UPSERT_ATTEMPTS) {
                throw new StoreException("contacts.upsertBySource: the contact with this (source, sourceId) was deleted"
                        + " concurrently " + attempt + " times in a row; retry later");
            }
        }
    }

    @Override
    protected boolean remove(UUID id, Long expectedVersion) {
        Condition version = expectedVersion == null ? DSL.noCondition() : CONTACT.VERSION.eq(expectedVersion);
        int deleted = db.write("contacts.delete", dsl -> dsl.deleteFrom(CONTACT)
                .where(CONTACT.TENANT_ID.eq(tenant), CONTACT.ID.eq(id), version)
                .execute());
        if (deleted > 0) {
            return true;
        }
        if (expectedVersion != null) {
            Optional<Long> stored = storedVersion(id);
            if (stored.isPresent()) {
                throw versionMismatch(id, expectedVersion, stored.get());
            }
        }
        return false;
    }

    @Override
    protected List<Contact> searchMatches(ContactQuery query) {
        return db.read("contacts.search", dsl -> searchPage(statements.planned, query).fetch(ContactRows::contact));
    }

    /**
     * The statement of {@link #search}: the filters, the keyset condition after the cursor, the
     * total order and one row more than the page, to know whether another page follows. Free
     * text and tags are served by the GIN indexes that lead with tenant_id (V5).
     */
    ResultQuery<Record> searchPage(DSLContext dsl, ContactQuery query) {
        Field<?> key = sortKey(query.sort());
        boolean ascending = query.direction() == SortDirection.ASC;
        Condition where = filters(query);
        ContactQuery.Position position = query.position();
        if (position != null) {
            where = where.and(after(key, position, ascending));
        }
        List<SortField<?>> order = ascending ? List.of(key.asc(), CONTACT.ID.asc()) : List.of(key.desc(), CONTACT.ID.desc());
        return dsl.select(COLUMNS).from(CONTACT)
                .where(where)
                .orderBy(order)
                .limit(query.limit() + 1);
    }

    /**
     * @return the context {@link #search} and {@link #count} render their statements in (values inlined)
     */
    DSLContext plannedContext() {
        return statements.planned;
    }

    @Override
    protected long countMatches(ContactQuery query) {
        Condition condition = filters(query);
        return db.read("contacts.count",
                dsl -> statements.planned.selectCount().from(CONTACT).where(condition).fetchOne(0, Long.class));
    }

    @Override
    protected List<Contact> scanAfter(UUID afterId, int limit) {
        Condition after = afterId == null ? DSL.noCondition() : CONTACT.ID.gt(afterId);
        return db.read("contacts.scan", dsl -> dsl.select(COLUMNS).from(CONTACT)
                .where(CONTACT.TENANT_ID.eq(tenant), after)
                .orderBy(CONTACT.ID)
                .limit(limit)
                .fetch(ContactRows::contact));
    }

    @Override
    protected ImportResult importBatch(List<Contact> batch) {
        List<ContactRecord> rows = batch.stream().map(this::record).toList();
        return db.transaction("contacts.importContacts", dsl -> {
            boolean copy = dsl.connectionResult(CopyStage::supports);
            if (copy && batch.size() >= DIRECT_COPY_MIN_BATCH && copiedAsNew(dsl, batch, rows)) {
                return new ImportResult(batch.size(), 0, 0);
            }
            if (batch.stream().anyMatch(contact -> contact.source() != null)) {
                releaseSourcesOfReplacedContacts(dsl, batch);
            }
            if (copy) {
                dsl.connection(connection -> statements.importStage.stage(connection, rows));
            }
            List<Boolean> written = copy
                    ? db.fetchIn(dsl, statements.importStaged, row -> row.getBoolean(2), tenant)
                    : db.fetchIn(dsl, statements.importContacts, row -> row.getBoolean(2),
                            UnnestInsert.values(tenant, IMPORT_COLUMNS, rows));
            int inserted = (int) written.stream().filter(Boolean::booleanValue).count();
            int updated = written.size() - inserted;
            return new ImportResult(inserted, updated, batch.size() - inserted - updated);
        });
    }

    /**
     * The common case of a copy into a new database: none of the batch's ids is stored, so every
     * contact is inserted, and one COPY straight into the table does it (about half the server's
     * work of the staged, guarded path). A unique violation on the way (a contact written
     * meanwhile, a source key held by another contact) undoes it and leaves the batch to the
     * guarded path, which gives the import's own answer.
     */
    private boolean copiedAsNew(DSLContext dsl, List<Contact> batch, List<ContactRecord> rows) {
        UUID[] ids = batch.stream().map(Contact::id).toArray(UUID[]::new);
        boolean stored = db.fetchIn(dsl, statements.anyStored, row -> row.getBoolean(1), tenant,
                new RenderedStatement.SqlArray("uuid", ids)).get(0);
        return !stored && dsl.connectionResult(connection -> CopyStage.copyUnlessTaken(connection, statements.importCopy,
                INSERT_COLUMNS, rows));
    }

    /**
     * First step of an import: the stored contacts the batch replaces give up their (source,
     * sourceId) for the rest of the transaction, so a batch may move source keys between its own
     * contacts (as the reference allows); the batch's rows then claim their keys, and a key still
     * held by a contact outside the batch fails the import with a unique violation.
     */
    private void releaseSourcesOfReplacedContacts(DSLContext dsl, List<Contact> batch) {
        UUID[] ids = new UUID[batch.size()];
        Long[] versions = new Long[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            ids[i] = batch.get(i).id();
            versions[i] = batch.get(i).version();
        }
        // Two array parameters, however large the batch.
        Table<?> replacing = DSL.table("unnest({0}, {1})", DSL.val(ids, SQLDataType.UUID.array()),
                DSL.val(versions, SQLDataType.BIGINT.array())).as("incoming", "id", "version");
        Field<UUID> incomingId = DSL.field(DSL.name("incoming", "id"), UUID.class);
        Field<Long> incomingVersion = DSL.field(DSL.name("incoming", "version"), Long.class);
        dsl.update(CONTACT)
                .set(CONTACT.SOURCE, (String) null)
                .set(CONTACT.SOURCE_ID, (String) null)
                .from(replacing)
                .where(CONTACT.TENANT_ID.eq(tenant), CONTACT.ID.eq(incomingId), CONTACT.VERSION.lt(incomingVersion),
                        CONTACT.SOURCE.isNotNull())
                .execute();
    }

    private Condition filters(ContactQuery query) {
        List<Condition> conditions = new ArrayList<>();
        conditions.add(CONTACT.TENANT_ID.eq(tenant));
        if (!query.statuses().isEmpty()) {
            conditions.add(CONTACT.STATUS.in(query.statuses().stream().map(ContactStatus::name).toList()));
        }
        if (!query.anyTags().isEmpty()) {
            conditions.add(DSL.condition("{0} && {1}", CONTACT.TAGS, tagArray(query.anyTags())));
        }
        if (!query.allTags().isEmpty()) {
            conditions.add(DSL.condition("{0} @> {1}", CONTACT.TAGS, tagArray(query.allTags())));
        }
        if (query.company() != null) {
            conditions.add(CONTACT.COMPANY.eq(query.company()));
        }
        if (query.updatedAfter() != null) {
            conditions.add(CONTACT.UPDATED_AT.gt(query.updatedAfter()));
        }
        if (query.text() != null) {
            conditions.add(DSL.condition("{0} @@ cast({1} as tsquery)", CONTACT.SEARCH_VECTOR,
                    DSL.val(allTokensQuery(query.textTokens()))));
        }
        return DSL.and(conditions);
    }

    /**
     * The keyset condition: strictly after the cursor's (key, id) in the query's direction. The
     * row comparison lets PostgreSQL walk the (tenant_id, key, id) index from the position.
     */
    private static <T> Condition after(Field<T> key, ContactQuery.Position position, boolean ascending) {
        Field<T> positionKey = DSL.val(key.getType().cast(position.key()), key);
        Field<UUID> positionId = DSL.val(position.id(), CONTACT.ID);
        return ascending
                ? DSL.row(key, CONTACT.ID).gt(DSL.row(positionKey, positionId))
                : DSL.row(key, CONTACT.ID).lt(DSL.row(positionKey, positionId));
    }

    private static Field<String[]> tagArray(Set<String> tags) {
        return DSL.val(tags.toArray(String[]::new), CONTACT.TAGS.getDataType());
    }

    /**
     * @param tokens query tokens (letters and digits only, see SearchText)
     * @return a tsquery matching documents holding every token as a whole lexeme; each token is
     *     quoted, so it is taken literally (no parsing, no stemming)
     */
    static String allTokensQuery(Set<String> tokens) {
        StringBuilder query = new StringBuilder();
        for (String token : tokens) {
            if (!query.isEmpty()) {
                query.append(" & ");
            }
            query.append('\'').append(token.replace("\\", "\\\\").replace("'", "''")).append('\'');
        }
        return query.toString();
    }

    private static Field<?> sortKey(ContactSort sort) {
        return switch (sort) {
            case UPDATED_AT -> CONTACT.UPDATED_AT;
            case CREATED_AT -> CONTACT.CREATED_AT;
            case LAST_NAME -> LAST_NAME_KEY;
        };
    }

    /**
     * A change's updatedAt: now, but never before the stored updatedAt, so a clock that steps
     * back cannot make a newer version look older.
     */
    private static Field<Instant> notBeforeStored(Instant now) {
        return DSL.greatest(CONTACT.UPDATED_AT, DSL.val(now, CONTACT.UPDATED_AT));
    }

    private Map<Field<?>, Object> draftAssignments(ContactRecord values) {
        Map<Field<?>, Object> assignments = new LinkedHashMap<>();
        for (Field<?> column : DRAFT_COLUMNS) {
            assignments.put(column, values.get(column));
        }
        assignments.put(CONTACT.ADDRESS, values.get(CONTACT.ADDRESS));
        assignments.put(CONTACT.CUSTOM_FIELDS, values.get(CONTACT.CUSTOM_FIELDS));
        for (Field<?> column : DERIVED_COLUMNS) {
            assignments.put(column, values.get(column));
        }
        return assignments;
    }

    private static Map<Field<?>, Field<?>> excludedAssignments() {
        Map<Field<?>, Field<?>> assignments = new LinkedHashMap<>();
        for (Field<?> column : DRAFT_COLUMNS) {
            assignments.put(column, DSL.excluded(column));
        }
        assignments.put(CONTACT.ADDRESS, DSL.excluded(CONTACT.ADDRESS));
        assignments.put(CONTACT.CUSTOM_FIELDS, DSL.excluded(CONTACT.CUSTOM_FIELDS));
        for (Field<?> column : DERIVED_COLUMNS) {
            assignments.put(column, DSL.excluded(column));
        }
        return assignments;
    }

    /**
     * JSONB equality treats 1.0 and 1.00 as equal, the model does not; comparing the canonical
     * text of JSONB (sorted keys, numbers with their scale) agrees with the model's equals.
     */
    private static Condition anyDraftColumnDiffers() {
        List<Condition> differences = new ArrayList<>();
        for (Field<?> column : DRAFT_COLUMNS) {
            differences.add(differs(column));
        }
        differences.add(jsonText(CONTACT.ADDRESS).isDistinctFrom(jsonText(DSL.excluded(CONTACT.ADDRESS))));
        differences.add(jsonText(CONTACT.CUSTOM_FIELDS).isDistinctFrom(jsonText(DSL.excluded(CONTACT.CUSTOM_FIELDS))));
        return DSL.or(differences);
    }

    private static <T> Condition differs(Field<T> column) {
        return column.isDistinctFrom(DSL.excluded(column));
    }

    private static Field<String> jsonText(Field<JSONB> json) {
        return json.cast(String.class);
    }

    private Optional<Long> storedVersion(UUID id) {
        return db.read("contacts.version", dsl -> dsl.select(CONTACT.VERSION).from(CONTACT)
                .where(CONTACT.TENANT_ID.eq(tenant), CONTACT.ID.eq(id))
                .fetchOptional(CONTACT.VERSION));
    }

    private ConflictException conflictAfterMiss(UUID id, long expectedVersion) {
        return storedVersion(id)
                .map(stored -> versionMismatch(id, expectedVersion, stored))
                .orElseGet(() -> missing(id));
    }

    /**
     * A unique violation of a contact write can only be the (source, sourceId) index (ids are
     * new or matched with ON CONFLICT), so it gets the one message of that conflict.
     */
    private static ConflictException sourceTaken(ConflictException violation, String source, String sourceId) {
        if (violation.reason() != ConflictException.Reason.DUPLICATE_KEY || source == null) {
            return violation;
        }
        ConflictException taken = duplicateSource(source, sourceId);
        taken.initCause(violation);
        return taken;
    }

    private ContactRecord record(Contact contact) {
        return ContactRows.record(tenant, contact);
    }
}
