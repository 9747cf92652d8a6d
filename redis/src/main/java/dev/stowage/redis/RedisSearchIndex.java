package dev.stowage.redis;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactQuery;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Maintenance of the free-text search index: the build of the word index on a keyspace written
 * before it existed. Every write keeps a contact's entries in the index current (in the script
 * that writes the contact), so a keyspace only needs this once, after an upgrade.
 */
public final class RedisSearchIndex {

    private static final Script BUILD = Script.write("contact_words_build");
    private static final Script COMPLETE = Script.write("contact_words_complete");
    /** Contacts per build script: a few thousand set additions, milliseconds of server time. */
    private static final int SCRIPT_CHUNK = 200;

    private RedisSearchIndex() {
    }

    /**
     * Adds every contact of every tenant of the backend's prefix to the word index
     * ({@code {<prefix>:<tenant>}:c-word:<keyed hash of a token>}) and then marks the tenant's
     * index complete ({@code …:c-words}); a tenant already marked is skipped, so a second run does
     * nothing. The contacts are read in id order, {@code batchSize} per read, and added in scripts
     * of at most 200 contacts, each contact only if its record is still as read (else it is read
     * again), so writers may keep running meanwhile. Run it once after upgrading every process
     * (a process of an older version writes contacts without their words; run it again after the
     * last one is gone). Until a tenant is marked, free-text searches on it stay correct but walk
     * the tenant as before (a tag filter in the query still narrows them to the tag's contacts).
     *
     * @param backend   a backend built by {@link RedisStores}, or a decorator of one (metered, encrypted, cached)
     * @param batchSize contacts read per round trip, 1..10 000
     * @return how many contacts were added to the index
     * @throws StoreConfigurationException if the backend is not a Redis backend nor decorates one
     */
    public static long build(StoreBackend backend, int batchSize) {
        Check.batchLimit(batchSize);
        RedisBackend redis = Optional.ofNullable(backend).flatMap(decorated -> decorated.unwrap(RedisBackend.class))
                .orElseThrow(() -> new StoreConfigurationException("RedisSearchIndex.build needs a backend built by RedisStores"
                        + " (or a decorator of one), not " + (backend == null ? "null" : backend.name())));
        long added = 0;
        for (TenantId tenant : redis.tenants()) {
            added += buildTenant(redis.context(tenant), batchSize);
        }
        return added;
    }

    private static long buildTenant(TenantContext context, int batchSize) {
        Keys keys = context.keys();
        if (context.driver().get(keys.contactWordsComplete()) != null) {
            return 0;
        }
        ContactSearch search = new ContactSearch(context);
        long added = 0;
        String after = "-";
        while (true) {
            ContactSearch.Batch batch = search.walkBatch(keys.contactIds(), after, "+", true, batchSize);
            for (int from = 0; from < batch.raws().size(); from += SCRIPT_CHUNK) {
                added += addWords(context, batch.raws().subList(from, Math.min(batch.raws().size(), from + SCRIPT_CHUNK)));
            }
            if (batch.scanned() < batchSize) {
                break;
            }
            after = "(" + batch.last();
        }
        context.write(COMPLETE, List.of(keys.contactIds(), keys.contactWordsComplete()), List.of());
        return added;
    }

    /** Adds the contacts to the word index, re-reading those that changed meanwhile; returns how many were added. */
    private static long addWords(TenantContext context, List<String> raws) {
        Keys keys = context.keys();
        List<String> pending = raws;
        long added = 0;
        for (int attempt = 0; attempt < TenantContext.MAX_ATTEMPTS && !pending.isEmpty(); attempt++) {
            List<Contact> contacts = pending.stream().map(Codec::contact).toList();
            List<String> recordKeys = new ArrayList<>();
            List<String> wordKeys = new ArrayList<>();
            List<String> args = new ArrayList<>();
            args.add(Integer.toString(contacts.size()));
            for (int i = 0; i < contacts.size(); i++) {
                Contact contact = contacts.get(i);
                Set<String> tokens = ContactQuery.searchTokens(contact);
                recordKeys.add(keys.contact(contact.id()));
                args.add(pending.get(i));
                args.add(contact.id().toString());
                args.add(Integer.toString(tokens.size()));
                tokens.forEach(token -> wordKeys.add(keys.contactsByWord(token)));
            }
            recordKeys.addAll(wordKeys);
            List<Object> reply = context.write(BUILD, recordKeys, args);
            added += contacts.size() - (reply.size() - 1);
            List<String> changedKeys = new ArrayList<>();
            for (int i = 1; i < reply.size(); i++) {
                changedKeys.add(keys.contact(contacts.get(Integer.parseInt(TenantContext.text(reply, i)) - 1).id()));
            }
            pending = changedKeys.isEmpty() ? List.of()
                    : context.driver().mget(changedKeys).stream().filter(raw -> raw != null).toList();
        }
        if (!pending.isEmpty()) {
            throw TenantContext.contended(pending.size() + " contacts being indexed");
        }
        return added;
    }
}
