package dev.stowage.migration.verify;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactStatus;
import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.Posting;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.TestBackend;
import dev.stowage.migration.TestBackend.Kind;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Ids;
import dev.stowage.testkit.Fixtures;
import dev.stowage.testkit.MutableClock;
import dev.stowage.token.Credential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of difference between a real PostgreSQL source and a real Redis target is found,
 * under the right key, with the right counts. Every test works in a tenant of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MismatchDetectionTest {

    private static final AtomicInteger TENANTS = new AtomicInteger();

    private final MutableClock clock = MutableClock.standard();
    private final TestData data = new TestData(clock.instant());
    private TestBackend postgres;
    private TestBackend redis;
    private StoreBackend source;
    private StoreBackend target;

    @BeforeAll
    void open() {
        postgres = TestBackend.open(Kind.POSTGRES, clock, "verify-mismatch");
        redis = TestBackend.open(Kind.REDIS, clock, "verify-mismatch");
        source = postgres.backend();
        target = redis.backend();
    }

    @AfterAll
    void close() {
        try (TestBackend p = postgres; TestBackend r = redis) {
            assertThat(p).isNotNull();
            assertThat(r).isNotNull();
        }
    }

    private static TenantId newTenant() {
        return TenantId.of("mismatch-" + TENANTS.incrementAndGet());
    }

    private Verification verification(TenantId... tenants) {
        return Verification.of(source, target).tenants(tenants).clock(clock).pageSize(6);
    }

    /** The result of the store's first kind of records; the store's other kinds (empty here) must be VALIDATED. */
    private static RecordsResult only(VerificationReport report, StoreKind store) {
        assertThat(report.results()).as(report.toTable()).allSatisfy(r -> assertThat(r.store()).isEqualTo(store));
        assertThat(report.results().subList(1, report.results().size())).as(report.toTable())
                .allSatisfy(r -> assertThat(r.state()).isEqualTo(VerificationState.VALIDATED));
        return report.results().get(0);
    }

    private static void assertOneMismatch(RecordsResult result, MismatchKind kind, Map<String, String> key,
                                          Difference... differences) {
        assertThat(result.state()).isEqualTo(VerificationState.MISMATCHED);
        assertThat(result.mismatchCount()).isEqualTo(1);
        assertThat(result.mismatches()).singleElement().satisfies(mismatch -> {
            assertThat(mismatch.kind()).isEqualTo(kind);
            assertThat(mismatch.key()).isEqualTo(key);
            assertThat(mismatch.differences()).containsExactly(differences);
            assertThat(mismatch.omittedDifferences()).isZero();
        });
    }

    private List<Contact> contactsOnBothSides(TenantId tenant) {
        List<Contact> contacts = data.contacts(tenant);
        source.contacts(tenant).importContacts(contacts);
        target.contacts(tenant).importContacts(contacts);
        return contacts;
    }

    // ---------------------------------------------------------------- contacts

    @Test
    void aContactMissingOnTheTarget() {
        TenantId tenant = newTenant();
        Contact gone = contactsOnBothSides(tenant).get(17);
        target.contacts(tenant).delete(gone.id());

        RecordsResult result = only(verification(tenant).stores(StoreKind.CONTACTS).run(), StoreKind.CONTACTS);

        assertOneMismatch(result, MismatchKind.MISSING_ON_TARGET, Map.of("id", gone.id().toString()));
        assertThat(result.sourceCount()).isEqualTo(TestData.CONTACTS);
        assertThat(result.targetCount()).isEqualTo(TestData.CONTACTS - 1);
    }

    @Test
    void anExtraContactOnTheTarget() {
        TenantId tenant = newTenant();
        contactsOnBothSides(tenant);
        Contact extra = target.contacts(tenant).create(Fixtures.contact(99));

        RecordsResult result = only(verification(tenant).stores(StoreKind.CONTACTS).run(), StoreKind.CONTACTS);

        assertOneMismatch(result, MismatchKind.MISSING_ON_SOURCE, Map.of("id", extra.id().toString()));
        assertThat(result.targetCount()).isEqualTo(TestData.CONTACTS + 1);
    }

    @Test
    void aContactWithDifferentFields() {
        TenantId tenant = newTenant();
        List<Contact> contacts = data.contacts(tenant);
        source.contacts(tenant).importContacts(contacts);
        List<Contact> changed = new ArrayList<>(contacts);
        Contact original = contacts.get(5);
        ContactStatus other = original.status() == ContactStatus.ACTIVE ? ContactStatus.INACTIVE : ContactStatus.ACTIVE;
        changed.set(5, original.withDraft(original.toDraft().toBuilder()
                .email("someone.else@example.com").status(other).build()));
        target.contacts(tenant).importContacts(changed);

        RecordsResult result = only(verification(tenant).stores(StoreKind.CONTACTS).run(), StoreKind.CONTACTS);

        assertOneMismatch(result, MismatchKind.DIFFERENT, Map.of("id", original.id().toString()),
                new Difference("status", original.status().name(), other.name()),
                new Difference("email", Difference.HIDDEN, Difference.HIDDEN));
        assertThat(result.toString()).doesNotContain("someone.else");
    }

    @Test
    void aContactAtAnotherVersion() {
        TenantId tenant = newTenant();
        List<Contact> contacts = contactsOnBothSides(tenant);
        Contact original = contacts.get(9);
        Contact newer = new Contact(original.id(), original.firstName(), original.lastName(), original.email(),
                original.phone(), original.company(), original.title(), original.address(), original.notes(),
                original.status(), original.tags(), original.customFields(), original.source(), original.sourceId(),
                original.createdAt(), original.updatedAt(), original.version() + 1);
        target.contacts(tenant).importContacts(List.of(newer));

        RecordsResult result = only(verification(tenant).stores(StoreKind.CONTACTS).run(), StoreKind.CONTACTS);

        assertOneMismatch(result, MismatchKind.DIFFERENT, Map.of("id", original.id().toString()),
                new Difference("version", Long.toString(original.version()), Long.toString(original.version() + 1)));
    }

    @Test
    void onlyTheFirstKeysAreListedButAllAreCounted() {
        TenantId tenant = newTenant();
        List<Contact> contacts = data.contacts(tenant);
        source.contacts(tenant).importContacts(contacts);

        RecordsResult five = only(verification(tenant).stores(StoreKind.CONTACTS).maxReportedKeys(5).run(),
                StoreKind.CONTACTS);
        RecordsResult none = only(verification(tenant).stores(StoreKind.CONTACTS).maxReportedKeys(0).run(),
                StoreKind.CONTACTS);

        List<String> firstIds = contacts.stream().map(Contact::id).sorted(Ids.UNSIGNED_ORDER).limit(5)
                .map(Object::toString).toList();
        assertThat(five.state()).isEqualTo(VerificationState.MISMATCHED);
        assertThat(five.mismatchCount()).isEqualTo(TestData.CONTACTS);
        assertThat(five.mismatches()).extracting(m -> m.key().get("id")).containsExactlyElementsOf(firstIds);
        assertThat(five.mismatches()).extracting(Mismatch::kind).containsOnly(MismatchKind.MISSING_ON_TARGET);
        assertThat(none.mismatchCount()).isEqualTo(TestData.CONTACTS);
        assertThat(none.mismatches()).isEmpty();
        assertThat(none.state()).isEqualTo(VerificationState.MISMATCHED);
    }

    // ---------------------------------------------------------------- credits

    private List<AccountHistory> accountsOnSource(TenantId tenant) {
        List<AccountHistory> accounts = data.accounts();
        source.credits(tenant).importAccounts(accounts);
        return accounts;
    }

    @Test
    void aLedgerWithAChangedEntry() {
        TenantId tenant = newTenant();
        List<AccountHistory> accounts = accountsOnSource(tenant);
        String id = accounts.get(3).account().accountId();
        List<AccountHistory> changed = new ArrayList<>(accounts);
        // The same ledger, except that the deduction (sequence 2) took 260 instead of 250.
        changed.set(3, Fixtures.history(id, accounts.get(3).entries().get(0).createdAt(),
                Posting.purchase(id, 1_000).withIdempotencyKey("order-3").withMetadata(Map.of("order", 3)),
                Posting.deduction(id, 260).withReason(Fixtures.trickyStrings().get(3).value()),
                Posting.bonus(id, 40), Posting.refund(id, 1), Posting.refund(id, 2), Posting.refund(id, 3)));
        target.credits(tenant).importAccounts(changed);

        RecordsResult result = only(verification(tenant).stores(StoreKind.CREDITS).run(), StoreKind.CREDITS);

        long balance = accounts.get(3).account().balance();
        assertOneMismatch(result, MismatchKind.DIFFERENT, Map.of("accountId", id),
                new Difference("balance", Long.toString(balance), Long.toString(balance - 10)),
                new Difference("totalUsed", "250", "260"),
                new Difference("entries[seq=2].amount", "-250", "-260"),
                new Difference("entries[seq=2].balanceAfter", "750", "740"),
                new Difference("entries[seq=3].balanceAfter", "790", "780"),
                new Difference("entries[seq=4].balanceAfter", "791", "781"),
                new Difference("entries[seq=5].balanceAfter", "793", "783"),
                new Difference("entries[seq=6].balanceAfter", "796", "786"));
        assertThat(result.sourceCount()).isEqualTo(accounts.size());
        assertThat(result.targetCount()).isEqualTo(accounts.size());
    }

    @Test
    void aLedgerWithAnExtraEntryOnTheTarget() {
        TenantId tenant = newTenant();
        List<AccountHistory> accounts = accountsOnSource(tenant);
        target.credits(tenant).importAccounts(accounts);
        AccountHistory account = accounts.get(0);
        long entries = account.entries().size();
        target.credits(tenant).post(Posting.bonus(account.account().accountId(), 5));

        RecordsResult result = only(verification(tenant).stores(StoreKind.CREDITS).run(), StoreKind.CREDITS);

        assertThat(result.mismatchCount()).isEqualTo(1);
        Mismatch mismatch = result.mismatches().get(0);
        assertThat(mismatch.kind()).isEqualTo(MismatchKind.DIFFERENT);
        assertThat(mismatch.key()).isEqualTo(Map.of("accountId", account.account().accountId()));
        assertThat(mismatch.differences()).contains(
                new Difference("balance", Long.toString(account.account().balance()),
                        Long.toString(account.account().balance() + 5)),
                new Difference("entries[seq=" + (entries + 1) + "]", Difference.ABSENT, "present"),
                new Difference("entryCount", Long.toString(entries), Long.toString(entries + 1)),
                new Difference("lastSequence", Long.toString(entries), Long.toString(entries + 1)));
        assertThat(mismatch.differences()).noneMatch(d -> d.field().startsWith("invariant"));
    }

    @Test
    void aBrokenBalanceOnOneSide() {
        TenantId tenant = newTenant();
        List<AccountHistory> accounts = accountsOnSource(tenant);
        target.credits(tenant).importAccounts(accounts);
        AccountHistory account = accounts.get(1);
        long balance = account.account().balance();
        // Corruption outside Stowage: the account row no longer agrees with its ledger.
        TestBackend.sql("UPDATE \"" + postgres.space() + "\".credit_account SET balance = balance + 7 WHERE tenant_id = '" + tenant
                + "' AND account_id = '" + account.account().accountId() + "'");

        RecordsResult result = only(verification(tenant).stores(StoreKind.CREDITS).run(), StoreKind.CREDITS);

        assertOneMismatch(result, MismatchKind.DIFFERENT, Map.of("accountId", account.account().accountId()),
                new Difference("balance", Long.toString(balance + 7), Long.toString(balance)),
                new Difference("invariant: balance = sum(amounts)",
                        "broken: balance " + (balance + 7) + ", sum " + balance, "holds"));
    }

    @Test
    void aBalanceBrokenAlikeOnBothSidesIsInvalid() {
        TenantId tenant = newTenant();
        AccountHistory account = accountsOnSource(tenant).get(2);
        long balance = account.account().balance();
        TestBackend.sql("UPDATE \"" + postgres.space() + "\".credit_account SET balance = balance - 1 WHERE tenant_id = '" + tenant
                + "' AND account_id = '" + account.account().accountId() + "'");

        // Both sides are the same store: equal fields, and the same invariant broken on each.
        VerificationReport report = Verification.of(source, source).tenants(tenant).stores(StoreKind.CREDITS)
                .clock(clock).run();

        String broken = "broken: balance " + (balance - 1) + ", sum " + balance;
        assertOneMismatch(only(report, StoreKind.CREDITS), MismatchKind.INVALID,
                Map.of("accountId", account.account().accountId()),
                new Difference("invariant: balance = sum(amounts)", broken, broken));
    }

    // ---------------------------------------------------------------- credentials

    private List<Credential> credentialsOnSource(TenantId tenant) {
        List<Credential> credentials = data.credentials();
        source.tokens(tenant).importCredentials(credentials);
        return credentials;
    }

    private static Map<String, String> key(Credential credential) {
        return Map.of("subject", credential.subject(), "provider", credential.provider());
    }

    private static Credential withExpiry(Credential c, java.time.Instant expiresAt) {
        return new Credential(c.subject(), c.provider(), c.accessToken(), c.refreshToken(), c.accessTokenExpiresAt(),
                expiresAt, c.scopes(), c.accountEmail(), c.metadata(), c.createdAt(), c.updatedAt());
    }

    @Test
    void aCredentialWithAnotherExpiry() {
        TenantId tenant = newTenant();
        List<Credential> credentials = credentialsOnSource(tenant);
        List<Credential> changed = new ArrayList<>(credentials);
        Credential original = credentials.get(3);
        java.time.Instant later = original.expiresAt().plusSeconds(3_600);
        changed.set(3, withExpiry(original, later));
        target.tokens(tenant).importCredentials(changed);

        RecordsResult result = only(verification(tenant).stores(StoreKind.TOKENS).run(), StoreKind.TOKENS);

        assertOneMismatch(result, MismatchKind.DIFFERENT, key(original),
                new Difference("expiresAt", original.expiresAt().toString(), later.toString()));
        assertThat(result.records()).isEqualTo(dev.stowage.migration.RecordKind.CREDENTIALS);
    }

    @Test
    void tokenValuesAreComparedButNeverShown() {
        TenantId tenant = newTenant();
        List<Credential> credentials = credentialsOnSource(tenant);
        List<Credential> changed = new ArrayList<>(credentials);
        Credential c = credentials.get(4);
        changed.set(4, new Credential(c.subject(), c.provider(), "other-access-secret", null,
                c.accessTokenExpiresAt(), c.expiresAt(), c.scopes(), c.accountEmail(), c.metadata(), c.createdAt(),
                c.updatedAt()));
        target.tokens(tenant).importCredentials(changed);

        VerificationReport report = verification(tenant).stores(StoreKind.TOKENS).run();

        assertOneMismatch(only(report, StoreKind.TOKENS), MismatchKind.DIFFERENT, key(c),
                new Difference("accessToken", Difference.SECRET, Difference.SECRET),
                new Difference("refreshToken", Difference.SECRET, Difference.NONE));
        for (String text : List.of(report.toJson(), report.toTable(), report.toString())) {
            assertThat(text).doesNotContain("other-access-secret").doesNotContain(c.accessToken())
                    .doesNotContain(c.refreshToken());
        }
    }

    @Test
    void aCredentialThatExpiresWhileOnlyTheSourceHoldsItStopsCounting() {
        TenantId tenant = newTenant();
        java.time.Instant now = clock.instant();
        List<Credential> credentials = data.credentials();
        Credential expiring = withExpiry(credentials.get(1), now.plusSeconds(600));
        List<Credential> onSource = new ArrayList<>(credentials);
        onSource.set(1, expiring);
        source.tokens(tenant).importCredentials(onSource);
        List<Credential> onTarget = new ArrayList<>(credentials);
        onTarget.remove(1);   // the copy ran after it expired, and importCredentials skipped it
        target.tokens(tenant).importCredentials(onTarget);
        try {
            RecordsResult before = only(verification(tenant).stores(StoreKind.TOKENS).run(), StoreKind.TOKENS);
            assertOneMismatch(before, MismatchKind.MISSING_ON_TARGET, key(expiring));

            clock.advance(java.time.Duration.ofSeconds(599).plusMillis(500));   // within the 1 s tolerance
            RecordsResult within = only(verification(tenant).stores(StoreKind.TOKENS).run(), StoreKind.TOKENS);
            RecordsResult strict = only(verification(tenant).stores(StoreKind.TOKENS)
                    .expiryTolerance(java.time.Duration.ZERO).run(), StoreKind.TOKENS);
            clock.advance(java.time.Duration.ofSeconds(1));   // expired by the stores' clock
            RecordsResult after = only(verification(tenant).stores(StoreKind.TOKENS).run(), StoreKind.TOKENS);

            assertThat(within.state()).isEqualTo(VerificationState.VALIDATED);
            assertThat(within.sourceCount()).isEqualTo(credentials.size() - 1);
            assertOneMismatch(strict, MismatchKind.MISSING_ON_TARGET, key(expiring));
            assertThat(after.state()).isEqualTo(VerificationState.VALIDATED);
            assertThat(after.sourceCount()).isEqualTo(credentials.size() - 1);
            assertThat(after.targetCount()).isEqualTo(credentials.size() - 1);
        } finally {
            clock.set(now);
        }
    }

    @Test
    void aCopyThatCountsAsExpiredOnOneSideIsMissingThere() {
        TenantId tenant = newTenant();
        java.time.Instant now = clock.instant();
        java.time.Instant expiry = now.plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        List<Credential> credentials = credentialsOnSource(tenant);
        Credential original = credentials.get(2);
        List<Credential> onTarget = new ArrayList<>(credentials);
        onTarget.set(2, withExpiry(original, expiry));
        target.tokens(tenant).importCredentials(onTarget);
        try {
            clock.advance(java.time.Duration.ofMillis(59_500));   // the target's copy expires within the tolerance

            RecordsResult result = only(verification(tenant).stores(StoreKind.TOKENS).run(), StoreKind.TOKENS);

            assertOneMismatch(result, MismatchKind.MISSING_ON_TARGET, key(original),
                    new Difference("expiresAt", original.expiresAt().toString(), expiry.toString()));
            assertThat(result.targetCount()).isEqualTo(credentials.size() - 1);
        } finally {
            clock.set(now);
        }
    }

    // ---------------------------------------------------------------- tenants

    @Test
    void aTenantMissingOnTheTarget() {
        TenantId copied = newTenant();
        TenantId forgotten = newTenant();
        data.writeTo(source, copied);
        data.writeTo(target, copied);
        data.writeTo(source, forgotten);

        VerificationReport report = verification(copied, forgotten).run();

        assertThat(report.state()).isEqualTo(VerificationState.MISMATCHED);
        assertThat(report.stores()).containsOnlyKeys(StoreKind.values()).allSatisfy(
                (store, state) -> assertThat(state).isEqualTo(VerificationState.MISMATCHED));
        assertThat(report.results()).hasSize(10);
        for (RecordsResult result : report.results()) {
            if (result.tenant().equals(copied)) {
                assertThat(result.state()).as(result.records().label()).isEqualTo(VerificationState.VALIDATED);
            } else {
                assertThat(result.state()).isEqualTo(VerificationState.MISMATCHED);
                assertThat(result.sourceCount()).isPositive();
                assertThat(result.targetCount()).isZero();
                assertThat(result.mismatchCount()).isEqualTo(result.sourceCount());
                assertThat(result.mismatches()).extracting(Mismatch::kind).containsOnly(MismatchKind.MISSING_ON_TARGET);
            }
        }
        assertThat(report.toTable()).contains(forgotten.value());
    }

    @Test
    void aTenantOnlyTheTargetHoldsIsDiscoveredAndIsAMismatch() {
        StoreBackend memorySource = dev.stowage.inmemory.InMemoryStores.backend(clock);
        StoreBackend memoryTarget = dev.stowage.inmemory.InMemoryStores.backend(clock);
        TenantId shared = newTenant();
        TenantId extra = newTenant();
        data.writeTo(memorySource, shared);
        data.writeTo(memoryTarget, shared);
        data.writeTo(memoryTarget, extra);

        VerificationReport report = Verification.of(memorySource, memoryTarget).clock(clock).run();

        assertThat(report.state()).isEqualTo(VerificationState.MISMATCHED);
        assertThat(report.notes()).containsExactly("tenants not chosen: discovered from both sides (2)");
        assertThat(report.results()).extracting(RecordsResult::tenant).containsOnly(shared, extra);
        for (RecordsResult result : report.results()) {
            if (result.tenant().equals(shared)) {
                assertThat(result.state()).isEqualTo(VerificationState.VALIDATED);
            } else {
                assertThat(result.state()).as(result.records().label()).isEqualTo(VerificationState.MISMATCHED);
                assertThat(result.sourceCount()).isZero();
                assertThat(result.mismatches()).extracting(Mismatch::kind).containsOnly(MismatchKind.MISSING_ON_SOURCE);
            }
        }
        assertThat(report.toTable()).contains("note: tenants not chosen");
        assertThat(VerificationReport.fromJson(report.toJson())).isEqualTo(report);
    }

    // ---------------------------------------------------------------- refresh-token families and the denylist

    private void sessionsOnBothSides(TenantId tenant) {
        source.tokens(tenant).importRefreshFamilies(data.families());
        source.tokens(tenant).importRevokedAccessTokens(data.revokedAccessTokens());
        target.tokens(tenant).importRefreshFamilies(data.families());
        target.tokens(tenant).importRevokedAccessTokens(data.revokedAccessTokens());
    }

    private RecordsResult tokens(TenantId tenant, dev.stowage.migration.RecordKind records) {
        VerificationReport report = verification(tenant).stores(StoreKind.TOKENS).run();
        assertThat(report.results()).hasSize(3);
        return report.results().stream().filter(r -> r.records() == records).findFirst().orElseThrow();
    }

    @Test
    void aRevokedJtiMissingOnTheTarget() {
        TenantId tenant = newTenant();
        sessionsOnBothSides(tenant);
        dev.stowage.token.RevokedAccessToken missing = new dev.stowage.token.RevokedAccessToken("jti-only-on-source",
                clock.instant().plus(java.time.Duration.ofHours(2)));
        source.tokens(tenant).importRevokedAccessTokens(List.of(missing));

        RecordsResult result = tokens(tenant, dev.stowage.migration.RecordKind.REVOKED_ACCESS_TOKENS);

        assertOneMismatch(result, MismatchKind.MISSING_ON_TARGET,
                Map.of("jti", missing.jti(), "expiresAt", missing.expiresAt().toString()));
        assertThat(result.sourceCount()).isEqualTo(TestData.DENIED + 1);
        assertThat(result.targetCount()).isEqualTo(TestData.DENIED);
    }

    @Test
    void aFamilyRevokedOnOneSideOnly() {
        TenantId tenant = newTenant();
        sessionsOnBothSides(tenant);
        dev.stowage.token.RefreshFamily family = data.families().get(2);
        assertThat(family.revoked()).isFalse();
        assertThat(target.tokens(tenant).revokeRefreshFamily(family.familyId())).isTrue();

        RecordsResult result = tokens(tenant, dev.stowage.migration.RecordKind.REFRESH_FAMILIES);

        assertOneMismatch(result, MismatchKind.DIFFERENT, Map.of("familyId", family.familyId().toString()),
                new Difference("revoked", "false", "true"));
        assertThat(result.sourceCount()).isEqualTo(TestData.FAMILIES);
    }

    @Test
    void aTokenUsedOnOneSideOnlyIsShownWithoutItsHash() {
        TenantId tenant = newTenant();
        sessionsOnBothSides(tenant);
        dev.stowage.token.RefreshFamily family = data.families().get(5);
        assertThat(target.tokens(tenant).rotateRefreshToken("refresh-5", java.time.Duration.ofDays(1)).isRotated())
                .isTrue();

        VerificationReport report = verification(tenant).stores(StoreKind.TOKENS).run();
        RecordsResult result = report.results().stream()
                .filter(r -> r.records() == dev.stowage.migration.RecordKind.REFRESH_FAMILIES).findFirst().orElseThrow();

        assertThat(result.state()).isEqualTo(VerificationState.MISMATCHED);
        assertThat(result.mismatches()).singleElement().satisfies(mismatch -> {
            assertThat(mismatch.key()).isEqualTo(Map.of("familyId", family.familyId().toString()));
            assertThat(mismatch.differences()).contains(new Difference(
                    "tokens[id=" + family.tokens().get(0).id() + "].used", "false", "true"));
        });
        for (String text : List.of(report.toJson(), report.toTable())) {
            assertThat(text).doesNotContain(family.tokens().get(0).tokenHash()).doesNotContain("refresh-5");
        }
    }
}
