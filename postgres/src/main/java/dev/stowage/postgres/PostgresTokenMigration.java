package dev.stowage.postgres;

import dev.stowage.ImportResult;
import dev.stowage.exception.ConflictException;
import dev.stowage.postgres.internal.schema.tables.records.RefreshFamilyRecord;
import dev.stowage.postgres.internal.schema.tables.records.RefreshTokenRecord;
import dev.stowage.postgres.internal.schema.tables.records.RevokedAccessTokenRecord;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RefreshTokenState;
import dev.stowage.token.RevokedAccessToken;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.Record3;
import org.jooq.Record4;
import org.jooq.ResultQuery;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.stowage.postgres.internal.schema.Tables.REFRESH_FAMILY;
import static dev.stowage.postgres.internal.schema.Tables.REFRESH_TOKEN;
import static dev.stowage.postgres.internal.schema.Tables.REVOKED_ACCESS_TOKEN;

/**
 * The migration side of {@link PostgresTokenStore}: scans and imports of refresh-token families
 * and of the access-token denylist. Scans are single statements (one snapshot); imports run in
 * one transaction that locks the families they merge into, checks for conflicts, then upserts
 * with {@code ON CONFLICT} rules that only ever add: a token becomes used, a family revoked, an
 * expiry later. Bulk rows travel as arrays ({@link UnnestInsert}); these statements run once per
 * batch, so they are rendered per call rather than when the backend opens.
 */
final class PostgresTokenMigration {

    private static final List<Field<?>> FAMILY_IMPORT_COLUMNS = List.of(REFRESH_FAMILY.FAMILY_ID,
            REFRESH_FAMILY.SUBJECT, REFRESH_FAMILY.CREATED_AT, REFRESH_FAMILY.EXPIRES_AT, REFRESH_FAMILY.REVOKED);
    private static final List<Field<?>> TOKEN_IMPORT_COLUMNS = List.of(REFRESH_TOKEN.TOKEN_HASH, REFRESH_TOKEN.ID,
            REFRESH_TOKEN.FAMILY_ID, REFRESH_TOKEN.SUBJECT, REFRESH_TOKEN.ISSUED_AT, REFRESH_TOKEN.EXPIRES_AT,
            REFRESH_TOKEN.USED);
    private static final List<Field<?>> DENIAL_IMPORT_COLUMNS = List.of(REVOKED_ACCESS_TOKEN.JTI,
            REVOKED_ACCESS_TOKEN.EXPIRES_AT);

    private final Database db;
    private final String tenant;

    /**
     * @param db     the shared database edge
     * @param tenant the tenant every statement is bound to
     */
    PostgresTokenMigration(Database db, String tenant) {
        this.db = db;
        this.tenant = tenant;
    }

    // ---------------------------------------------------------------- refresh-token families

    /** @see dev.stowage.spi.AbstractTokenStore#readFamilies */
    List<RefreshFamily> readFamilies(UUID afterFamilyId, int limit) {
        Instant now = db.now();
        return db.read("tokens.scanRefreshFamilies", dsl -> {
            // The page of live families and their live tokens in one statement, so one snapshot.
            Table<Record4<UUID, String, Instant, Boolean>> page = dsl.select(REFRESH_FAMILY.FAMILY_ID, REFRESH_FAMILY.SUBJECT, REFRESH_FAMILY.CREATED_AT,
                            REFRESH_FAMILY.REVOKED)
                    .from(REFRESH_FAMILY)
                    .where(REFRESH_FAMILY.TENANT_ID.eq(tenant), REFRESH_FAMILY.EXPIRES_AT.gt(now),
                            afterFamilyId == null ? DSL.noCondition() : REFRESH_FAMILY.FAMILY_ID.gt(afterFamilyId))
                    .orderBy(REFRESH_FAMILY.FAMILY_ID)
                    .limit(limit)
                    .asTable("page");
            Field<UUID> familyId = page.field(REFRESH_FAMILY.FAMILY_ID);
            Map<UUID, List<RefreshTokenState>> tokens = new LinkedHashMap<>();
            Map<UUID, Record> families = new HashMap<>();
            dsl.select(familyId, page.field(REFRESH_FAMILY.SUBJECT), page.field(REFRESH_FAMILY.CREATED_AT),
                            page.field(REFRESH_FAMILY.REVOKED), REFRESH_TOKEN.TOKEN_HASH, REFRESH_TOKEN.ID,
                            REFRESH_TOKEN.ISSUED_AT, REFRESH_TOKEN.EXPIRES_AT, REFRESH_TOKEN.USED)
                    .from(page)
                    .join(REFRESH_TOKEN).on(REFRESH_TOKEN.TENANT_ID.eq(tenant), REFRESH_TOKEN.FAMILY_ID.eq(familyId))
                    .where(REFRESH_TOKEN.EXPIRES_AT.gt(now))
                    .orderBy(familyId)
                    .forEach(row -> {
                        UUID id = row.get(familyId);
                        families.putIfAbsent(id, row);
                        tokens.computeIfAbsent(id, k -> new ArrayList<>()).add(new RefreshTokenState(
                                row.get(REFRESH_TOKEN.TOKEN_HASH), row.get(REFRESH_TOKEN.ID),
                                row.get(REFRESH_TOKEN.ISSUED_AT), row.get(REFRESH_TOKEN.EXPIRES_AT),
                                row.get(REFRESH_TOKEN.USED)));
                    });
            List<RefreshFamily> scanned = new ArrayList<>(tokens.size());
            tokens.forEach((id, states) -> {
                Record family = families.get(id);
                scanned.add(new RefreshFamily(id, family.get(page.field(REFRESH_FAMILY.SUBJECT)),
                        family.get(page.field(REFRESH_FAMILY.CREATED_AT)), family.get(page.field(REFRESH_FAMILY.REVOKED)),
                        states));
            });
            return scanned;
        });
    }

    /** @see dev.stowage.spi.AbstractTokenStore#mergeFamilies */
    ImportResult mergeFamilies(List<RefreshFamily> live) {
        Instant now = db.now();
        List<RefreshFamilyRecord> familyRows = new ArrayList<>();
        List<RefreshTokenRecord> tokenRows = new ArrayList<>();
        for (RefreshFamily family : live) {
            familyRows.add(new RefreshFamilyRecord(tenant, family.familyId(), family.subject(), family.createdAt(),
                    family.expiresAt(), family.revoked()));
            for (RefreshTokenState token : family.tokens()) {
                tokenRows.add(new RefreshTokenRecord(tenant, token.tokenHash(), token.id(), family.familyId(),
                        family.subject(), token.issuedAt(), token.expiresAt(), token.used()));
            }
        }
        return db.transaction("tokens.importRefreshFamilies", dsl -> {
            Map<UUID, Record3<UUID, String, Instant>> existing = lockFamilies(dsl, live);
            checkConflicts(dsl, live, existing);
            Set<UUID> changed = new HashSet<>(upsertFamilies(dsl, familyRows));
            changed.addAll(upsertTokens(dsl, tokenRows));
            int inserted = 0;
            int updated = 0;
            for (RefreshFamily family : live) {
                Record3<UUID, String, Instant> before = existing.get(family.familyId());
                if (before == null || !before.value3().isAfter(now)) {
                    inserted++;
                } else if (changed.contains(family.familyId())) {
                    updated++;
                }
            }
            return new ImportResult(inserted, updated, live.size() - inserted - updated);
        });
    }

    /** Locks the families an import merges into (and reads their subject and expiry). */
    private Map<UUID, Record3<UUID, String, Instant>> lockFamilies(DSLContext dsl, List<RefreshFamily> families) {
        UUID[] ids = families.stream().map(RefreshFamily::familyId).toArray(UUID[]::new);
        Map<UUID, Record3<UUID, String, Instant>> existing = new HashMap<>();
        dsl.select(REFRESH_FAMILY.FAMILY_ID, REFRESH_FAMILY.SUBJECT, REFRESH_FAMILY.EXPIRES_AT)
                .from(REFRESH_FAMILY)
                .where(REFRESH_FAMILY.TENANT_ID.eq(tenant),
                        REFRESH_FAMILY.FAMILY_ID.eq(DSL.any(DSL.val(ids, SQLDataType.UUID.array()))))
                .orderBy(REFRESH_FAMILY.FAMILY_ID)
                .forUpdate()
                .forEach(row -> existing.put(row.value1(), row));
        return existing;
    }

    private void checkConflicts(DSLContext dsl, List<RefreshFamily> families,
                                Map<UUID, Record3<UUID, String, Instant>> existing) {
        Map<String, RefreshFamily> byHash = new HashMap<>();
        for (RefreshFamily family : families) {
            Record3<UUID, String, Instant> held = existing.get(family.familyId());
            if (held != null && !held.value2().equals(family.subject())) {
                throw new ConflictException(ConflictException.Reason.DUPLICATE_KEY, "refresh-token family "
                        + family.familyId() + " is held for another subject; nothing was imported");
            }
            family.tokens().forEach(token -> byHash.put(token.tokenHash(), family));
        }
        String[] hashes = byHash.keySet().toArray(String[]::new);
        dsl.select(REFRESH_TOKEN.TOKEN_HASH, REFRESH_TOKEN.ID, REFRESH_TOKEN.FAMILY_ID, REFRESH_TOKEN.ISSUED_AT,
                        REFRESH_TOKEN.EXPIRES_AT)
                .from(REFRESH_TOKEN)
                .where(REFRESH_TOKEN.TENANT_ID.eq(tenant),
                        REFRESH_TOKEN.TOKEN_HASH.eq(DSL.any(DSL.val(hashes, SQLDataType.VARCHAR.array()))))
                .forEach(row -> {
                    RefreshFamily family = byHash.get(row.value1());
                    RefreshTokenState token = family.tokens().stream()
                            .filter(candidate -> candidate.tokenHash().equals(row.value1())).findFirst().orElseThrow();
                    if (!row.value2().equals(token.id()) || !row.value3().equals(family.familyId())
                            || !row.value4().equals(token.issuedAt()) || !row.value5().equals(token.expiresAt())) {
                        throw new ConflictException(ConflictException.Reason.DUPLICATE_KEY, "a refresh token of family "
                                + family.familyId() + " is held with another id, family or lifetime; nothing was imported");
                    }
                });
    }

    /** @return the families inserted or changed (revoked, or a later expiry) */
    private List<UUID> upsertFamilies(DSLContext dsl, List<RefreshFamilyRecord> rows) {
        String[] names = UnnestInsert.parameterNames(FAMILY_IMPORT_COLUMNS);
        RenderedStatement upsert = RenderedStatement.render(dsl,
                UnnestInsert.insert(dsl, REFRESH_FAMILY, REFRESH_FAMILY.TENANT_ID, FAMILY_IMPORT_COLUMNS)
                        .onConflict(REFRESH_FAMILY.TENANT_ID, REFRESH_FAMILY.FAMILY_ID)
                        .doUpdate()
                        .set(REFRESH_FAMILY.REVOKED, DSL.field(DSL.condition(REFRESH_FAMILY.REVOKED)
                                .or(DSL.condition(DSL.excluded(REFRESH_FAMILY.REVOKED)))))
                        .set(REFRESH_FAMILY.EXPIRES_AT,
                                DSL.greatest(REFRESH_FAMILY.EXPIRES_AT, DSL.excluded(REFRESH_FAMILY.EXPIRES_AT)))
                        .where(DSL.condition(DSL.excluded(REFRESH_FAMILY.REVOKED)).and(REFRESH_FAMILY.REVOKED.isFalse())
                                .or(DSL.excluded(REFRESH_FAMILY.EXPIRES_AT).gt(REFRESH_FAMILY.EXPIRES_AT)))
                        .returningResult(REFRESH_FAMILY.FAMILY_ID),
                names);
        return db.fetchIn(dsl, upsert, row -> row.getObject(1, UUID.class),
                UnnestInsert.values(tenant, FAMILY_IMPORT_COLUMNS, rows));
    }

    /** @return the families of the tokens inserted or newly marked used */
    private List<UUID> upsertTokens(DSLContext dsl, List<RefreshTokenRecord> rows) {
        RenderedStatement upsert = RenderedStatement.render(dsl,
                UnnestInsert.insert(dsl, REFRESH_TOKEN, REFRESH_TOKEN.TENANT_ID, TOKEN_IMPORT_COLUMNS)
                        .onConflict(REFRESH_TOKEN.TENANT_ID, REFRESH_TOKEN.TOKEN_HASH)
                        .doUpdate()
                        .set(REFRESH_TOKEN.USED, DSL.inline(true))
                        .where(DSL.condition(DSL.excluded(REFRESH_TOKEN.USED)).and(REFRESH_TOKEN.USED.isFalse()))
                        .returningResult(REFRESH_TOKEN.FAMILY_ID),
                UnnestInsert.parameterNames(TOKEN_IMPORT_COLUMNS));
        return db.fetchIn(dsl, upsert, row -> row.getObject(1, UUID.class),
                UnnestInsert.values(tenant, TOKEN_IMPORT_COLUMNS, rows));
    }

    // ---------------------------------------------------------------- access-token denylist

    /** @see dev.stowage.spi.AbstractTokenStore#readDenials */
    List<RevokedAccessToken> readDenials(RevokedAccessToken after, int limit) {
        Instant now = db.now();
        return db.read("tokens.scanRevokedAccessTokens", dsl -> denialScan(dsl, after, limit, now)
                .fetch(row -> new RevokedAccessToken(row.value1(), row.value2())));
    }

    /** @return the denylist scan statement (package-private for the plan test) */
    ResultQuery<Record2<String, Instant>> denialScan(DSLContext dsl, RevokedAccessToken after, int limit, Instant now) {
        // jti is COLLATE "C" (V4), so the order is code point order and the scan index serves it.
        Condition position = after == null ? DSL.noCondition()
                : DSL.row(REVOKED_ACCESS_TOKEN.EXPIRES_AT, REVOKED_ACCESS_TOKEN.JTI).gt(after.expiresAt(), after.jti());
        return dsl.select(REVOKED_ACCESS_TOKEN.JTI, REVOKED_ACCESS_TOKEN.EXPIRES_AT)
                .from(REVOKED_ACCESS_TOKEN)
                .where(REVOKED_ACCESS_TOKEN.TENANT_ID.eq(tenant), REVOKED_ACCESS_TOKEN.EXPIRES_AT.gt(now), position)
                .orderBy(REVOKED_ACCESS_TOKEN.EXPIRES_AT, REVOKED_ACCESS_TOKEN.JTI)
                .limit(limit);
    }

    /** @see dev.stowage.spi.AbstractTokenStore#writeDenials */
    ImportResult writeDenials(List<RevokedAccessToken> live) {
        Instant now = db.now();
        String[] jtis = live.stream().map(RevokedAccessToken::jti).toArray(String[]::new);
        List<RevokedAccessTokenRecord> rows = live.stream()
                .map(entry -> new RevokedAccessTokenRecord(tenant, entry.jti(), entry.expiresAt())).toList();
        return db.transaction("tokens.importRevokedAccessTokens", dsl -> {
            // An expired denial no longer exists for any reader: remove it first, so the imported
            // one counts as inserted, as it would where expiry removes items natively.
            dsl.deleteFrom(REVOKED_ACCESS_TOKEN)
                    .where(REVOKED_ACCESS_TOKEN.TENANT_ID.eq(tenant),
                            REVOKED_ACCESS_TOKEN.JTI.eq(DSL.any(DSL.val(jtis, SQLDataType.VARCHAR.array()))),
                            REVOKED_ACCESS_TOKEN.EXPIRES_AT.le(now))
                    .execute();
            RenderedStatement upsert = RenderedStatement.render(dsl,
                    UnnestInsert.insert(dsl, REVOKED_ACCESS_TOKEN, REVOKED_ACCESS_TOKEN.TENANT_ID, DENIAL_IMPORT_COLUMNS)
                            .onConflict(REVOKED_ACCESS_TOKEN.TENANT_ID, REVOKED_ACCESS_TOKEN.JTI)
                            .doUpdate()
                            .set(REVOKED_ACCESS_TOKEN.EXPIRES_AT, DSL.excluded(REVOKED_ACCESS_TOKEN.EXPIRES_AT))
                            .where(REVOKED_ACCESS_TOKEN.EXPIRES_AT.lt(DSL.excluded(REVOKED_ACCESS_TOKEN.EXPIRES_AT)))
                            .returningResult(REVOKED_ACCESS_TOKEN.JTI, DSL.field("(xmax = 0)", Boolean.class)),
                    UnnestInsert.parameterNames(DENIAL_IMPORT_COLUMNS));
            List<Boolean> written = db.fetchIn(dsl, upsert, row -> row.getBoolean(2),
                    UnnestInsert.values(tenant, DENIAL_IMPORT_COLUMNS, rows));
            int inserted = (int) written.stream().filter(Boolean::booleanValue).count();
            int updated = written.size() - inserted;
            return new ImportResult(inserted, updated, live.size() - inserted - updated);
        });
    }
}
