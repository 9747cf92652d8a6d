package dev.stowage.migration;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.migration.checkpoint.PartitionSpec;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.TokenStore;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Refresh-token families with their tokens (hashes, ids, lifetimes, used marks) and their
 * revocation: {@code scanRefreshFamilies} in unsigned family-id order, written with
 * {@code importRefreshFamilies}, which merges into what the target holds and never loses newer
 * state (a used mark or a revocation is never undone), so a used token copied is still
 * {@code REUSED} on the target and revokes the family there. One partition per tenant: the SPI
 * has no cheap count of families to size id ranges with. Keys and positions are family ids.
 */
final class RefreshFamilyCopier implements Copier<RefreshFamily> {

    @Override
    public RecordKind kind() {
        return RecordKind.REFRESH_FAMILIES;
    }

    @Override
    public ReadBatch<RefreshFamily> read(StoreBackend source, PartitionSpec partition, String position, int limit) {
        UUID after = position == null ? null : UUID.fromString(position);
        int size = Math.min(limit, Check.MAX_PAGE_LIMIT);
        List<RefreshFamily> page = source.tokens(partition.tenant()).scanRefreshFamilies(after, size);
        String lastKey = page.isEmpty() ? null : key(page.get(page.size() - 1));
        return new ReadBatch<>(page, List.of(), lastKey, page.size() < size);
    }

    @Override
    public ImportResult write(StoreBackend target, TenantId tenant, List<RefreshFamily> records) {
        return target.tokens(tenant).importRefreshFamilies(records);
    }

    /** A family the target already holds exactly as the source does is skipped; any other is written. */
    @Override
    public Assessment<RefreshFamily> assess(StoreBackend target, TenantId tenant, List<RefreshFamily> records) {
        TokenStore store = target.tokens(tenant);
        long skipped = 0;
        for (RefreshFamily family : records) {
            UUID id = family.familyId();
            List<RefreshFamily> present = id.equals(new UUID(0, 0)) ? store.scanRefreshFamilies(null, 1)
                    : store.scanRefreshFamilies(UuidRanges.predecessor(id), 1);
            if (!present.isEmpty() && present.get(0).equals(family)) {
                skipped++;
            }
        }
        return new Assessment<>(records.size() - skipped, skipped, List.of());
    }

    @Override
    public String key(RefreshFamily record) {
        return record.familyId().toString();
    }

    @Override
    public Map<String, Object> json(RefreshFamily record) {
        return RecordJson.family(record);
    }
}
