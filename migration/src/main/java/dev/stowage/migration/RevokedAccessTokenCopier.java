package dev.stowage.migration;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.migration.checkpoint.PartitionSpec;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;
import dev.stowage.token.RevokedAccessToken;
import dev.stowage.token.TokenStore;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The access-token denylist: {@code scanRevokedAccessTokens} in {@link RevokedAccessToken#SCAN_ORDER}
 * (expiresAt, then jti), written with {@code importRevokedAccessTokens} (an expired entry is
 * skipped, an entry denied until a later instant on the target is left alone), so every revoked
 * jti stays revoked on the target until its expiry. One partition per tenant. Keys and positions
 * are the JSON array {@code ["expiresAt","jti"]}.
 */
final class RevokedAccessTokenCopier implements Copier<RevokedAccessToken> {

    private static final String SHAPE = "[expiresAt, jti]";

    @Override
    public RecordKind kind() {
        return RecordKind.REVOKED_ACCESS_TOKENS;
    }

    @Override
    public ReadBatch<RevokedAccessToken> read(StoreBackend source, PartitionSpec partition, String position,
                                              int limit) {
        RevokedAccessToken after = null;
        if (position != null) {
            String[] parts = Positions.parsePair(position, kind(), SHAPE);
            try {
                after = new RevokedAccessToken(parts[1], Instant.parse(parts[0]));
            } catch (RuntimeException e) {
                throw new MigrationException("the checkpointed " + kind().label() + " position is not " + SHAPE
                        + "; the checkpoint was not written by this version", kind(), null, null, e);
            }
        }
        int size = Math.min(limit, Check.MAX_BATCH_LIMIT);
        List<RevokedAccessToken> page = source.tokens(partition.tenant()).scanRevokedAccessTokens(after, size);
        String lastKey = page.isEmpty() ? null : key(page.get(page.size() - 1));
        return new ReadBatch<>(page, List.of(), lastKey, page.size() < size);
    }

    @Override
    public ImportResult write(StoreBackend target, TenantId tenant, List<RevokedAccessToken> records) {
        return target.tokens(tenant).importRevokedAccessTokens(records);
    }

    /**
     * A jti the target already denies is counted as skipped (the SPI cannot read a denial's
     * expiry one jti at a time, so an import that would extend it counts as skipped too).
     */
    @Override
    public Assessment<RevokedAccessToken> assess(StoreBackend target, TenantId tenant, List<RevokedAccessToken> records) {
        TokenStore store = target.tokens(tenant);
        long skipped = records.stream().filter(entry -> store.isAccessTokenRevoked(entry.jti())).count();
        return new Assessment<>(records.size() - skipped, skipped, List.of());
    }

    @Override
    public String key(RevokedAccessToken record) {
        return Positions.pair(record.expiresAt().toString(), record.jti());
    }

    @Override
    public Map<String, Object> json(RevokedAccessToken record) {
        return RecordJson.revokedAccessToken(record);
    }
}
