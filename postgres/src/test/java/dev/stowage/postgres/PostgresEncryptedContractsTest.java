package dev.stowage.postgres;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.StowageConfig;
import dev.stowage.encryption.EncryptingBackend;
import dev.stowage.spi.StoreBackend;

import java.time.Clock;
import java.util.Base64;
import java.util.Map;

/**
 * Every contract against PostgreSQL opened through {@code Stowage.open} with credential
 * encryption configured ({@code stowage.tokens.encryption.*}).
 */
class PostgresEncryptedContractsTest extends PostgresDeploymentContracts {

    @Override
    protected StoreBackend openBackend(String schema, Clock clock) {
        Stores stores = Stowage.open(StowageConfig.of(Map.of(
                "stowage.backend", "postgres",
                "stowage.postgres.url", TestDatabase.url(),
                "stowage.postgres.schema", schema,
                "stowage.postgres.pool.max-size", "4",
                "stowage.postgres.pool.min-idle", "0",
                "stowage.tokens.encryption.active-key", "k2",
                "stowage.tokens.encryption.keys.k1", Base64.getEncoder().encodeToString(new byte[32]),
                "stowage.tokens.encryption.keys.k2", Base64.getEncoder().encodeToString(new byte[] {
                        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
                        27, 28, 29, 30, 31, 32}))), clock);
        if (!(stores.tokensBackend() instanceof EncryptingBackend) || stores.backends().size() != 1) {
            throw new AssertionError("expected one encrypting postgres backend for every store, got " + stores);
        }
        return stores.tokensBackend();
    }
}
