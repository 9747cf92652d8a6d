package dev.stowage.migration.verify;

import dev.stowage.ImportResult;
import dev.stowage.Page;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.exception.UnsupportedCapabilityException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.TokenStore;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A user-written backend that can only scan contacts, as a verification needs: the source of
 * the synthetic tests (huge stores generated on the fly, a scan out of order). Everything else
 * is an {@link UnsupportedCapabilityException}.
 */
final class ScanOnlyBackend implements StoreBackend {

    /** The one method a scan-only contact store implements. */
    @FunctionalInterface
    interface ContactScan {
        List<Contact> scan(UUID afterId, int limit);
    }

    private final String name;
    private final ContactScan scan;

    ScanOnlyBackend(String name, ContactScan scan) {
        this.name = name;
        this.scan = scan;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ContactStore contacts(TenantId tenant) {
        return new ScanOnlyContacts(scan);
    }

    @Override
    public CreditStore credits(TenantId tenant) {
        throw unsupported();
    }

    @Override
    public TokenStore tokens(TenantId tenant) {
        throw unsupported();
    }

    @Override
    public void close() {
    }

    private static UnsupportedCapabilityException unsupported() {
        return new UnsupportedCapabilityException("this test backend can only scan contacts");
    }

    private record ScanOnlyContacts(ContactScan scan) implements ContactStore {

        @Override
        public List<Contact> scan(UUID afterId, int limit) {
            return scan.scan(afterId, limit);
        }

        @Override
        public Contact create(ContactDraft draft) {
            throw unsupported();
        }

        @Override
        public Optional<Contact> get(UUID id) {
            throw unsupported();
        }

        @Override
        public List<Contact> getAll(Collection<UUID> ids) {
            throw unsupported();
        }

        @Override
        public Optional<Contact> findBySource(String source, String sourceId) {
            throw unsupported();
        }

        @Override
        public List<Contact> findByEmail(String email) {
            throw unsupported();
        }

        @Override
        public Contact update(UUID id, long expectedVersion, ContactDraft changes) {
            throw unsupported();
        }

        @Override
        public Contact upsertBySource(ContactDraft draft) {
            throw unsupported();
        }

        @Override
        public boolean delete(UUID id) {
            throw unsupported();
        }

        @Override
        public boolean delete(UUID id, long expectedVersion) {
            throw unsupported();
        }

        @Override
        public Page<Contact> search(ContactQuery query) {
            throw unsupported();
        }

        @Override
        public long count(ContactQuery query) {
            throw unsupported();
        }

        @Override
        public ImportResult importContacts(List<Contact> contacts) {
            throw unsupported();
        }
    }
}
