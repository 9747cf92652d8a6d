package dev.stowage.postgres;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.StowageConfig;
import dev.stowage.spi.StoreBackend;

import java.time.Clock;
import java.util.Map;

/**
 * Opens the PostgreSQL backend the way an application configures it: through
 * {@link Stowage#open} with {@code stowage.*} keys, found by {@link java.util.ServiceLoader}.
 */
final class ConfiguredBackend {

    private ConfiguredBackend() {
    }

    /**
     * @param schema the schema
     * @param clock  the store clock
     * @return the backend behind the opened stores (all three stores use it)
     */
    static StoreBackend open(String schema, Clock clock) {
        Stores stores = Stowage.open(StowageConfig.of(Map.of(
                "stowage.backend", "postgres",
                "stowage.postgres.url", TestDatabase.url(),
                "stowage.postgres.schema", schema,
                "stowage.postgres.migration", "migrate",
                "stowage.postgres.pool.max-size", "4",
                "stowage.postgres.pool.min-idle", "0",
                "stowage.postgres.statement-timeout", "30s")), clock);
        if (stores.backends().size() != 1 || !stores.contactsBackend().name().equals("postgres")) {
            throw new AssertionError("expected one postgres backend for every store, got " + stores);
        }
        return stores.contactsBackend();
    }
}
