package dev.stowage.postgres;

import dev.stowage.TenantId;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.TokenStore;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

import static dev.stowage.postgres.internal.schema.Tables.CONTACT;
import static dev.stowage.postgres.internal.schema.Tables.CREDENTIAL;
import static dev.stowage.postgres.internal.schema.Tables.CREDIT_ACCOUNT;
import static dev.stowage.postgres.internal.schema.Tables.REFRESH_FAMILY;
import static dev.stowage.postgres.internal.schema.Tables.REVOKED_ACCESS_TOKEN;

/**
 * The opened PostgreSQL backend: one connection pool (or a caller's DataSource) and one schema,
 * handing out lightweight stores bound to a tenant. Thread-safe.
 */
final class PostgresBackend implements StoreBackend {

    /** The backend's name in configuration. */
    static final String NAME = "postgres";

    private final Database db;
    private final AutoCloseable ownedPool;
    private final PostgresContactStore.Statements contactStatements;
    private final PostgresCreditStore.Statements creditStatements;
    private final PostgresTokenStore.Statements tokenStatements;

    /**
     * @param db        the database edge the stores share
     * @param ownedPool the pool this backend created and closes, or {@code null} for a caller's DataSource
     */
    PostgresBackend(Database db, AutoCloseable ownedPool) {
        this.db = db;
        this.ownedPool = ownedPool;
        this.contactStatements = new PostgresContactStore.Statements(db.dsl());
        this.creditStatements = new PostgresCreditStore.Statements(db.dsl());
        this.tokenStatements = new PostgresTokenStore.Statements(db.dsl());
    }

    /**
     * @return the database edge, for this package's tests (plans, connections)
     */
    Database database() {
        return db;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ContactStore contacts(TenantId tenant) {
        db.ensureOpen();
        return new PostgresContactStore(db, contactStatements, Objects.requireNonNull(tenant, "tenant"));
    }

    @Override
    public CreditStore credits(TenantId tenant) {
        db.ensureOpen();
        return new PostgresCreditStore(db, creditStatements, Objects.requireNonNull(tenant, "tenant"));
    }

    @Override
    public TokenStore tokens(TenantId tenant) {
        db.ensureOpen();
        return new PostgresTokenStore(db, tokenStatements, Objects.requireNonNull(tenant, "tenant"));
    }

    /**
     * The distinct tenants of every table that holds a tenant's records (refresh tokens and ledger
     * entries need their family and account), each found by a skip scan: a recursive query that
     * jumps from one tenant to the next larger one through the primary key, which leads with
     * {@code tenant_id}. It costs one index probe per tenant and table, whatever the row count.
     * Rows are deleted with their records, so a tenant whose records are all deleted is not listed
     * (expired rows not yet purged still count).
     *
     * @return the tenants, sorted by value
     */
    @Override
    public List<TenantId> tenants() {
        db.ensureOpen();
        return db.read("backend.tenants", dsl -> {
            TreeSet<TenantId> tenants = new TreeSet<>(Comparator.comparing(TenantId::value));
            List<Table<?>> tables = List.of(CONTACT, CREDIT_ACCOUNT, CREDENTIAL, REFRESH_FAMILY, REVOKED_ACCESS_TOKEN);
            List<Field<String>> columns = List.of(CONTACT.TENANT_ID, CREDIT_ACCOUNT.TENANT_ID, CREDENTIAL.TENANT_ID,
                    REFRESH_FAMILY.TENANT_ID, REVOKED_ACCESS_TOKEN.TENANT_ID);
            for (int i = 0; i < tables.size(); i++) {
                distinctTenants(dsl, tables.get(i), columns.get(i)).forEach(value -> tenants.add(TenantId.of(value)));
            }
            return List.copyOf(tenants);
        });
    }

    private static List<String> distinctTenants(DSLContext dsl, Table<?> table, Field<String> tenantColumn) {
        return tenantWalk(dsl, table, tenantColumn).fetch(Record1::value1);
    }

    /**
     * @return {@code WITH RECURSIVE t AS (min(tenant_id) UNION ALL the next larger one) SELECT ...}
     *     over {@code table} (package-private for the plan test)
     */
    static ResultQuery<Record1<String>> tenantWalk(DSLContext dsl, Table<?> table, Field<String> tenantColumn) {
        Field<String> current = DSL.field(DSL.name("t", "tenant_id"), String.class);
        CommonTableExpression<Record1<String>> walk = DSL.name("t").fields("tenant_id").as(
                DSL.select(DSL.min(tenantColumn)).from(table)
                        .unionAll(DSL.select(DSL.field(DSL.select(DSL.min(tenantColumn)).from(table)
                                        .where(tenantColumn.gt(current))))
                                .from(DSL.table(DSL.name("t")))
                                .where(current.isNotNull())));
        return dsl.withRecursive(walk).select(current).from(walk).where(current.isNotNull());
    }

    /**
     * Closes the pool this backend created (a DataSource passed in by the caller stays open).
     * Idempotent; every store call afterwards throws
     * {@link dev.stowage.exception.StoreClosedException}.
     */
    @Override
    public void close() {
        if (db.markClosed() && ownedPool != null) {
            try {
                ownedPool.close();
            } catch (Exception e) {
                throw new dev.stowage.exception.StoreException("closing the connection pool of " + db + " failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "PostgresBackend[" + db + "]";
    }
}
