package dev.stowage.migration;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactStore;
import dev.stowage.exception.StoreException;
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
 * or a newer version). A contact the source holds but cannot read (the scan fails on it) is
 * located by its id and handed on as unreadable, so that the error policy decides and the copy
 * of the others goes on.
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
        Optional<UUID> first = parts > 1 ? UuidRanges.smallest(store) : Optional.empty();
        if (first.isEmpty()) {
            return List.of(PartitionSpec.whole(kind(), tenant));
        }
        UUID low = first.get();
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
        ContactStore store = source.contacts(partition.tenant());
        int size = Math.min(limit, Check.MAX_BATCH_LIMIT);
        List<Contact> page;
        UUID unreadable = null;
        StoreException unreadableReason = null;
        try {
            page = store.scan(after, size);
        } catch (StoreException e) {
            if (Rejects.isTransient(e)) {
                throw e;
            }
            page = readablePrefix(store, after, size);
            unreadable = unreadableAfter(store, page.isEmpty() ? after : page.get(page.size() - 1).id());
            unreadableReason = e;
        }
        UUID upper = partition.upperBound() == null ? null : UUID.fromString(partition.upperBound());
        int end = 0;
        while (end < page.size() && (upper == null || UuidRanges.before(page.get(end).id(), upper))) {
            end++;
        }
        List<Contact> inRange = page.subList(0, end);
        String lastKey = inRange.isEmpty() ? null : inRange.get(inRange.size() - 1).id().toString();
        if (unreadable != null && (upper == null || UuidRanges.before(unreadable, upper)) && end == page.size()) {
            return new ReadBatch<>(inRange, List.of(new ReadBatch.Unreadable(unreadable.toString(),
                    Rejects.reason(unreadableReason), Map.of("id", unreadable.toString()))), unreadable.toString(), false);
        }
        boolean last = unreadable != null || page.size() < size || end < page.size();
        return new ReadBatch<>(inRange, List.of(), lastKey, last);
    }

    /**
     * The longest run of contacts after {@code after} that the source can read, when reading
     * {@code size} of them failed because of one of them: bisects the scan's limit.
     */
    private static List<Contact> readablePrefix(ContactStore store, UUID after, int size) {
        List<Contact> prefix = List.of();
        int readable = 0;
        int failing = size;
        while (failing - readable > 1) {
            int middle = (readable + failing) >>> 1;
            try {
                prefix = store.scan(after, middle);
                readable = middle;
            } catch (StoreException e) {
                if (Rejects.isTransient(e)) {
                    throw e;
                }
                failing = middle;
            }
        }
        return prefix;
    }

    /**
     * The id of the contact right after {@code after} that the source cannot read (a row or value
     * written by something other than this library). The SPI never hands it out, so it is found by
     * bisecting the UUID space for the smallest position from which a one-record scan succeeds.
     */
    private static UUID unreadableAfter(ContactStore store, UUID after) {
        UUID failing = after;
        if (failing == null) {
            UUID zero = new UUID(0, 0);
            if (readable(store, zero)) {
                return zero;
            }
            failing = zero;
        }
        UUID readable = new UUID(-1, -1);
        while (UuidRanges.number(readable).subtract(UuidRanges.number(failing)).compareTo(java.math.BigInteger.ONE) > 0) {
            UUID middle = UuidRanges.uuid(UuidRanges.number(failing).add(UuidRanges.number(readable)).shiftRight(1));
            if (readable(store, middle)) {
                readable = middle;
            } else {
                failing = middle;
            }
        }
        return readable;
    }

    private static boolean readable(ContactStore store, UUID after) {
        try {
            store.scan(after, 1);
            return true;
        } catch (StoreException e) {
            if (Rejects.isTransient(e)) {
                throw e;
            }
            return false;
        }
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
    public void recopy(StoreBackend source, StoreBackend target, TenantId tenant, Contact record) {
        KeyCopy.contact(source, target, tenant, record.id());
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
