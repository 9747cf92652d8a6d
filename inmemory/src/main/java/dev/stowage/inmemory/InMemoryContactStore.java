package dev.stowage.inmemory;

import dev.stowage.ImportResult;
import dev.stowage.Page;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactStore;
import dev.stowage.exception.ConflictException;
import dev.stowage.exception.ValidationException;
import dev.stowage.support.Batches;
import dev.stowage.support.Check;
import dev.stowage.support.Emails;
import dev.stowage.support.Ids;
import dev.stowage.support.Timestamps;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * One tenant's contacts: a sorted map by id plus hash indexes, guarded by a read-write lock so
 * every method is atomic.
 */
final class InMemoryContactStore implements ContactStore {

    private static final Comparator<Contact> OLDEST_FIRST =
            Comparator.comparing(Contact::createdAt).thenComparing(Contact::id, Ids.UNSIGNED_ORDER);

    private final InMemoryBackend backend;
    private final Clock clock;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<UUID, Contact> byId = new TreeMap<>(Ids.UNSIGNED_ORDER);
    private final Map<SourceKey, UUID> bySource = new HashMap<>();
    private final Map<String, Set<UUID>> byEmail = new HashMap<>();

    InMemoryContactStore(InMemoryBackend backend, Clock clock) {
        this.backend = backend;
        this.clock = clock;
    }

    @Override
    public Contact create(ContactDraft draft) {
        Check.required(draft, "draft");
        return write(() -> {
            SourceKey source = SourceKey.of(draft);
            if (source != null && bySource.containsKey(source)) {
                throw duplicateSource(draft.source(), draft.sourceId());
            }
            Instant now = Timestamps.now(clock);
            Contact contact = Contact.of(Ids.timeOrdered(clock), draft, now, now, 1);
            put(contact);
            return contact;
        });
    }

    @Override
    public Optional<Contact> get(UUID id) {
        Check.required(id, "id");
        return read(() -> Optional.ofNullable(byId.get(id)));
    }

    @Override
    public List<Contact> getAll(Collection<UUID> ids) {
        Check.required(ids, "ids");
        if (ids.size() > Check.MAX_PAGE_LIMIT) {
            throw new ValidationException("ids", "max-count", "must hold at most " + Check.MAX_PAGE_LIMIT + " ids");
        }
        Set<UUID> distinct = new LinkedHashSet<>();
        int index = 0;
        for (UUID id : ids) {
            distinct.add(Check.required(id, "ids[" + index++ + "]"));
        }
        return read(() -> distinct.stream().map(byId::get).filter(java.util.Objects::nonNull).toList());
    }

    @Override
    public Optional<Contact> findBySource(String source, String sourceId) {
        SourceKey key = SourceKey.checked(source, sourceId);
        return read(() -> Optional.ofNullable(bySource.get(key)).map(byId::get));
    }

    @Override
    public List<Contact> findByEmail(String email) {
        String normalized = Emails.normalize(Check.requiredText(email, "email", Emails.MAX_LENGTH));
        return read(() -> byEmail.getOrDefault(normalized, Set.of()).stream()
                .map(byId::get).sorted(OLDEST_FIRST).toList());
    }

    @Override
    public Contact update(UUID id, long expectedVersion, ContactDraft changes) {
        Check.required(id, "id");
        Check.required(changes, "changes");
        return write(() -> {
            Contact current = byId.get(id);
            if (current == null) {
                throw new ConflictException(ConflictException.Reason.MISSING, "contact " + id + " does not exist");
            }
            if (current.version() != expectedVersion) {
                throw versionMismatch(id, expectedVersion, current.version());
            }
            return replace(current, changes);
        });
    }

    @Override
    public Contact upsertBySource(ContactDraft draft) {
        Check.required(draft, "draft");
        SourceKey source = SourceKey.of(draft);
        if (source == null) {
            throw new ValidationException("source", "required", "is required for an upsert by source");
        }
        return write(() -> {
            UUID existingId = bySource.get(source);
            if (existingId == null) {
                Instant now = Timestamps.now(clock);
                Contact contact = Contact.of(Ids.timeOrdered(clock), draft, now, now, 1);
                put(contact);
                return contact;
            }
            Contact existing = byId.get(existingId);
            return existing.toDraft().equals(draft) ? existing : replace(existing, draft);
        });
    }

    @Override
    public boolean delete(UUID id) {
        Check.required(id, "id");
        return write(() -> remove(id) != null);
    }

    @Override
    public boolean delete(UUID id, long expectedVersion) {
        Check.required(id, "id");
        return write(() -> {
            Contact current = byId.get(id);
            if (current == null) {
                return false;
            }
            if (current.version() != expectedVersion) {
                throw versionMismatch(id, expectedVersion, current.version());
            }
            remove(id);
            return true;
        });
    }

    @Override
    public Page<Contact> search(ContactQuery query) {
        Check.required(query, "query");
        return read(() -> {
            return query.page(byId.values().stream()
                    .filter(query::matches)
                    .filter(query::isAfterCursor)
                    .sorted(query.order())
                    .limit(query.limit() + 1L)
                    .toList());
        });
    }

    @Override
    public long count(ContactQuery query) {
        Check.required(query, "query");
        return read(() -> byId.values().stream().filter(query::matches).count());
    }

    @Override
    public List<Contact> scan(UUID afterId, int limit) {
        Check.batchLimit(limit);
        return read(() -> {
            Collection<Contact> tail = afterId == null ? byId.values() : byId.tailMap(afterId, false).values();
            return tail.stream().limit(limit).toList();
        });
    }

    @Override
    public ImportResult importContacts(List<Contact> contacts) {
        List<Contact> batch = Batches.contacts(contacts);
        return write(() -> {
            List<Contact> toWrite = new ArrayList<>();
            int inserted = 0;
            int updated = 0;
            for (Contact contact : batch) {
                Contact existing = byId.get(contact.id());
                if (existing == null) {
                    inserted++;
                    toWrite.add(contact);
                } else if (existing.version() < contact.version()) {
                    updated++;
                    toWrite.add(contact);
                }
            }
            checkSourcesFree(toWrite);
            toWrite.forEach(contact -> {
                remove(contact.id());
                put(contact);
            });
            return new ImportResult(inserted, updated, batch.size() - inserted - updated);
        });
    }

    /** Rejects the import before anything is written if a contact would take another one's source key. */
    private void checkSourcesFree(List<Contact> toWrite) {
        Set<UUID> written = new HashSet<>();
        toWrite.forEach(contact -> written.add(contact.id()));
        Map<SourceKey, UUID> claimed = new HashMap<>();
        for (Contact contact : toWrite) {
            SourceKey source = SourceKey.of(contact.toDraft());
            if (source == null) {
                continue;
            }
            UUID otherInBatch = claimed.putIfAbsent(source, contact.id());
            UUID holder = bySource.get(source);
            boolean heldByOther = holder != null && !holder.equals(contact.id()) && !written.contains(holder);
            if (otherInBatch != null || heldByOther) {
                throw duplicateSource(contact.source(), contact.sourceId());
            }
        }
    }

    private Contact replace(Contact current, ContactDraft changes) {
        SourceKey source = SourceKey.of(changes);
        UUID holder = source == null ? null : bySource.get(source);
        if (holder != null && !holder.equals(current.id())) {
            throw duplicateSource(changes.source(), changes.sourceId());
        }
        Instant now = Timestamps.now(clock);
        Instant updatedAt = now.isBefore(current.updatedAt()) ? current.updatedAt() : now;
        Contact updated = Contact.of(current.id(), changes, current.createdAt(), updatedAt, current.version() + 1);
        remove(current.id());
        put(updated);
        return updated;
    }

    private void put(Contact contact) {
        byId.put(contact.id(), contact);
        SourceKey source = SourceKey.of(contact.toDraft());
        if (source != null) {
            bySource.put(source, contact.id());
        }
        byEmail.computeIfAbsent(Emails.normalize(contact.email()), e -> new HashSet<>()).add(contact.id());
    }

    private Contact remove(UUID id) {
        Contact removed = byId.remove(id);
        if (removed != null) {
            SourceKey source = SourceKey.of(removed.toDraft());
            if (source != null) {
                // Within one import another contact may already have taken this key over.
                bySource.remove(source, id);
            }
            String email = Emails.normalize(removed.email());
            Set<UUID> sameEmail = byEmail.get(email);
            sameEmail.remove(id);
            if (sameEmail.isEmpty()) {
                byEmail.remove(email);
            }
        }
        return removed;
    }

    private static ConflictException duplicateSource(String source, String sourceId) {
        return new ConflictException(ConflictException.Reason.DUPLICATE_KEY,
                "a contact with source '" + source + "' and sourceId '" + sourceId
                        + "' already exists; use upsertBySource to update it");
    }

    private static ConflictException versionMismatch(UUID id, long expected, long actual) {
        return new ConflictException(ConflictException.Reason.VERSION_MISMATCH,
                "contact " + id + " is at version " + actual + ", not " + expected + "; reload it and apply the change again");
    }

    private <T> T read(Supplier<T> action) {
        backend.ensureOpen();
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T write(Supplier<T> action) {
        backend.ensureOpen();
        lock.writeLock().lock();
        try {
            return action.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The unique (source, sourceId) key of a contact. */
    private record SourceKey(String source, String sourceId) {

        static SourceKey of(ContactDraft draft) {
            return draft.hasSource() ? new SourceKey(draft.source(), draft.sourceId()) : null;
        }

        static SourceKey checked(String source, String sourceId) {
            Check.identifier(source, "source", ContactDraft.MAX_SOURCE_LENGTH);
            Check.requiredText(sourceId, "sourceId", ContactDraft.MAX_SOURCE_ID_LENGTH);
            return new SourceKey(source, sourceId);
        }
    }
}
