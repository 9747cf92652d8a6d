package dev.stowage.inmemory;

import dev.stowage.TenantErasure;
import dev.stowage.ImportResult;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.spi.AbstractContactStore;
import dev.stowage.support.Emails;
import dev.stowage.support.Ids;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One tenant's contacts: a sorted map by id plus hash indexes, guarded by a read-write lock so
 * every method is atomic. The argument checks and shared rules come from {@link AbstractContactStore}.
 */
final class InMemoryContactStore extends AbstractContactStore {

    private final InMemoryBackend backend;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<UUID, Contact> byId = new TreeMap<>(Ids.UNSIGNED_ORDER);
    private final Map<SourceKey, UUID> bySource = new HashMap<>();
    private final Map<String, Set<UUID>> byEmail = new HashMap<>();

    InMemoryContactStore(InMemoryBackend backend, Clock clock) {
        super(clock);
        this.backend = backend;
    }

    @Override
    protected void insert(Contact contact) {
        write(() -> {
            SourceKey source = SourceKey.of(contact.toDraft());
            if (source != null && bySource.containsKey(source)) {
                throw duplicateSource(contact.source(), contact.sourceId());
            }
            put(contact);
            return null;
        });
    }

    @Override
    protected Optional<Contact> read(UUID id) {
        return read(() -> Optional.ofNullable(byId.get(id)));
    }

    @Override
    protected Collection<Contact> readAll(Set<UUID> ids) {
        return read(() -> ids.stream().map(byId::get).filter(Objects::nonNull).toList());
    }

    @Override
    protected Optional<Contact> readBySource(String source, String sourceId) {
        return read(() -> Optional.ofNullable(bySource.get(new SourceKey(source, sourceId))).map(byId::get));
    }

    @Override
    protected Collection<Contact> readByEmail(String normalizedEmail) {
        return read(() -> byEmail.getOrDefault(normalizedEmail, Set.of()).stream().map(byId::get).toList());
    }

    @Override
    protected Contact applyUpdate(Update update) {
        return write(() -> {
            Contact current = byId.get(update.id());
            return replace(current, revision(update, current));
        });
    }

    @Override
    protected Contact upsert(ContactDraft draft) {
        return write(() -> {
            UUID existingId = bySource.get(SourceKey.of(draft));
            Contact existing = existingId == null ? null : byId.get(existingId);
            Contact next = upserted(existing, draft);
            if (existing == null) {
                put(next);
                return next;
            }
            return next == existing ? existing : replace(existing, next);
        });
    }

    @Override
    protected boolean remove(UUID id, Long expectedVersion) {
        return write(() -> {
            Contact current = byId.get(id);
            if (current == null) {
                return false;
            }
            checkVersion(current, expectedVersion);
            drop(id);
            return true;
        });
    }

    @Override
    protected List<Contact> searchMatches(ContactQuery query) {
        Predicate<Contact> afterCursor = query.afterCursor();
        return read(() -> byId.values().stream()
                .filter(query::matches)
                .filter(afterCursor)
                .sorted(query.order())
                .limit(query.limit() + 1L)
                .toList());
    }

    @Override
    protected long countMatches(ContactQuery query) {
        return read(() -> byId.values().stream().filter(query::matches).count());
    }

    @Override
    protected List<Contact> scanAfter(UUID afterId, int limit) {
        return read(() -> {
            Collection<Contact> tail = afterId == null ? byId.values() : byId.tailMap(afterId, false).values();
            return tail.stream().limit(limit).toList();
        });
    }

    @Override
    protected ImportResult importBatch(List<Contact> batch) {
        return write(() -> {
            List<Contact> toWrite = new ArrayList<>();
            List<ImportAction> actions = new ArrayList<>(batch.size());
            for (Contact contact : batch) {
                ImportAction action = importAction(byId.get(contact.id()), contact);
                actions.add(action);
                if (action != ImportAction.SKIP) {
                    toWrite.add(contact);
                }
            }
            checkSourcesFree(toWrite);
            toWrite.forEach(contact -> {
                drop(contact.id());
                put(contact);
            });
            return importResult(actions);
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

    /** Stores the next version of a contact, if its (source, sourceId) is free or already its own. */
    private Contact replace(Contact current, Contact next) {
        SourceKey source = SourceKey.of(next.toDraft());
        UUID holder = source == null ? null : bySource.get(source);
        if (holder != null && !holder.equals(current.id())) {
            throw duplicateSource(next.source(), next.sourceId());
        }
        drop(current.id());
        put(next);
        return next;
    }

    private void put(Contact contact) {
        byId.put(contact.id(), contact);
        SourceKey source = SourceKey.of(contact.toDraft());
        if (source != null) {
            bySource.put(source, contact.id());
        }
        byEmail.computeIfAbsent(Emails.normalize(contact.email()), e -> new HashSet<>()).add(contact.id());
    }

    private Contact drop(UUID id) {
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

    /** Empties the store (a tenant erasure): the contacts it held, and nothing is left. */
    TenantErasure clear() {
        return write(() -> {
            TenantErasure erased = new TenantErasure(byId.size(), 0, 0, 0, 0, 0, 0);
            byId.clear();
            bySource.clear();
            byEmail.clear();
            return erased;
        });
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
    }
}
