package dev.stowage.postgres;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.exception.StoreException;
import dev.stowage.postgres.internal.schema.tables.records.CredentialRecord;
import dev.stowage.spi.AbstractTokenStore;
import dev.stowage.spi.RefreshSuccessor;
import dev.stowage.support.Ids;
import dev.stowage.support.Timestamps;
import dev.stowage.token.Credential;
import dev.stowage.token.CredentialDraft;
import dev.stowage.token.IssuedRefreshToken;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RefreshToken;
import dev.stowage.token.RefreshTokenHasher;
import dev.stowage.token.RefreshTokens;
import dev.stowage.token.RevokedAccessToken;
import dev.stowage.token.RotationResult;
import dev.stowage.token.SubjectErasure;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Record1;
import org.jooq.Record2;
import org.jooq.Record3;
import org.jooq.Record8;
import org.jooq.ResultQuery;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.stowage.postgres.internal.schema.Tables.CREDENTIAL;
import static dev.stowage.postgres.internal.schema.Tables.REFRESH_FAMILY;
import static dev.stowage.postgres.internal.schema.Tables.REFRESH_TOKEN;
import static dev.stowage.postgres.internal.schema.Tables.REVOKED_ACCESS_TOKEN;

/**
 * {@link TokenStore} of one tenant in the {@code credential}, {@code refresh_family},
 * {@code refresh_token} and {@code revoked_access_token} tables. Expiry is decided by the
 * store's clock on every read ({@code expires_at > now}); {@link #purgeExpired()} reclaims the
 * rows in batches. A refresh token is rotated exactly once by a conditional
 * {@code UPDATE ... SET used = true WHERE NOT used}. The call rules (argument checks, hashing,
 * expiry on write) are {@link AbstractTokenStore}'s.
 */
final class PostgresTokenStore extends AbstractTokenStore {

    /** Rows deleted per purge statement, so a purge never holds many locks for long. */
    static final int PURGE_BATCH = 1_000;
    /** The columns a new refresh token is inserted with; used stays at its default, false. */
    private static final List<Field<?>> TOKEN_INSERT_COLUMNS = List.of(REFRESH_TOKEN.TENANT_ID, REFRESH_TOKEN.TOKEN_HASH,
            REFRESH_TOKEN.ID, REFRESH_TOKEN.FAMILY_ID, REFRESH_TOKEN.SUBJECT, REFRESH_TOKEN.ISSUED_AT,
            REFRESH_TOKEN.EXPIRES_AT);
    /** How often a rotation that raced with a concurrent change is classified again. */
    private static final int ROTATION_ATTEMPTS = 5;

    private static final List<SelectField<?>> CREDENTIAL_COLUMNS = RowMappers.CREDENTIAL_COLUMNS;

    private static final List<Field<?>> CREDENTIAL_INSERT_COLUMNS = List.of(CREDENTIAL.TENANT_ID, CREDENTIAL.SUBJECT,
            CREDENTIAL.PROVIDER, CREDENTIAL.ACCESS_TOKEN, CREDENTIAL.REFRESH_TOKEN, CREDENTIAL.ACCESS_TOKEN_EXPIRES_AT,
            CREDENTIAL.EXPIRES_AT, CREDENTIAL.SCOPES, CREDENTIAL.ACCOUNT_EMAIL, CREDENTIAL.METADATA,
            CREDENTIAL.CREATED_AT, CREDENTIAL.UPDATED_AT);

    /** The columns a credential import passes as arrays (the tenant is one value). */
    private static final List<Field<?>> CREDENTIAL_IMPORT_COLUMNS =
            CREDENTIAL_INSERT_COLUMNS.subList(1, CREDENTIAL_INSERT_COLUMNS.size());

    /** The caller-controlled credential columns, replaced by a put or a newer import. */
    private static final List<Field<?>> CREDENTIAL_VALUE_COLUMNS = List.of(CREDENTIAL.ACCESS_TOKEN,
            CREDENTIAL.REFRESH_TOKEN, CREDENTIAL.ACCESS_TOKEN_EXPIRES_AT, CREDENTIAL.EXPIRES_AT, CREDENTIAL.SCOPES,
            CREDENTIAL.ACCOUNT_EMAIL, CREDENTIAL.METADATA);

    private final Database db;
    private final Statements statements;
    private final String tenant;
    private final PostgresTokenMigration migration;

    /**
     * @param db         the shared database edge
     * @param statements the backend's pre-rendered statements
     * @param tenant     the tenant every statement is bound to
     * @param hasher     how refresh tokens are hashed
     */
    PostgresTokenStore(Database db, Statements statements, TenantId tenant, RefreshTokenHasher hasher) {
        super(db.clock(), hasher);
        this.db = db;
        this.statements = statements;
        this.tenant = tenant.value();
        this.migration = new PostgresTokenMigration(db, this.tenant);
    }

    /**
     * The hot token statements, rendered once per backend (see {@link RenderedStatement}): an
     * API checks the denylist and its refresh tokens on every request.
     */
    static final class Statements {
        private final RenderedStatement credential;
        private final RenderedStatement revoked;
        private final RenderedStatement refreshToken;
        private final RenderedStatement importCredentials;

        /**
         * @param dsl the backend's context
         */
        Statements(DSLContext dsl) {
            Param<Instant> now = DSL.param("now", CREDENTIAL.EXPIRES_AT);
            credential = RenderedStatement.render(dsl, dsl.select(CREDENTIAL_COLUMNS).from(CREDENTIAL)
                    .where(CREDENTIAL.TENANT_ID.eq(DSL.param("tenant", CREDENTIAL.TENANT_ID)),
                            CREDENTIAL.SUBJECT.eq(DSL.param("subject", CREDENTIAL.SUBJECT)),
                            CREDENTIAL.PROVIDER.eq(DSL.param("provider", CREDENTIAL.PROVIDER)),
                            CREDENTIAL.EXPIRES_AT.isNull().or(CREDENTIAL.EXPIRES_AT.gt(now))),
                    "tenant", "subject", "provider", "now");
            revoked = RenderedStatement.render(dsl, dsl.selectOne().from(REVOKED_ACCESS_TOKEN)
                    .where(REVOKED_ACCESS_TOKEN.TENANT_ID.eq(DSL.param("tenant", REVOKED_ACCESS_TOKEN.TENANT_ID)),
                            REVOKED_ACCESS_TOKEN.JTI.eq(DSL.param("jti", REVOKED_ACCESS_TOKEN.JTI)),
                            REVOKED_ACCESS_TOKEN.EXPIRES_AT.gt(DSL.param("now", REVOKED_ACCESS_TOKEN.EXPIRES_AT))),
                    "tenant", "jti", "now");
            refreshToken = RenderedStatement.render(dsl, dsl.select(RowMappers.REFRESH_TOKEN_COLUMNS)
                    .from(REFRESH_TOKEN).join(REFRESH_FAMILY)
                    .on(REFRESH_FAMILY.TENANT_ID.eq(REFRESH_TOKEN.TENANT_ID),
                            REFRESH_FAMILY.FAMILY_ID.eq(REFRESH_TOKEN.FAMILY_ID))
                    .where(REFRESH_TOKEN.TENANT_ID.eq(DSL.param("tenant", REFRESH_TOKEN.TENANT_ID)),
                            REFRESH_TOKEN.TOKEN_HASH.eq(DSL.param("hash", REFRESH_TOKEN.TOKEN_HASH)),
                            REFRESH_TOKEN.USED.isFalse(),
                            REFRESH_TOKEN.EXPIRES_AT.gt(DSL.param("now", REFRESH_TOKEN.EXPIRES_AT)),
                            REFRESH_FAMILY.REVOKED.isFalse()),
                    "tenant", "hash", "now");
            // Replaces only an older credential and keeps anything as new or newer; RETURNING
            // tells inserted rows (xmax = 0) from replaced ones, skipped rows return nothing.
            importCredentials = RenderedStatement.render(dsl,
                    UnnestInsert.insert(dsl, CREDENTIAL, CREDENTIAL.TENANT_ID, CREDENTIAL_IMPORT_COLUMNS)
                            .onConflict(CREDENTIAL.TENANT_ID, CREDENTIAL.SUBJECT, CREDENTIAL.PROVIDER)
                            .doUpdate()
                            .set(excludedValues())
                            .set(CREDENTIAL.CREATED_AT, DSL.excluded(CREDENTIAL.CREATED_AT))
                            .set(CREDENTIAL.UPDATED_AT, DSL.excluded(CREDENTIAL.UPDATED_AT))
                            .where(CREDENTIAL.UPDATED_AT.lt(DSL.excluded(CREDENTIAL.UPDATED_AT)))
                            .returningResult(CREDENTIAL.SUBJECT, DSL.field("(xmax = 0)", Boolean.class)),
                    UnnestInsert.parameterNames(CREDENTIAL_IMPORT_COLUMNS));
        }
    }

    // ---------------------------------------------------------------- credentials

    @Override
    protected Credential storeCredential(CredentialDraft draft) {
        Instant now = db.now();
        CredentialRecord values = credentialRecord(Credential.of(draft, now, now));
        // A replaced credential keeps its createdAt, unless it had expired: an expired credential
        // no longer exists for any reader, so the new one starts afresh.
        Field<Instant> createdAt = DSL.when(unexpired(now), CREDENTIAL.CREATED_AT).otherwise(DSL.excluded(CREDENTIAL.CREATED_AT));
        return db.write("tokens.putCredential", dsl -> dsl.insertInto(CREDENTIAL)
                .set(values)
                .onConflict(CREDENTIAL.TENANT_ID, CREDENTIAL.SUBJECT, CREDENTIAL.PROVIDER)
                .doUpdate()
                .set(excludedValues())
                .set(CREDENTIAL.CREATED_AT, createdAt)
                .set(CREDENTIAL.UPDATED_AT, DSL.excluded(CREDENTIAL.UPDATED_AT))
                .returningResult(CREDENTIAL_COLUMNS)
                .fetchOne(row -> RowMappers.credential(Row.of(row))));
    }

    @Override
    protected Optional<Credential> findCredential(String subject, String provider) {
        return db.fetch("tokens.credential", statements.credential, row -> RowMappers.credential(Row.of(row)), tenant,
                subject, provider, db.now()).stream().findFirst();
    }

    @Override
    protected boolean removeCredential(String subject, String provider) {
        Instant now = db.now();
        // An expired credential is removed too, but it no longer counted as present.
        return db.write("tokens.deleteCredential", dsl -> dsl.deleteFrom(CREDENTIAL)
                        .where(CREDENTIAL.TENANT_ID.eq(tenant), CREDENTIAL.SUBJECT.eq(subject),
                                CREDENTIAL.PROVIDER.eq(provider))
                        .returningResult(DSL.field(unexpired(now)))
                        .fetchOptional(0, Boolean.class))
                .orElse(false);
    }

    @Override
    protected List<Credential> listCredentials(String subject) {
        Instant now = db.now();
        return db.read("tokens.credentials", dsl -> dsl.select(CREDENTIAL_COLUMNS).from(CREDENTIAL)
                .where(CREDENTIAL.TENANT_ID.eq(tenant), CREDENTIAL.SUBJECT.eq(subject), unexpired(now))
                .orderBy(CREDENTIAL.PROVIDER)
                .fetch(row -> RowMappers.credential(Row.of(row))));
    }

    @Override
    protected List<Credential> findExpiringBefore(Instant bound, int limit) {
        Instant now = db.now();
        return db.read("tokens.credentialsExpiringBefore", dsl -> dsl.select(CREDENTIAL_COLUMNS).from(CREDENTIAL)
                .where(CREDENTIAL.TENANT_ID.eq(tenant), CREDENTIAL.ACCESS_TOKEN_EXPIRES_AT.lt(bound), unexpired(now))
                .orderBy(CREDENTIAL.ACCESS_TOKEN_EXPIRES_AT, CREDENTIAL.SUBJECT, CREDENTIAL.PROVIDER)
                .limit(limit)
                .fetch(row -> RowMappers.credential(Row.of(row))));
    }

    @Override
    protected List<Credential> readCredentials(String afterSubject, String afterProvider, int limit) {
        Condition position = afterSubject == null ? DSL.noCondition()
                : DSL.row(CREDENTIAL.SUBJECT, CREDENTIAL.PROVIDER).gt(afterSubject, afterProvider);
        Instant now = db.now();
        return db.read("tokens.scanCredentials", dsl -> dsl.select(CREDENTIAL_COLUMNS).from(CREDENTIAL)
                .where(CREDENTIAL.TENANT_ID.eq(tenant), position, unexpired(now))
                .orderBy(CREDENTIAL.SUBJECT, CREDENTIAL.PROVIDER)
                .limit(limit)
                .fetch(row -> RowMappers.credential(Row.of(row))));
    }

    @Override
    protected ImportResult writeCredentials(List<Credential> live) {
        Instant now = db.now();
        Object[] columns = UnnestInsert.values(tenant, CREDENTIAL_IMPORT_COLUMNS,
                live.stream().map(this::credentialRecord).toList());
        String[] subjects = live.stream().map(Credential::subject).toArray(String[]::new);
        String[] providers = live.stream().map(Credential::provider).toArray(String[]::new);
        return db.transaction("tokens.importCredentials", dsl -> {
            // An expired credential no longer exists for any reader: remove it first, so the
            // imported one counts as inserted, as it would where expiry removes items natively.
            Table<?> incoming = DSL.table("unnest({0}, {1})", DSL.val(subjects, SQLDataType.CLOB.array()),
                    DSL.val(providers, SQLDataType.CLOB.array())).as("incoming", "subject", "provider");
            dsl.deleteFrom(CREDENTIAL)
                    .using(incoming)
                    .where(CREDENTIAL.TENANT_ID.eq(tenant),
                            CREDENTIAL.SUBJECT.eq(DSL.field(DSL.name("incoming", "subject"), String.class)),
                            CREDENTIAL.PROVIDER.eq(DSL.field(DSL.name("incoming", "provider"), String.class)),
                            unexpired(now).not())
                    .execute();
            List<Boolean> written = db.fetchIn(dsl, statements.importCredentials, row -> row.getBoolean(2), columns);
            int inserted = (int) written.stream().filter(Boolean::booleanValue).count();
            int updated = written.size() - inserted;
            return new ImportResult(inserted, updated, live.size() - inserted - updated);
        });
    }

    private static Condition unexpired(Instant now) {
        return CREDENTIAL.EXPIRES_AT.isNull().or(CREDENTIAL.EXPIRES_AT.gt(now));
    }

    private static Map<Field<?>, Field<?>> excludedValues() {
        Map<Field<?>, Field<?>> assignments = new LinkedHashMap<>();
        for (Field<?> column : CREDENTIAL_VALUE_COLUMNS) {
            assignments.put(column, DSL.excluded(column));
        }
        return assignments;
    }

    private CredentialRecord credentialRecord(Credential credential) {
        CredentialRecord record = new CredentialRecord();
        record.setTenantId(tenant);
        record.setSubject(credential.subject());
        record.setProvider(credential.provider());
        record.setAccessToken(credential.accessToken());
        record.setRefreshToken(credential.refreshToken());
        record.setAccessTokenExpiresAt(credential.accessTokenExpiresAt());
        record.setExpiresAt(credential.expiresAt());
        record.setScopes(credential.scopes().toArray(String[]::new));
        record.setAccountEmail(credential.accountEmail());
        record.setMetadata(JsonCodec.encode(credential.metadata()));
        record.setCreatedAt(credential.createdAt());
        record.setUpdatedAt(credential.updatedAt());
        return record;
    }

    // ---------------------------------------------------------------- refresh tokens

    @Override
    protected IssuedRefreshToken issue(String subject, Duration ttl) {
        Instant now = db.now();
        RefreshToken token = new RefreshToken(Ids.timeOrdered(db.clock()), subject, Ids.timeOrdered(db.clock()), now,
                Timestamps.truncate(now.plus(ttl)));
        String value = RefreshTokens.newValue();
        String hash = hashOf(value);
        // The family and its first token in one statement.
        db.write("tokens.issueRefreshToken", dsl -> {
            CommonTableExpression<Record1<UUID>> family = DSL.name("family").as(dsl.insertInto(REFRESH_FAMILY)
                    .set(REFRESH_FAMILY.TENANT_ID, tenant)
                    .set(REFRESH_FAMILY.FAMILY_ID, token.familyId())
                    .set(REFRESH_FAMILY.SUBJECT, token.subject())
                    .set(REFRESH_FAMILY.CREATED_AT, token.issuedAt())
                    .set(REFRESH_FAMILY.EXPIRES_AT, token.expiresAt())
                    .returningResult(REFRESH_FAMILY.FAMILY_ID));
            return dsl.with(family)
                    .insertInto(REFRESH_TOKEN, TOKEN_INSERT_COLUMNS)
                    .select(DSL.select(DSL.val(tenant), DSL.val(hash), DSL.val(token.id()),
                                    family.field(REFRESH_FAMILY.FAMILY_ID), DSL.val(token.subject()),
                                    DSL.val(token.issuedAt(), REFRESH_TOKEN.ISSUED_AT),
                                    DSL.val(token.expiresAt(), REFRESH_TOKEN.EXPIRES_AT))
                            .from(family))
                    .execute();
        });
        return new IssuedRefreshToken(value, token);
    }

    @Override
    protected RotationResult rotate(String hash, RefreshSuccessor successor, Duration ttl) {
        for (int attempt = 1; ; attempt++) {
            Instant now = db.now();
            Instant expiresAt = Timestamps.truncate(now.plus(ttl));
            UUID id = Ids.timeOrdered(db.clock());
            Optional<Record2<UUID, String>> rotated = db.write("tokens.rotateRefreshToken",
                    dsl -> rotation(dsl, hash, now, id, successor.hash(), expiresAt).fetchOptional());
            if (rotated.isPresent()) {
                RefreshToken next = new RefreshToken(id, rotated.get().value2(), rotated.get().value1(), now, expiresAt);
                return new RotationResult.Rotated(new IssuedRefreshToken(successor.value(), next));
            }
            Optional<RefreshToken> replayed = successor.graceful() ? replayAnswer(hash, successor, now) : Optional.empty();
            if (replayed.isPresent()) {
                return new RotationResult.Rotated(successor.replayed(replayed.get()));
            }
            Optional<RotationResult.Reason> rejection = rejectionOf(hash, now);
            if (rejection.isPresent()) {
                return new RotationResult.Rejected(rejection.get());
            }
            if (attempt >= ROTATION_ATTEMPTS) {
                throw new StoreException("tokens.rotateRefreshToken: the token changed concurrently " + attempt
                        + " times in a row; retry later");
            }
        }
    }

    /**
     * One statement: marks the presented token used if it is unused, unexpired and its family is
     * not revoked; extends the family's expiry; inserts the successor in the same family. The
     * {@code NOT used} condition is re-checked on the latest row version, so of concurrent
     * rotations of one token exactly one returns a row.
     */
    private ResultQuery<Record2<UUID, String>> rotation(DSLContext dsl, String hash, Instant now, UUID id, String nextHash,
                                                        Instant expiresAt) {
        CommonTableExpression<Record2<UUID, String>> used = DSL.name("used").as(dsl.update(REFRESH_TOKEN)
                .set(REFRESH_TOKEN.USED, true)
                .from(REFRESH_FAMILY)
                .where(REFRESH_TOKEN.TENANT_ID.eq(tenant), REFRESH_TOKEN.TOKEN_HASH.eq(hash),
                        REFRESH_TOKEN.USED.isFalse(), REFRESH_TOKEN.EXPIRES_AT.gt(now),
                        REFRESH_FAMILY.TENANT_ID.eq(REFRESH_TOKEN.TENANT_ID),
                        REFRESH_FAMILY.FAMILY_ID.eq(REFRESH_TOKEN.FAMILY_ID), REFRESH_FAMILY.REVOKED.isFalse())
                .returningResult(REFRESH_TOKEN.FAMILY_ID, REFRESH_TOKEN.SUBJECT));
        Field<UUID> familyId = used.field(REFRESH_TOKEN.FAMILY_ID);
        CommonTableExpression<Record1<UUID>> extended = DSL.name("extended").as(dsl.update(REFRESH_FAMILY)
                .set(REFRESH_FAMILY.EXPIRES_AT, DSL.greatest(REFRESH_FAMILY.EXPIRES_AT, DSL.val(expiresAt, REFRESH_FAMILY.EXPIRES_AT)))
                .where(REFRESH_FAMILY.TENANT_ID.eq(tenant), REFRESH_FAMILY.FAMILY_ID.in(DSL.select(familyId).from(used)))
                .returningResult(REFRESH_FAMILY.FAMILY_ID));
        return dsl.with(used, extended)
                .insertInto(REFRESH_TOKEN, TOKEN_INSERT_COLUMNS)
                .select(DSL.select(DSL.val(tenant), DSL.val(nextHash), DSL.val(id), familyId,
                                used.field(REFRESH_TOKEN.SUBJECT), DSL.val(now, REFRESH_TOKEN.ISSUED_AT),
                                DSL.val(expiresAt, REFRESH_TOKEN.EXPIRES_AT))
                        .from(used))
                .returningResult(REFRESH_TOKEN.FAMILY_ID, REFRESH_TOKEN.SUBJECT);
    }

    /**
     * The grace period's answer to a used token presented again: the stored token under the
     * successor's hash, read in one statement with the presented token (used) and the family, if
     * {@link RefreshSuccessor#answersReplay} accepts it. A read suffices: the successor is inserted
     * by the statement that marks the presented token used, so both are seen together, and an
     * answer is the successor's state at this read (a later rotation of it is a later event).
     */
    private Optional<RefreshToken> replayAnswer(String hash, RefreshSuccessor successor, Instant now) {
        var presented = REFRESH_TOKEN.as("presented");
        var next = REFRESH_TOKEN.as("next");
        Optional<Record8<UUID, String, UUID, Instant, Instant, Boolean, UUID, Boolean>> row =
                db.read("tokens.rotateRefreshToken", dsl -> dsl.select(next.ID, next.SUBJECT, next.FAMILY_ID,
                                next.ISSUED_AT, next.EXPIRES_AT, next.USED, presented.FAMILY_ID, REFRESH_FAMILY.REVOKED)
                        .from(presented)
                        .join(next).on(next.TENANT_ID.eq(presented.TENANT_ID), next.TOKEN_HASH.eq(successor.hash()))
                        .join(REFRESH_FAMILY).on(REFRESH_FAMILY.TENANT_ID.eq(presented.TENANT_ID),
                                REFRESH_FAMILY.FAMILY_ID.eq(presented.FAMILY_ID))
                        .where(presented.TENANT_ID.eq(tenant), presented.TOKEN_HASH.eq(hash), presented.USED.isTrue())
                        .fetchOptional());
        return row.flatMap(r -> {
            RefreshToken stored = new RefreshToken(r.value1(), r.value2(), r.value3(), r.value4(), r.value5());
            return successor.answersReplay(stored, r.value7(), r.value6(), r.value8(), now)
                    ? Optional.of(stored) : Optional.empty();
        });
    }

    /**
     * Why a token that could not be rotated was rejected, in the documented order (unknown,
     * reused, revoked, expired). Reuse is detected by a write, not a read: one conditional
     * statement revokes the family of a used token and says whether there was one. Empty if the
     * token turned out rotatable or used in between (a concurrent change): the caller tries again.
     */
    private Optional<RotationResult.Reason> rejectionOf(String hash, Instant now) {
        int reused = db.write("tokens.rotateRefreshToken", dsl -> dsl.update(REFRESH_FAMILY)
                .set(REFRESH_FAMILY.REVOKED, true)
                .from(REFRESH_TOKEN)
                .where(REFRESH_TOKEN.TENANT_ID.eq(tenant), REFRESH_TOKEN.TOKEN_HASH.eq(hash), REFRESH_TOKEN.USED.isTrue(),
                        REFRESH_FAMILY.TENANT_ID.eq(REFRESH_TOKEN.TENANT_ID),
                        REFRESH_FAMILY.FAMILY_ID.eq(REFRESH_TOKEN.FAMILY_ID))
                .execute());
        if (reused > 0) {
            return Optional.of(RotationResult.Reason.REUSED);
        }
        Optional<Record3<Instant, Boolean, Boolean>> state = db.read("tokens.rotateRefreshToken",
                dsl -> dsl.select(REFRESH_TOKEN.EXPIRES_AT, REFRESH_TOKEN.USED, REFRESH_FAMILY.REVOKED)
                        .from(REFRESH_TOKEN).join(REFRESH_FAMILY)
                        .on(REFRESH_FAMILY.TENANT_ID.eq(REFRESH_TOKEN.TENANT_ID),
                                REFRESH_FAMILY.FAMILY_ID.eq(REFRESH_TOKEN.FAMILY_ID))
                        .where(REFRESH_TOKEN.TENANT_ID.eq(tenant), REFRESH_TOKEN.TOKEN_HASH.eq(hash))
                        .fetchOptional());
        if (state.isEmpty()) {
            return Optional.of(RotationResult.Reason.UNKNOWN);
        }
        if (state.get().value2()) {
            return Optional.empty();
        }
        if (state.get().value3()) {
            return Optional.of(RotationResult.Reason.REVOKED);
        }
        if (!state.get().value1().isAfter(now)) {
            return Optional.of(RotationResult.Reason.EXPIRED);
        }
        return Optional.empty();
    }

    @Override
    protected Optional<RefreshToken> findUsable(String hash) {
        return db.fetch("tokens.findRefreshToken", statements.refreshToken,
                row -> RowMappers.refreshToken(Row.of(row)), tenant, hash, db.now()).stream().findFirst();
    }

    @Override
    protected boolean revokeFamily(UUID familyId) {
        Instant now = db.now();
        return db.write("tokens.revokeRefreshFamily", dsl -> dsl.update(REFRESH_FAMILY)
                .set(REFRESH_FAMILY.REVOKED, true)
                .where(REFRESH_FAMILY.TENANT_ID.eq(tenant), REFRESH_FAMILY.FAMILY_ID.eq(familyId),
                        REFRESH_FAMILY.REVOKED.isFalse(), REFRESH_FAMILY.EXPIRES_AT.gt(now))
                .execute()) > 0;
    }

    @Override
    protected int revokeFamiliesOf(String subject) {
        Instant now = db.now();
        return db.write("tokens.revokeRefreshTokens", dsl -> dsl.update(REFRESH_FAMILY)
                .set(REFRESH_FAMILY.REVOKED, true)
                .where(REFRESH_FAMILY.TENANT_ID.eq(tenant), REFRESH_FAMILY.SUBJECT.eq(subject),
                        REFRESH_FAMILY.REVOKED.isFalse(), REFRESH_FAMILY.EXPIRES_AT.gt(now))
                .execute());
    }

    // ---------------------------------------------------------------- access-token denylist

    @Override
    protected void deny(String jti, Instant until) {
        // Revoking again keeps the later expiry; an expired entry is replaced.
        db.write("tokens.revokeAccessToken", dsl -> dsl.insertInto(REVOKED_ACCESS_TOKEN)
                .set(REVOKED_ACCESS_TOKEN.TENANT_ID, tenant)
                .set(REVOKED_ACCESS_TOKEN.JTI, jti)
                .set(REVOKED_ACCESS_TOKEN.EXPIRES_AT, until)
                .onConflict(REVOKED_ACCESS_TOKEN.TENANT_ID, REVOKED_ACCESS_TOKEN.JTI)
                .doUpdate()
                .set(REVOKED_ACCESS_TOKEN.EXPIRES_AT,
                        DSL.greatest(REVOKED_ACCESS_TOKEN.EXPIRES_AT, DSL.excluded(REVOKED_ACCESS_TOKEN.EXPIRES_AT)))
                .execute());
    }

    @Override
    protected boolean isDenied(String jti) {
        return !db.fetch("tokens.isAccessTokenRevoked", statements.revoked, row -> Boolean.TRUE, tenant, jti, db.now())
                .isEmpty();
    }

    // ---------------------------------------------------------------- purge

    @Override
    protected long purge() {
        Instant now = db.now();
        long removed = purge(CREDENTIAL, CREDENTIAL.TENANT_ID, CREDENTIAL.EXPIRES_AT, now, CREDENTIAL.SUBJECT,
                CREDENTIAL.PROVIDER);
        removed += purge(REVOKED_ACCESS_TOKEN, REVOKED_ACCESS_TOKEN.TENANT_ID, REVOKED_ACCESS_TOKEN.EXPIRES_AT, now,
                REVOKED_ACCESS_TOKEN.JTI);
        removed += purge(REFRESH_TOKEN, REFRESH_TOKEN.TENANT_ID, REFRESH_TOKEN.EXPIRES_AT, now, REFRESH_TOKEN.TOKEN_HASH);
        // A family expires with its last token, which was just removed; families are bookkeeping
        // and not counted as items.
        purge(REFRESH_FAMILY, REFRESH_FAMILY.TENANT_ID, REFRESH_FAMILY.EXPIRES_AT, now, REFRESH_FAMILY.FAMILY_ID);
        return removed;
    }

    // ---------------------------------------------------------------- migration (PostgresTokenMigration)

    @Override
    protected List<RefreshFamily> readFamilies(UUID afterFamilyId, int limit) {
        return migration.readFamilies(afterFamilyId, limit);
    }

    @Override
    protected ImportResult mergeFamilies(List<RefreshFamily> families) {
        return migration.mergeFamilies(families);
    }

    @Override
    protected List<RevokedAccessToken> readDenials(RevokedAccessToken after, int limit) {
        return migration.readDenials(after, limit);
    }

    @Override
    protected ImportResult writeDenials(List<RevokedAccessToken> entries) {
        return migration.writeDenials(entries);
    }

    /**
     * Deletes the tenant's rows of {@code table} expired at {@code now}, {@value #PURGE_BATCH} per
     * statement, each batch its own short statement.
     */
    private long purge(Table<?> table, Field<String> tenantColumn, Field<Instant> expiresAt, Instant now, Field<?>... key) {
        long removed = 0;
        while (true) {
            int deleted = db.write("tokens.purgeExpired", dsl -> dsl.deleteFrom(table)
                    .where(tenantColumn.eq(tenant), DSL.row(key).in(DSL.select(key).from(table)
                            .where(tenantColumn.eq(tenant), expiresAt.le(now))
                            .limit(PURGE_BATCH)))
                    .execute());
            removed += deleted;
            if (deleted < PURGE_BATCH) {
                return removed;
            }
        }
    }

    // Erasure (PostgresErasure)

    @Override
    protected SubjectErasure removeSubject(String subject) {
        return PostgresErasure.subject(db, tenant, subject);
    }
}
