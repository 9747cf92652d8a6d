package dev.stowage.migration.verify;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.Posting;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.Fixtures;
import dev.stowage.token.Credential;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RefreshTokenState;
import dev.stowage.token.RefreshTokens;
import dev.stowage.token.RevokedAccessToken;
import dev.stowage.token.CredentialDraft;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One deterministic data set of every store, written through the bulk imports so that two
 * backends hold exactly the same records: ids whose unsigned and signed orders disagree, account
 * ids and subjects whose code point and UTF-16 orders disagree, tricky text everywhere.
 */
final class TestData {

    /** Contacts per tenant. */
    static final int CONTACTS = 40;
    /** Refresh-token families per tenant. */
    static final int FAMILIES = 15;
    /** Denylist entries per tenant. */
    static final int DENIED = 12;
    /** The start of every timestamp; credentials expire a day after it. */
    final Instant start;

    TestData(Instant start) {
        this.start = start;
    }

    List<Contact> contacts(TenantId tenant) {
        List<Contact> contacts = new ArrayList<>();
        List<UUID> edge = Fixtures.edgeIds();
        List<Fixtures.Sample> tricky = Fixtures.trickyStrings();
        for (int n = 0; n < CONTACTS; n++) {
            UUID id = n < edge.size() ? edge.get(n)
                    : UUID.nameUUIDFromBytes((tenant + "/contact/" + n).getBytes(StandardCharsets.UTF_8));
            ContactDraft draft = Fixtures.sourcedContact(n).toBuilder()
                    .notes(tricky.get(n % tricky.size()).value())
                    .build();
            Instant created = start.plusSeconds(n);
            contacts.add(Contact.of(id, draft, created, created.plusMillis(n * 7L), 1 + n % 3));
        }
        return contacts;
    }

    List<AccountHistory> accounts() {
        List<AccountHistory> accounts = new ArrayList<>();
        int n = 0;
        for (String id : Fixtures.orderedAccountIds()) {
            List<Posting> postings = new ArrayList<>(List.of(
                    Posting.purchase(id, 1_000).withIdempotencyKey("order-" + n).withMetadata(Map.of("order", n)),
                    Posting.deduction(id, 250).withReason(Fixtures.trickyStrings().get(n % 5).value()),
                    Posting.bonus(id, 40)));
            for (int i = 0; i < n % 4; i++) {
                postings.add(Posting.refund(id, 1 + i));
            }
            accounts.add(Fixtures.history(id, start.plusSeconds(n), postings.toArray(Posting[]::new)));
            n++;
        }
        return accounts;
    }

    List<Credential> credentials() {
        List<Credential> credentials = new ArrayList<>();
        List<String> subjects = new ArrayList<>();
        Fixtures.trickyIdentifiers().forEach(sample -> subjects.add(sample.value()));
        subjects.addAll(Fixtures.orderedAccountIds());
        int n = 0;
        for (String subject : subjects.stream().distinct().toList()) {
            for (String provider : List.of("google", "microsoft")) {
                Instant expires = n % 5 == 0 ? null : start.plus(Duration.ofDays(1)).plusSeconds(n);
                CredentialDraft draft = Fixtures.credential(subject, provider, start.plus(Duration.ofHours(1)), expires);
                credentials.add(Credential.of(draft, start.plusSeconds(n), start.plusSeconds(n + 1)));
                n++;
            }
        }
        return credentials;
    }

    /** Refresh-token families: a third with a used token, a third revoked; they expire two days after the start. */
    List<RefreshFamily> families() {
        List<RefreshFamily> families = new ArrayList<>();
        for (int n = 0; n < FAMILIES; n++) {
            Instant issued = start.plusSeconds(n);
            List<RefreshTokenState> tokens = new ArrayList<>();
            tokens.add(new RefreshTokenState(RefreshTokens.hash("refresh-" + n), uuid("token/" + n), issued,
                    start.plus(Duration.ofDays(2)).plusSeconds(n), n % 3 == 0));
            if (n % 3 == 0) {
                tokens.add(new RefreshTokenState(RefreshTokens.hash("refresh-" + n + "-next"), uuid("token/" + n + "/next"),
                        issued.plusSeconds(1), start.plus(Duration.ofDays(2)).plusSeconds(n + 1), false));
            }
            families.add(new RefreshFamily(uuid("family/" + n), "user-" + n % 7, issued, n % 3 == 1, tokens));
        }
        return families;
    }

    /** Denied access-token ids, expiring a day after the start. */
    List<RevokedAccessToken> revokedAccessTokens() {
        List<RevokedAccessToken> entries = new ArrayList<>();
        for (int n = 0; n < DENIED; n++) {
            entries.add(new RevokedAccessToken("jti-" + n, start.plus(Duration.ofDays(1)).plusSeconds(n % 5)));
        }
        return entries;
    }

    private static UUID uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the data set for {@code tenant} into every store of {@code backend}. */
    void writeTo(StoreBackend backend, TenantId tenant) {
        backend.contacts(tenant).importContacts(contacts(tenant));
        backend.credits(tenant).importAccounts(accounts());
        backend.tokens(tenant).importCredentials(credentials());
        backend.tokens(tenant).importRefreshFamilies(families());
        backend.tokens(tenant).importRevokedAccessTokens(revokedAccessTokens());
    }
}
