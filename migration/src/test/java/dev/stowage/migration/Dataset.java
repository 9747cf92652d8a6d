package dev.stowage.migration;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.Posting;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.Fixtures;
import dev.stowage.token.Credential;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Test data of every record kind with the values that are hard to keep exactly: edge ids and
 * instants, microsecond timestamps, versions above 1, tricky Unicode, JSON fields, source keys,
 * ledgers with idempotency keys, credentials with and without expiries.
 *
 * @param contacts    contacts per tenant
 * @param accounts    credit accounts per tenant
 * @param credentials credentials per tenant
 */
record Dataset(int contacts, int accounts, int credentials) {

    /** The instant the tests' clocks stand at; expiries lie after it. */
    static final Instant NOW = Instant.parse("2026-03-01T09:30:00.123456Z");

    /**
     * Writes the data set into one tenant of a backend (through the bulk imports).
     *
     * @param backend the backend
     * @param tenant  the tenant
     * @param seed    varies ids between tenants and runs
     */
    void populate(StoreBackend backend, TenantId tenant, long seed) {
        List<Contact> batch = new ArrayList<>();
        for (int n = 0; n < contacts; n++) {
            batch.add(contact(n, seed));
            if (batch.size() == 1_000) {
                backend.contacts(tenant).importContacts(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            backend.contacts(tenant).importContacts(batch);
        }
        List<AccountHistory> histories = new ArrayList<>();
        for (int n = 0; n < accounts; n++) {
            histories.add(history(n));
            if (histories.size() == 500) {
                backend.credits(tenant).importAccounts(histories);
                histories.clear();
            }
        }
        if (!histories.isEmpty()) {
            backend.credits(tenant).importAccounts(histories);
        }
        List<Credential> creds = new ArrayList<>();
        for (int n = 0; n < credentials; n++) {
            creds.add(credential(n));
            if (creds.size() == 1_000) {
                backend.tokens(tenant).importCredentials(creds);
                creds.clear();
            }
        }
        if (!creds.isEmpty()) {
            backend.tokens(tenant).importCredentials(creds);
        }
    }

    /**
     * @param n    the contact's number
     * @param seed the tenant's seed
     * @return contact number n: the eight edge ids first, then seeded random ids
     */
    static Contact contact(int n, long seed) {
        List<UUID> edges = Fixtures.edgeIds();
        Random random = new Random(seed * 1_000_003L + n);
        UUID id = n < edges.size() ? edges.get(n) : new UUID(random.nextLong(), random.nextLong());
        ContactDraft draft = n % 2 == 0 ? Fixtures.sourcedContact(n) : Fixtures.contact(n);
        List<Fixtures.Sample> tricky = Fixtures.trickyStrings();
        if (n < tricky.size() && tricky.get(n).isNotBlank()) {
            draft = draft.toBuilder().notes(tricky.get(n).value()).firstName("T" + n).build();
        }
        if (n == 3) {
            draft = draft.toBuilder().customFields(Fixtures.trickyJson()).build();
        }
        List<Instant> edgeInstants = Fixtures.edgeInstants();
        Instant created = n < edgeInstants.size() ? edgeInstants.get(n)
                : NOW.minus(Duration.ofSeconds(n * 7L)).minusNanos((n % 997) * 1_000L);
        Instant updated = n % 3 == 0 || created.equals(Instant.parse("9999-12-31T23:59:59.999999Z")) ? created
                : created.plusNanos(1_000L + n);
        updated = updated.minusNanos(updated.getNano() % 1_000);
        return Fixtures.imported(id, draft, created, updated, 1 + n % 4);
    }

    /**
     * @param n the account's number
     * @return a ledger of 1..4 entries, each with an idempotency key
     */
    static AccountHistory history(int n) {
        String account = Fixtures.account(n);
        List<Posting> postings = new ArrayList<>();
        postings.add(Posting.purchase(account, 100 + n).withIdempotencyKey("buy-" + n).withReason("first purchase"));
        if (n % 2 == 0) {
            postings.add(Posting.deduction(account, 1 + n % 50).withIdempotencyKey("use-" + n));
        }
        if (n % 3 == 0) {
            postings.add(Posting.bonus(account, 7).withMetadata(java.util.Map.of("campaign", "spring", "n", (long) n)));
        }
        if (n % 5 == 0) {
            postings.add(Posting.refund(account, 3).withIdempotencyKey("refund-" + n));
        }
        return Fixtures.history(account, NOW.minus(Duration.ofDays(30)).plusNanos(n * 1_000L),
                postings.toArray(Posting[]::new));
    }

    /**
     * @param n the credential's number
     * @return a credential expiring after {@link #NOW} (every fourth never expires)
     */
    static Credential credential(int n) {
        Instant accessExpiry = NOW.plus(Duration.ofMinutes(30)).plusSeconds(n);
        Instant expiry = n % 4 == 0 ? null : NOW.plus(Duration.ofDays(30)).plusNanos(n * 1_000L);
        Instant created = NOW.minus(Duration.ofDays(10)).minusSeconds(n);
        return Fixtures.importedCredential(Fixtures.credential(Fixtures.subject(n), provider(n), accessExpiry, expiry),
                created, NOW.minusSeconds(n % 60));
    }

    private static String provider(int n) {
        return switch (n % 3) {
            case 0 -> "google";
            case 1 -> "microsoft";
            default -> "github";
        };
    }

    /**
     * @return records of every kind per tenant
     */
    int total() {
        return contacts + accounts + credentials;
    }
}
