package dev.stowage.redis;

import dev.stowage.Page;
import dev.stowage.TenantId;
import dev.stowage.contact.Address;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.contact.ContactSort;
import dev.stowage.contact.ContactStatus;
import dev.stowage.contact.ContactStore;
import dev.stowage.contact.SortDirection;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.EntryType;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.Posting;
import dev.stowage.exception.ConflictException;
import dev.stowage.exception.StoreException;
import dev.stowage.exception.ValidationException;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.support.Ids;
import dev.stowage.token.CredentialDraft;
import dev.stowage.token.IssuedRefreshToken;
import dev.stowage.token.RotationResult;
import dev.stowage.token.TokenStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the Redis backend and the in-memory reference with the same random operations (seeded,
 * so a failure repeats) and the same clock, and requires the same observable result from every
 * call: equal values, or the same exception type, reason and field. Ids that the stores assign
 * differ between the two, so Redis's ids are mapped to the reference's; both follow creation
 * order, so orders that break ties by id still agree.
 */
abstract class ReferenceEquivalenceTest extends RedisTestBase {

    private static final List<String> EMAILS = List.of("ada@example.com", "ADA@Example.com", "bob@example.org",
            "Émile@exämple.fr", "cy@example.net");
    private static final List<String> LAST_NAMES = java.util.Arrays.asList(null, "", "Lovelace", "lovelace",
            "Élodie", "Zoë", "O'Brien", "😀 smile", "Ab", "Ab\u0001c");
    private static final List<String> COMPANIES = java.util.Arrays.asList(null, "Acme", "acme", "Ünïcode GmbH");
    private static final List<String> TAGS = List.of("vip", "b2b", "lead", "é", "x y");
    private static final List<String> WORDS = List.of("alpha", "beta", "Gamma", "ünïcode", "42", "ada");

    private StoreBackend reference;
    private final Map<UUID, UUID> toReference = new HashMap<>();

    @BeforeAll
    final void openReference() {
        reference = InMemoryStores.backend(clock);
    }

    @AfterAll
    final void closeReference() {
        reference.close();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void contacts_behave_like_the_reference(long seed) {
        Random random = new Random(seed);
        TenantId tenant = TenantId.of("eq-c-" + seed);
        ContactStore expected = reference.contacts(tenant);
        ContactStore actual = backend.contacts(tenant);
        for (int step = 0; step < 300; step++) {
            clock.advance(Duration.ofNanos(random.nextInt(3) * 700_000L));
            int op = random.nextInt(100);
            if (op < 25) {
                ContactDraft draft = draft(random);
                same(() -> expected.create(draft), () -> actual.create(draft), this::mapped, this::remember);
            } else if (op < 35) {
                ContactDraft draft = draft(random).toBuilder().source("crm", "id-" + random.nextInt(6)).build();
                same(() -> expected.upsertBySource(draft), () -> actual.upsertBySource(draft), this::mapped,
                        this::remember);
            } else if (op < 50) {
                Contact target = pick(expected, random);
                if (target != null) {
                    long version = target.version() + (random.nextInt(4) == 0 ? 1 : 0);
                    ContactDraft draft = random.nextBoolean() ? draft(random) : target.toDraft();
                    same(() -> expected.update(target.id(), version, draft),
                            () -> actual.update(redisId(target.id()), version, draft), this::mapped, null);
                }
            } else if (op < 57) {
                Contact target = pick(expected, random);
                if (target != null) {
                    boolean versioned = random.nextBoolean();
                    long version = target.version() + (random.nextInt(3) == 0 ? 1 : 0);
                    same(() -> versioned ? expected.delete(target.id(), version) : expected.delete(target.id()),
                            () -> versioned ? actual.delete(redisId(target.id()), version)
                                    : actual.delete(redisId(target.id())), Function.identity(), null);
                }
            } else if (op < 62) {
                List<Contact> batch = importBatch(expected, random);
                same(() -> expected.importContacts(batch), () -> actual.importContacts(batch), Function.identity(), null);
            } else if (op < 67) {
                String email = EMAILS.get(random.nextInt(EMAILS.size()));
                same(() -> expected.findByEmail(email), () -> actual.findByEmail(email), this::mappedList, null);
            } else if (op < 70) {
                String sourceId = "id-" + random.nextInt(6);
                same(() -> expected.findBySource("crm", sourceId), () -> actual.findBySource("crm", sourceId),
                        found -> found.map(this::mapped), null);
            } else if (op < 90) {
                ContactQuery query = query(random);
                assertThat(pages(actual, query)).as("search %s", query).isEqualTo(pages(expected, query));
                same(() -> expected.count(query), () -> actual.count(query), Function.identity(), null);
            } else {
                int limit = 1 + random.nextInt(7);
                assertThat(scanAll(actual, limit)).isEqualTo(scanAll(expected, limit));
            }
        }
        assertThat(scanAll(actual, 1000)).isEqualTo(scanAll(expected, 1000));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void credits_behave_like_the_reference(long seed) {
        Random random = new Random(seed);
        TenantId tenant = TenantId.of("eq-a-" + seed);
        CreditStore expected = reference.credits(tenant);
        CreditStore actual = backend.credits(tenant);
        List<String> accounts = List.of("a", "b", "é-😀", "a:b");
        for (int step = 0; step < 300; step++) {
            clock.advance(Duration.ofNanos(random.nextInt(3) * 700_000L));
            String account = accounts.get(random.nextInt(accounts.size()));
            EntryType type = EntryType.values()[random.nextInt(EntryType.values().length)];
            long magnitude = 1 + random.nextInt(40);
            long amount = type == EntryType.DEDUCTION || (type == EntryType.ADJUSTMENT && random.nextBoolean())
                    ? -magnitude : magnitude;
            Posting posting = new Posting(account, type, amount, random.nextBoolean() ? "why " + step : null,
                    Map.of("step", step), random.nextInt(3) == 0 ? "key-" + random.nextInt(8) : null);
            same(() -> expected.post(posting), () -> actual.post(posting), ReferenceEquivalenceTest::withoutId, null);
            if (random.nextInt(10) == 0) {
                int limit = 1 + random.nextInt(9);
                assertThat(history(actual, account, limit)).isEqualTo(history(expected, account, limit));
                same(() -> expected.account(account), () -> actual.account(account), Function.identity(), null);
                same(() -> expected.entries(account, 3, 5), () -> actual.entries(account, 3, 5),
                        entries -> entries.stream().map(ReferenceEquivalenceTest::withoutId).toList(), null);
                same(() -> expected.scanAccounts("a", 2), () -> actual.scanAccounts("a", 2), Function.identity(), null);
            }
        }
        same(() -> expected.scanAccounts(null, 10), () -> actual.scanAccounts(null, 10), Function.identity(), null);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void tokens_behave_like_the_reference(long seed) {
        Random random = new Random(seed);
        TenantId tenant = TenantId.of("eq-t-" + seed);
        TokenStore expected = reference.tokens(tenant);
        TokenStore actual = backend.tokens(tenant);
        List<String[]> issued = new ArrayList<>();
        for (int step = 0; step < 300; step++) {
            clock.advance(Duration.ofSeconds(random.nextInt(40)));
            String subject = "user-" + random.nextInt(3);
            String provider = List.of("google", "ms", "gh").get(random.nextInt(3));
            int op = random.nextInt(100);
            if (op < 25) {
                Instant now = clock.instant();
                CredentialDraft draft = CredentialDraft.builder(subject, provider, "at-" + step)
                        .refreshToken(random.nextBoolean() ? "rt-" + step : null)
                        .accessTokenExpiresAt(random.nextBoolean() ? now.plusSeconds(random.nextInt(200)) : null)
                        .expiresAt(random.nextBoolean() ? now.plusSeconds(random.nextInt(400) - 20) : null)
                        .scopes("mail", "cal").metadata(Map.of("n", step)).build();
                same(() -> expected.putCredential(draft), () -> actual.putCredential(draft), Function.identity(), null);
            } else if (op < 32) {
                same(() -> expected.deleteCredential(subject, provider), () -> actual.deleteCredential(subject, provider),
                        Function.identity(), null);
            } else if (op < 42) {
                same(() -> expected.credential(subject, provider), () -> actual.credential(subject, provider),
                        Function.identity(), null);
                same(() -> expected.credentials(subject), () -> actual.credentials(subject), Function.identity(), null);
                Instant bound = clock.instant().plusSeconds(random.nextInt(200));
                same(() -> expected.credentialsExpiringBefore(bound, 3),
                        () -> actual.credentialsExpiringBefore(bound, 3), Function.identity(), null);
                same(() -> expected.scanCredentials(subject, provider, 4),
                        () -> actual.scanCredentials(subject, provider, 4), Function.identity(), null);
            } else if (op < 52) {
                Duration ttl = Duration.ofSeconds(1 + random.nextInt(300));
                IssuedRefreshToken a = expected.issueRefreshToken(subject, ttl);
                IssuedRefreshToken b = actual.issueRefreshToken(subject, ttl);
                issued.add(new String[] {a.token(), b.token(), a.refreshToken().familyId().toString(),
                        b.refreshToken().familyId().toString()});
            } else if (op < 70 && !issued.isEmpty()) {
                String[] pair = issued.get(random.nextInt(issued.size()));
                Duration ttl = Duration.ofSeconds(1 + random.nextInt(300));
                RotationResult a = expected.rotateRefreshToken(pair[0], ttl);
                RotationResult b = actual.rotateRefreshToken(pair[1], ttl);
                assertThat(outcome(b)).isEqualTo(outcome(a));
                if (a instanceof RotationResult.Rotated ra && b instanceof RotationResult.Rotated rb) {
                    issued.add(new String[] {ra.next().token(), rb.next().token(), pair[2], pair[3]});
                }
            } else if (op < 78 && !issued.isEmpty()) {
                String[] pair = issued.get(random.nextInt(issued.size()));
                assertThat(actual.findRefreshToken(pair[1]).isPresent())
                        .isEqualTo(expected.findRefreshToken(pair[0]).isPresent());
            } else if (op < 82 && !issued.isEmpty()) {
                String[] pair = issued.get(random.nextInt(issued.size()));
                assertThat(actual.revokeRefreshFamily(UUID.fromString(pair[3])))
                        .isEqualTo(expected.revokeRefreshFamily(UUID.fromString(pair[2])));
            } else if (op < 85) {
                same(() -> expected.revokeRefreshTokens(subject), () -> actual.revokeRefreshTokens(subject),
                        Function.identity(), null);
            } else if (op < 93) {
                String jti = "jti-" + random.nextInt(5);
                Instant until = clock.instant().plusSeconds(random.nextInt(120) - 10);
                same(() -> { expected.revokeAccessToken(jti, until); return expected.isAccessTokenRevoked(jti); },
                        () -> { actual.revokeAccessToken(jti, until); return actual.isAccessTokenRevoked(jti); },
                        Function.identity(), null);
            } else if (op < 97) {
                String jti = "jti-" + random.nextInt(5);
                same(() -> expected.isAccessTokenRevoked(jti), () -> actual.isAccessTokenRevoked(jti),
                        Function.identity(), null);
            } else {
                same(expected::purgeExpired, actual::purgeExpired, Function.identity(), null);
            }
        }
        same(() -> expected.scanCredentials(null, null, 100), () -> actual.scanCredentials(null, null, 100),
                Function.identity(), null);
    }

    // Comparison

    /**
     * Runs both calls and requires the same outcome: equal values (after normalizing both), or
     * exceptions of the same type with the same reason or field.
     */
    private <T> void same(Supplier<T> reference, Supplier<T> redis, Function<T, ?> normalize,
                          java.util.function.BiConsumer<T, T> onBothSucceeded) {
        Object expected;
        Object actual;
        T referenceValue = null;
        T redisValue = null;
        try {
            referenceValue = reference.get();
            expected = null;
        } catch (StoreException e) {
            expected = describe(e);
        }
        try {
            redisValue = redis.get();
            actual = null;
        } catch (StoreException e) {
            actual = describe(e);
        }
        if (onBothSucceeded != null && referenceValue != null && redisValue != null) {
            onBothSucceeded.accept(referenceValue, redisValue);
        }
        if (expected == null) {
            expected = normalize.apply(referenceValue);
        }
        if (actual == null) {
            actual = normalize.apply(redisValue);
        }
        assertThat(actual).isEqualTo(expected);
    }

    private static String describe(StoreException e) {
        if (e instanceof ConflictException conflict) {
            return "ConflictException " + conflict.reason();
        }
        if (e instanceof ValidationException validation) {
            return "ValidationException " + validation.field() + " " + validation.rule();
        }
        return e.getClass().getSimpleName();
    }

    private void remember(Contact reference, Contact redis) {
        toReference.put(redis.id(), reference.id());
    }

    private Contact mapped(Contact redis) {
        UUID id = toReference.getOrDefault(redis.id(), redis.id());
        return Contact.of(id, redis.toDraft(), redis.createdAt(), redis.updatedAt(), redis.version());
    }

    private List<Contact> mappedList(List<Contact> contacts) {
        return contacts.stream().map(this::mapped).toList();
    }

    private UUID redisId(UUID referenceId) {
        return toReference.entrySet().stream().filter(e -> e.getValue().equals(referenceId)).map(Map.Entry::getKey)
                .findFirst().orElse(referenceId);
    }

    private List<List<Contact>> pages(ContactStore store, ContactQuery first) {
        List<List<Contact>> pages = new ArrayList<>();
        ContactQuery query = first;
        while (true) {
            Page<Contact> page = store.search(query);
            pages.add(store instanceof RedisContactStore ? mappedList(page.items()) : page.items());
            if (page.nextCursor().isEmpty() || pages.size() > 100) {
                return pages;
            }
            query = query.after(page.nextCursor().get());
        }
    }

    private List<Contact> scanAll(ContactStore store, int limit) {
        List<Contact> all = new ArrayList<>();
        UUID after = null;
        while (true) {
            List<Contact> batch = store.scan(after, limit);
            all.addAll(store instanceof RedisContactStore ? mappedList(batch) : batch);
            if (batch.size() < limit) {
                return all;
            }
            after = batch.get(batch.size() - 1).id();
        }
    }

    private static List<List<LedgerEntry>> history(CreditStore store, String account, int limit) {
        List<List<LedgerEntry>> pages = new ArrayList<>();
        String cursor = null;
        do {
            Page<LedgerEntry> page = store.history(account, limit, cursor);
            pages.add(page.items().stream().map(ReferenceEquivalenceTest::withoutId).toList());
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        return pages;
    }

    private static LedgerEntry withoutId(LedgerEntry entry) {
        return new LedgerEntry(new UUID(0, 0), entry.accountId(), entry.sequence(), entry.type(), entry.amount(),
                entry.balanceAfter(), entry.reason(), entry.metadata(), entry.idempotencyKey(), entry.createdAt());
    }

    private static String outcome(RotationResult result) {
        return result instanceof RotationResult.Rejected rejected ? rejected.reason().name() : "ROTATED";
    }

    // Random input

    private Contact pick(ContactStore reference, Random random) {
        List<Contact> all = reference.scan(null, 10_000);
        return all.isEmpty() ? null : all.get(random.nextInt(all.size()));
    }

    private ContactDraft draft(Random random) {
        ContactDraft.Builder builder = ContactDraft.builder(EMAILS.get(random.nextInt(EMAILS.size())))
                .firstName(random.nextBoolean() ? WORDS.get(random.nextInt(WORDS.size())) : null)
                .lastName(LAST_NAMES.get(random.nextInt(LAST_NAMES.size())))
                .company(COMPANIES.get(random.nextInt(COMPANIES.size())))
                .status(ContactStatus.values()[random.nextInt(3)])
                .notes(random.nextBoolean() ? WORDS.get(random.nextInt(WORDS.size())) + " and more" : null)
                .customFields(Map.of("score", random.nextInt(5), "ratio", new java.math.BigDecimal("1.50"),
                        "nested", Map.of("list", List.of(1, "two", true)), "big", new java.math.BigInteger("123456789012345678901234567890")));
        List<String> tags = new ArrayList<>();
        for (String tag : TAGS) {
            if (random.nextInt(3) == 0) {
                tags.add(tag);
            }
        }
        builder.tags(tags);
        if (random.nextInt(4) == 0) {
            builder.address(new Address("1 Rue", "Paris", null, "75001", "FR"));
        }
        if (random.nextInt(3) == 0) {
            builder.source(random.nextBoolean() ? "crm" : "web", "id-" + random.nextInt(6));
        }
        return builder.build();
    }

    private List<Contact> importBatch(ContactStore reference, Random random) {
        List<Contact> batch = new ArrayList<>();
        Instant now = dev.stowage.support.Timestamps.now(clock);
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            if (random.nextBoolean()) {
                Contact existing = pick(reference, random);
                if (existing != null && !toReference.containsValue(existing.id())
                        && batch.stream().noneMatch(c -> c.id().equals(existing.id()))) {
                    long version = Math.max(1, existing.version() + random.nextInt(3) - 1);
                    batch.add(Contact.of(existing.id(), draft(random), existing.createdAt(), now, version));
                }
            } else {
                batch.add(Contact.of(Ids.timeOrdered(clock), draft(random), now, now, 1 + random.nextInt(3)));
            }
        }
        return batch;
    }

    private ContactQuery query(Random random) {
        ContactQuery.Builder builder = ContactQuery.builder()
                .sort(ContactSort.values()[random.nextInt(3)], SortDirection.values()[random.nextInt(2)])
                .limit(1 + random.nextInt(6));
        if (random.nextInt(4) == 0) {
            builder.statuses(ContactStatus.values()[random.nextInt(3)]);
        }
        if (random.nextInt(4) == 0) {
            builder.anyTags(TAGS.get(random.nextInt(TAGS.size())), TAGS.get(random.nextInt(TAGS.size())));
        }
        if (random.nextInt(5) == 0) {
            builder.allTags(TAGS.get(random.nextInt(TAGS.size())));
        }
        if (random.nextInt(5) == 0) {
            builder.company(COMPANIES.get(1 + random.nextInt(COMPANIES.size() - 1)));
        }
        if (random.nextInt(5) == 0) {
            builder.updatedAfter(clock.instant().minusMillis(random.nextInt(200)));
        }
        if (random.nextInt(5) == 0) {
            builder.text(WORDS.get(random.nextInt(WORDS.size())));
        }
        return builder.build();
    }
}
