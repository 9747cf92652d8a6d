package dev.stowage.migration.switching;

import dev.stowage.ImportResult;
import dev.stowage.Page;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactStore;
import dev.stowage.migration.KeyCopy;
import dev.stowage.support.Check;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Contacts through a {@link StoreSwitch}: the result of each write (with id and version) is imported into the other store. */
final class SwitchingContactStore implements ContactStore {

    private static final int READ_BACK = Check.MAX_PAGE_LIMIT;

    private final StoreSwitch sw;
    private final TenantId tenant;

    SwitchingContactStore(StoreSwitch sw, TenantId tenant) {
        this.sw = sw;
        this.tenant = tenant;
    }

    private ContactStore on(dev.stowage.spi.StoreBackend backend) {
        return backend.contacts(tenant);
    }

    private RepairKey key(UUID id) {
        return RepairKey.of(sw.store, tenant, RepairKey.Kind.CONTACT, id.toString());
    }

    private Contact replicated(Stage stage, Contact written) {
        sw.replicate(stage, key(written.id()), other -> KeyCopy.contacts(other, tenant, List.of(written)));
        return written;
    }

    /**
     * Replicates a change of an existing contact. If the other store did not hold the contact, a
     * delete of it (by another instance) may have run on both stores between this write and its
     * replication, and the import just brought it back on the other store only: the authoritative
     * store is read again, and the contact deleted from the other store if it is gone there. (A
     * delete after that read reaches the other store after this import.) When the other store
     * held the contact, as it does once backfilled, this costs nothing.
     */
    private Contact replicatedChange(Stage stage, Contact written) {
        sw.replicate(stage, key(written.id()), other -> {
            ImportResult imported = KeyCopy.contacts(other, tenant, List.of(written));
            if (imported.inserted() > 0 && on(sw.authoritative(stage)).get(written.id()).isEmpty()) {
                on(other).delete(written.id());
            }
        });
        return written;
    }

    @Override
    public Contact create(ContactDraft draft) {
        return sw.write(stage -> replicated(stage, on(sw.authoritative(stage)).create(draft)));
    }

    @Override
    public Optional<Contact> get(UUID id) {
        Check.required(id, "id");
        return sw.read(tenant, RepairKey.Kind.CONTACT, id.toString(), "", "contacts.get", backend -> on(backend).get(id));
    }

    @Override
    public List<Contact> getAll(Collection<UUID> ids) {
        return on(sw.authoritative(sw.stage())).getAll(ids);
    }

    @Override
    public Optional<Contact> findBySource(String source, String sourceId) {
        return on(sw.authoritative(sw.stage())).findBySource(source, sourceId);
    }

    @Override
    public List<Contact> findByEmail(String email) {
        return on(sw.authoritative(sw.stage())).findByEmail(email);
    }

    @Override
    public Contact update(UUID id, long expectedVersion, ContactDraft changes) {
        return sw.write(stage -> replicatedChange(stage, on(sw.authoritative(stage)).update(id, expectedVersion, changes)));
    }

    @Override
    public Contact upsertBySource(ContactDraft draft) {
        return sw.write(stage -> replicatedChange(stage, on(sw.authoritative(stage)).upsertBySource(draft)));
    }

    @Override
    public boolean delete(UUID id) {
        return sw.write(stage -> {
            boolean deleted = on(sw.authoritative(stage)).delete(id);
            sw.replicate(stage, key(id), other -> on(other).delete(id));
            return deleted;
        });
    }

    @Override
    public boolean delete(UUID id, long expectedVersion) {
        return sw.write(stage -> {
            boolean deleted = on(sw.authoritative(stage)).delete(id, expectedVersion);
            if (deleted) {
                sw.replicate(stage, key(id), other -> on(other).delete(id));
            }
            return deleted;
        });
    }

    @Override
    public Page<Contact> search(ContactQuery query) {
        return on(sw.authoritative(sw.stage())).search(query);
    }

    @Override
    public long count(ContactQuery query) {
        return on(sw.authoritative(sw.stage())).count(query);
    }

    @Override
    public List<Contact> scan(UUID afterId, int limit) {
        return on(sw.authoritative(sw.stage())).scan(afterId, limit);
    }

    /** The contacts as the authoritative store holds them after the import are what the other store receives. */
    @Override
    public ImportResult importContacts(List<Contact> contacts) {
        return sw.write(stage -> {
            ContactStore authoritative = on(sw.authoritative(stage));
            ImportResult result = authoritative.importContacts(contacts);
            if (stage.replicates()) {
                List<UUID> ids = contacts.stream().map(Contact::id).toList();
                for (int from = 0; from < ids.size(); from += READ_BACK) {
                    List<UUID> slice = ids.subList(from, Math.min(ids.size(), from + READ_BACK));
                    List<Contact> stored = authoritative.getAll(slice);
                    try {
                        KeyCopy.contacts(sw.other(stage), tenant, stored);
                    } catch (RuntimeException e) {
                        slice.forEach(id -> sw.replicationFailed(key(id), e));
                    }
                }
            }
            return result;
        });
    }
}
