package dev.stowage.migration;

import dev.stowage.ImportResult;
import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Check;
import dev.stowage.token.Credential;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RevokedAccessToken;
import dev.stowage.token.TokenStore;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Copies one key from one backend to another through the same bulk paths and copiers as a full
 * {@link Migration} (imports that keep ids, versions and timestamps; ledger tails appended by
 * sequence), for the switching backend's replication and repairs. A key that is gone from the
 * source is removed from the target, so the target ends up as the source holds the key. A key is
 * read from the source again after it was written to the target: a delete that ran on the source
 * in between found nothing to delete on the target yet, and would otherwise be undone there for
 * good (a delete after that second read reaches the target after this write). Stateless and
 * thread-safe.
 */
public final class KeyCopy {

    private static final ContactCopier CONTACTS = new ContactCopier();
    private static final CredentialCopier CREDENTIALS = new CredentialCopier();
    private static final RefreshFamilyCopier FAMILIES = new RefreshFamilyCopier();
    private static final RevokedAccessTokenCopier DENIALS = new RevokedAccessTokenCopier();

    private KeyCopy() {
    }

    /**
     * @param source the backend to copy from
     * @param target the backend to copy to
     * @param tenant the tenant
     * @param id     a contact id
     * @return what the target did: an import (never over a newer version), or one update for a delete
     */
    public static ImportResult contact(StoreBackend source, StoreBackend target, TenantId tenant, UUID id) {
        Check.required(id, "id");
        Optional<Contact> contact = source.contacts(tenant).get(id);
        if (contact.isPresent()) {
            ImportResult imported = contacts(target, tenant, List.of(contact.get()));
            if (source.contacts(tenant).get(id).isPresent()) {
                return imported;
            }
        }
        return target.contacts(tenant).delete(id) ? new ImportResult(0, 1, 0) : new ImportResult(0, 0, 1);
    }

    /**
     * @param target   the backend to write to
     * @param tenant   the tenant
     * @param contacts contacts as another store holds them
     * @return what the target's import did
     */
    public static ImportResult contacts(StoreBackend target, TenantId tenant, List<Contact> contacts) {
        return CONTACTS.write(target, tenant, contacts);
    }

    /**
     * @param target      the backend to write to
     * @param tenant      the tenant
     * @param credentials credentials as another store holds them
     * @return what the target's import did
     */
    public static ImportResult credentials(StoreBackend target, TenantId tenant, List<Credential> credentials) {
        return CREDENTIALS.write(target, tenant, credentials);
    }

    /**
     * Brings the target's ledger of an account up to the source's: the entries after the
     * target's last sequence are appended (a ledger that forked is refused by
     * {@link CreditStore#appendEntries}, never merged). An account the source no longer holds is
     * deleted from the target.
     *
     * @param source    the backend to copy from
     * @param target    the backend to copy to
     * @param tenant    the tenant
     * @param accountId the account
     * @return entries appended (inserted) and already present (skipped)
     * @throws dev.stowage.exception.ConflictException if the target's ledger forked from the source's
     */
    public static ImportResult account(StoreBackend source, StoreBackend target, TenantId tenant, String accountId) {
        Check.required(accountId, "accountId");
        CreditStore from = source.credits(tenant);
        CreditStore to = target.credits(tenant);
        if (from.account(accountId).isPresent()) {
            ImportResult appended = appendTail(from, to, accountId);
            if (from.account(accountId).isPresent()) {
                return appended;
            }
        }
        return to.deleteAccount(accountId).accountRemoved() ? new ImportResult(0, 1, 0) : new ImportResult(0, 0, 1);
    }

    private static ImportResult appendTail(CreditStore from, CreditStore to, String accountId) {
        long last = lastSequence(to, accountId);
        int inserted = 0;
        int skipped = 0;
        while (true) {
            List<LedgerEntry> tail = from.entries(accountId, Math.max(0, last - 1), Check.MAX_BATCH_LIMIT);
            if (tail.isEmpty() || (tail.size() == 1 && tail.get(0).sequence() == last)) {
                return new ImportResult(inserted, 0, skipped);
            }
            ImportResult appended = to.appendEntries(accountId, tail);
            inserted += appended.inserted();
            skipped += appended.skipped();
            last = tail.get(tail.size() - 1).sequence();
            if (tail.size() < Check.MAX_BATCH_LIMIT) {
                return new ImportResult(inserted, 0, skipped);
            }
        }
    }

    /**
     * @param store     a credit store
     * @param accountId an account
     * @return the sequence of the account's newest entry, 0 if it has none
     */
    public static long lastSequence(CreditStore store, String accountId) {
        List<LedgerEntry> newest = store.history(accountId, 1, null).items();
        return newest.isEmpty() ? 0 : newest.get(0).sequence();
    }

    /**
     * @param source   the backend to copy from
     * @param target   the backend to copy to
     * @param tenant   the tenant
     * @param subject  the credential's subject
     * @param provider the credential's provider
     * @return what the target did: an import (never over a newer one), or one update for a delete
     */
    public static ImportResult credential(StoreBackend source, StoreBackend target, TenantId tenant, String subject,
                                          String provider) {
        Optional<Credential> credential = source.tokens(tenant).credential(subject, provider);
        if (credential.isPresent()) {
            ImportResult imported = CREDENTIALS.write(target, tenant, List.of(credential.get()));
            if (source.tokens(tenant).credential(subject, provider).isPresent()) {
                return imported;
            }
        }
        return target.tokens(tenant).deleteCredential(subject, provider) ? new ImportResult(0, 1, 0)
                : new ImportResult(0, 0, 1);
    }

    /**
     * Merges one refresh-token family into the target (its tokens, used marks and revocation;
     * never undoing newer state there). A family the source no longer holds live changes nothing.
     *
     * @param source   the backend to copy from
     * @param target   the backend to copy to
     * @param tenant   the tenant
     * @param familyId the family
     * @return what the target's import did
     */
    public static ImportResult refreshFamily(StoreBackend source, StoreBackend target, TenantId tenant, UUID familyId) {
        Optional<RefreshFamily> family = refreshFamily(source.tokens(tenant), familyId);
        if (family.isEmpty()) {
            return new ImportResult(0, 0, 1);
        }
        return FAMILIES.write(target, tenant, List.of(family.get()));
    }

    /**
     * Reads one family through the migration scan, which is ordered by unsigned family id: the
     * scan after the id just below it returns it first, if it is live.
     *
     * @param store    a token store
     * @param familyId a family id
     * @return the family with its unexpired tokens, or empty if none is live
     */
    public static Optional<RefreshFamily> refreshFamily(TokenStore store, UUID familyId) {
        Check.required(familyId, "familyId");
        List<RefreshFamily> next = store.scanRefreshFamilies(unsignedPredecessor(familyId), 1);
        return next.isEmpty() || !next.get(0).familyId().equals(familyId) ? Optional.empty() : Optional.of(next.get(0));
    }

    /**
     * @param target the backend to write to
     * @param tenant the tenant
     * @param denied a denied access token
     * @return what the target's import did (expired entries are skipped)
     */
    public static ImportResult revokedAccessToken(StoreBackend target, TenantId tenant, RevokedAccessToken denied) {
        return DENIALS.write(target, tenant, List.of(denied));
    }

    private static UUID unsignedPredecessor(UUID id) {
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        if (lsb != 0) {
            return new UUID(msb, lsb - 1);
        }
        if (msb != 0) {
            return new UUID(msb - 1, -1L);
        }
        return null;
    }
}
