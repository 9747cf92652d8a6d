package dev.stowage.cache;

import com.github.benmanes.caffeine.cache.Cache;
import dev.stowage.ImportResult;
import dev.stowage.Page;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactStore;
import dev.stowage.exception.ValidationException;
import dev.stowage.spi.invalidation.InvalidationKey;
import dev.stowage.support.Check;
import dev.stowage.support.Emails;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Caches {@link #get} by id, and {@link #findBySource} / {@link #findByEmail} as the ids they
 * found. Writes only name what they know: the contact's id and its new source and email. The
 * old source or email of an updated or deleted contact is not known without an extra read, so a
 * secondary entry is checked when it is served instead: each id it holds is read through the id
 * cache (which every write invalidates) and must still carry that source or email, otherwise the
 * entry is dropped and the store asked again. Everything else passes through.
 */
final class CachingContactStore implements ContactStore {

    private final TenantId tenant;
    private final ContactStore delegate;
    private final CacheRuntime cache;
    private final CachingBackend owner;

    CachingContactStore(TenantId tenant, ContactStore delegate, CacheRuntime cache, CachingBackend owner) {
        this.tenant = tenant;
        this.delegate = delegate;
        this.cache = cache;
        this.owner = owner;
    }

    @Override
    public Contact create(ContactDraft draft) {
        owner.ensureOpen();
        return cache.write(tenant, () -> delegate.create(draft),
                created -> keys(created.id(), created.toDraft()),
                () -> keys(null, draft));
    }

    @Override
    public Optional<Contact> get(UUID id) {
        owner.ensureOpen();
        if (id == null) {
            return delegate.get(null);
        }
        CacheEntry hit = cache.cached(cache.contacts(), id, tenant);
        if (CacheRuntime.isHit(hit)) {
            @SuppressWarnings("unchecked")
            Optional<Contact> contact = (Optional<Contact>) (Optional<?>) hit.present();
            return contact;
        }
        return Optional.ofNullable((Contact) cache.read(cache.contacts(), id, tenant,
                () -> delegate.get(id).orElse(null), hit));
    }

    @Override
    public List<Contact> getAll(Collection<UUID> ids) {
        owner.ensureOpen();
        // One consistent read of many rows; serving some from the cache could mix two moments.
        return delegate.getAll(ids);
    }

    @Override
    public Optional<Contact> findBySource(String source, String sourceId) {
        owner.ensureOpen();
        Cache<Object, CacheEntry> bySource = source == null || sourceId == null ? null : cache.usable(cache.contactsBySource());
        if (bySource == null) {
            return delegate.findBySource(source, sourceId);
        }
        CacheKey key = new CacheKey(tenant, new InvalidationKey.ContactSource(source, sourceId));
        for (int attempt = 0; attempt < 2; attempt++) {
            Loaded<Contact> loaded = new Loaded<>();
            CacheEntry entry = bySource.get(key, k -> {
                long startEpoch = cache.epoch();
                Contact contact = delegate.findBySource(source, sourceId).orElse(null);
                loaded.value = contact;
                loaded.happened = true;
                return cache.entryFor(tenant, contact == null ? null : contact.id(), startEpoch);
            });
            if (loaded.happened) {
                return Optional.ofNullable(loaded.value);
            }
            if (entry != null && cache.isCurrent(entry)) {
                if (entry.value() == null) {
                    return Optional.empty();
                }
                Optional<Contact> contact = get((UUID) entry.value());
                if (contact.isPresent() && source.equals(contact.get().source())
                        && sourceId.equals(contact.get().sourceId())) {
                    return contact;
                }
            }
            if (entry != null) {
                cache.discard(bySource, key, entry);
            }
        }
        return delegate.findBySource(source, sourceId);
    }

    @Override
    public List<Contact> findByEmail(String email) {
        owner.ensureOpen();
        String normalized = normalizedOrNull(email);
        Cache<Object, CacheEntry> byEmail = normalized == null ? null : cache.usable(cache.contactsByEmail());
        if (byEmail == null) {
            return delegate.findByEmail(email);
        }
        CacheKey key = new CacheKey(tenant, new InvalidationKey.ContactEmail(normalized));
        for (int attempt = 0; attempt < 2; attempt++) {
            Loaded<List<Contact>> loaded = new Loaded<>();
            CacheEntry entry = byEmail.get(key, k -> {
                long startEpoch = cache.epoch();
                List<Contact> contacts = delegate.findByEmail(email);
                loaded.value = contacts;
                loaded.happened = true;
                return cache.entryFor(tenant, contacts.isEmpty() ? null : contacts.stream().map(Contact::id).toList(),
                        startEpoch);
            });
            if (loaded.happened) {
                return loaded.value;
            }
            if (entry != null && cache.isCurrent(entry)) {
                List<Contact> contacts = stillMatching(entry, normalized);
                if (contacts != null) {
                    return contacts;
                }
            }
            if (entry != null) {
                cache.discard(byEmail, key, entry);
            }
        }
        return delegate.findByEmail(email);
    }

    /**
     * @return the contacts of a cached id list if every one still has the address, else {@code null}
     */
    private List<Contact> stillMatching(CacheEntry entry, String normalized) {
        if (entry.value() == null) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<UUID> ids = (List<UUID>) entry.value();
        List<Contact> contacts = new ArrayList<>(ids.size());
        for (UUID id : ids) {
            Optional<Contact> contact = get(id);
            if (contact.isEmpty() || !Emails.normalize(contact.get().email()).equals(normalized)) {
                return null;
            }
            contacts.add(contact.get());
        }
        return List.copyOf(contacts);
    }

    /**
     * The lookup key of an address, or {@code null} when the store must judge the argument
     * (it then raises the same error it always would).
     */
    private static String normalizedOrNull(String email) {
        try {
            return Emails.normalize(Check.requiredText(email, "email", Emails.MAX_LENGTH));
        } catch (ValidationException invalid) {
            return null;
        }
    }

    @Override
    public Contact update(UUID id, long expectedVersion, ContactDraft changes) {
        owner.ensureOpen();
        return cache.write(tenant, () -> delegate.update(id, expectedVersion, changes),
                updated -> keys(updated.id(), updated.toDraft()),
                () -> id == null ? List.of() : keys(id, changes));
    }

    @Override
    public Contact upsertBySource(ContactDraft draft) {
        owner.ensureOpen();
        // If the outcome is unknown, so is the id of the contact it may have changed: flush.
        return cache.write(tenant, () -> delegate.upsertBySource(draft),
                stored -> keys(stored.id(), stored.toDraft()),
                () -> draft == null ? List.of() : null);
    }

    @Override
    public boolean delete(UUID id) {
        owner.ensureOpen();
        return cache.write(tenant, () -> delegate.delete(id),
                deleted -> deleted ? keys(id, null) : List.of(),
                () -> id == null ? List.of() : keys(id, null));
    }

    @Override
    public boolean delete(UUID id, long expectedVersion) {
        owner.ensureOpen();
        return cache.write(tenant, () -> delegate.delete(id, expectedVersion),
                deleted -> deleted ? keys(id, null) : List.of(),
                () -> id == null ? List.of() : keys(id, null));
    }

    @Override
    public Page<Contact> search(ContactQuery query) {
        owner.ensureOpen();
        return delegate.search(query);
    }

    @Override
    public long count(ContactQuery query) {
        owner.ensureOpen();
        return delegate.count(query);
    }

    @Override
    public List<Contact> scan(UUID afterId, int limit) {
        owner.ensureOpen();
        return delegate.scan(afterId, limit);
    }

    @Override
    public ImportResult importContacts(List<Contact> contacts) {
        owner.ensureOpen();
        return cache.write(tenant, () -> delegate.importContacts(contacts),
                result -> importedKeys(contacts),
                () -> importedKeys(contacts));
    }

    private static List<InvalidationKey> importedKeys(List<Contact> contacts) {
        if (contacts == null) {
            return List.of();
        }
        List<InvalidationKey> keys = new ArrayList<>(contacts.size() * 3);
        for (Contact contact : contacts) {
            if (contact != null) {
                keys.addAll(keys(contact.id(), contact.toDraft()));
            }
        }
        return keys;
    }

    /**
     * The lookups a write of this contact can change: its id, and the source and address it has now.
     *
     * @param id    the contact's id, or {@code null} if unknown
     * @param draft its fields after the write, or {@code null} if unknown
     */
    private static List<InvalidationKey> keys(UUID id, ContactDraft draft) {
        List<InvalidationKey> keys = new ArrayList<>(3);
        if (id != null) {
            keys.add(new InvalidationKey.ContactId(id));
        }
        if (draft != null) {
            keys.add(new InvalidationKey.ContactEmail(Emails.normalize(draft.email())));
            if (draft.hasSource()) {
                keys.add(new InvalidationKey.ContactSource(draft.source(), draft.sourceId()));
            }
        }
        return keys;
    }

    @Override
    public String toString() {
        return "CachingContactStore[" + tenant + ", " + delegate + "]";
    }

    /** What this thread's loader read, if it was this thread that loaded. */
    private static final class Loaded<T> {
        T value;
        boolean happened;
    }
}
