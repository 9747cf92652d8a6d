package dev.stowage.migration;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactStore;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.checkpoint.PartitionSpec;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Contacts: split into id ranges, read with {@code scan}, written with {@code importContacts}
 * (which keeps ids, versions and timestamps, and skips a contact the target holds at the same
 * or a newer version).
 */
final class ContactCopier implements Copier<Contact> {

    @Override
    public RecordKind kind() {
        return RecordKind.CONTACTS;
    }

    @Override
    public long estimate(StoreBackend source, TenantId tenant) {
        return source.contacts(tenant).count(ContactQuery.all());
    }

    @Override
    public List<PartitionSpec> plan(StoreBackend source, TenantId tenant, int ranges, int batchSize) {
        ContactStore store = source.contacts(tenant);
        long count = ranges > 1 ? estimate(source, tenant) : 0;
        int parts = (int) Math.min(ranges, count / batchSize);
        List<Contact> first = parts > 1 ? store.scan(null, 1) : List.of();
        if (first.isEmpty()) {
            return List.of(PartitionSpec.whole(kind(), tenant));
        }
        UUID low = first.get(0).id();
        List<UUID> cuts = UuidRanges.boundaries(low, UuidRanges.largest(store, low), parts);
        List<PartitionSpec> partitions = new ArrayList<>();
        String lower = null;
        for (int i = 0; i <= cuts.size(); i++) {
            String upper = i < cuts.size() ? cuts.get(i).toString() : null;
            partitions.add(new PartitionSpec(kind().label() + "/" + tenant.value() + "/" + i, kind(), tenant, lower, upper));
            lower = upper;
        }
        return partitions;
    }

    @Override
    public ReadBatch<Contact> read(StoreBackend source, PartitionSpec partition, String position, int limit) {
        UUID after;
        if (position != null) {
            after = UUID.fromString(position);
        } else {
            after = partition.lowerBound() == null ? null : UuidRanges.predecessor(UUID.fromString(partition.lowerBound()));
        }
        List<Contact> page = source.contacts(partition.tenant()).scan(after, Math.min(limit, Check.MAX_BATCH_LIMIT));
        UUID upper = partition.upperBound() == null ? null : UUID.fromString(partition.upperBound());
        List<Contact> inRange = page;
        if (upper != null) {
            int end = 0;
            while (end < page.size() && UuidRanges.before(page.get(end).id(), upper)) {
                end++;
            }
            inRange = page.subList(0, end);
        }
        boolean last = page.size() < limit || inRange.size() < page.size();
        String lastKey = inRange.isEmpty() ? null : inRange.get(inRange.size() - 1).id().toString();
        return new ReadBatch<>(inRange, List.of(), lastKey, last);
    }

    @Override
    public ImportResult write(StoreBackend target, TenantId tenant, List<Contact> records) {
        return target.contacts(tenant).importContacts(records);
    }

    @Override
    public Assessment<Contact> assess(StoreBackend target, TenantId tenant, List<Contact> records) {
        ContactStore store = target.contacts(tenant);
        Map<UUID, Contact> present = new HashMap<>();
        for (int from = 0; from < records.size(); from += Check.MAX_PAGE_LIMIT) {
            List<UUID> ids = records.subList(from, Math.min(records.size(), from + Check.MAX_PAGE_LIMIT)).stream()
                    .map(Contact::id).toList();
            store.getAll(ids).forEach(contact -> present.put(contact.id(), contact));
        }
        long written = 0;
        long skipped = 0;
        List<Map.Entry<Contact, String>> rejected = new ArrayList<>();
        for (Contact contact : records) {
            try {
                contact.withDraft(contact.toDraft());
            } catch (ValidationException e) {
                rejected.add(new AbstractMap.SimpleImmutableEntry<>(contact, Rejects.reason(e)));
                continue;
            }
            Contact existing = present.get(contact.id());
            if (existing != null && existing.version() >= contact.version()) {
                skipped++;
                continue;
            }
            if (contact.source() != null) {
                Optional<Contact> owner = store.findBySource(contact.source(), contact.sourceId());
                if (owner.isPresent() && !owner.get().id().equals(contact.id())) {
                    rejected.add(new AbstractMap.SimpleImmutableEntry<>(contact, "ConflictException DUPLICATE_KEY: "
                            + "its (source, sourceId) belongs to contact " + owner.get().id() + " on the target"));
                    continue;
                }
            }
            written++;
        }
        return new Assessment<>(written, skipped, rejected);
    }

    @Override
    public String key(Contact record) {
        return record.id().toString();
    }

    @Override
    public Map<String, Object> json(Contact record) {
        return RecordJson.contact(record);
    }
}
