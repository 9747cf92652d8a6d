package dev.stowage.postgres;

import dev.stowage.TenantId;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.TokenStore;

import java.util.Objects;

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
