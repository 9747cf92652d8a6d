package dev.stowage.migration;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.migration.checkpoint.PartitionSpec;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;
import dev.stowage.token.Credential;
import dev.stowage.token.TokenStore;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Third-party credentials: {@code scanCredentials} in (subject, provider) order, written with
 * {@code importCredentials} (a credential the target holds with the same or a newer updatedAt is
 * left alone; one that expired meanwhile is skipped). Keys and positions are the JSON array
 * {@code ["subject","provider"]}.
 */
final class CredentialCopier implements Copier<Credential> {

    @Override
    public RecordKind kind() {
        return RecordKind.CREDENTIALS;
    }

    @Override
    public ReadBatch<Credential> read(StoreBackend source, PartitionSpec partition, String position, int limit) {
        String subject = null;
        String provider = null;
        if (position != null) {
            String[] parts = Positions.parsePair(position, kind(), "[subject, provider]");
            subject = parts[0];
            provider = parts[1];
        }
        int size = Math.min(limit, Check.MAX_BATCH_LIMIT);
        List<Credential> page = source.tokens(partition.tenant()).scanCredentials(subject, provider, size);
        String lastKey = page.isEmpty() ? null : key(page.get(page.size() - 1));
        return new ReadBatch<>(page, List.of(), lastKey, page.size() < size);
    }

    @Override
    public ImportResult write(StoreBackend target, TenantId tenant, List<Credential> records) {
        return target.tokens(tenant).importCredentials(records);
    }

    @Override
    public Assessment<Credential> assess(StoreBackend target, TenantId tenant, List<Credential> records) {
        TokenStore store = target.tokens(tenant);
        long skipped = 0;
        for (Credential credential : records) {
            Optional<Credential> present = store.credential(credential.subject(), credential.provider());
            if (present.isPresent() && !present.get().updatedAt().isBefore(credential.updatedAt())) {
                skipped++;
            }
        }
        return new Assessment<>(records.size() - skipped, skipped, List.of());
    }

    @Override
    public void recopy(StoreBackend source, StoreBackend target, TenantId tenant, Credential record) {
        KeyCopy.credential(source, target, tenant, record.subject(), record.provider());
    }

    @Override
    public String key(Credential record) {
        return Positions.pair(record.subject(), record.provider());
    }

    @Override
    public Map<String, Object> json(Credential record) {
        return RecordJson.credential(record);
    }
}
