package dev.stowage.testkit;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import dev.stowage.contact.Address;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactQuery;
import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.Posting;
import dev.stowage.exception.ValidationException;
import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.support.Check;
import dev.stowage.support.Emails;
import dev.stowage.support.JsonValues;
import dev.stowage.token.Credential;
import dev.stowage.token.CredentialDraft;
import dev.stowage.token.RefreshTokens;
import dev.stowage.token.TokenStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The limits table of the root README, row by row, against the code: a row's value equals the
 * constant of the code where there is one, the operation sized at the value is accepted, and one
 * past it is refused with a {@link ValidationException} whose field and rule are the row's. Rows
 * without a value (rules of form) are checked with a value that breaks them. So the table cannot
 * drift from the code, nor the code from the table.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReadmeLimitsTest {

    private static final Pattern ROW = Pattern.compile("^\\|(.*)\\|(.*)\\|(.*)\\|(.*)\\|\\s*$");
    private static final Pattern BOLD_NUMBER = Pattern.compile("\\*\\*([0-9][0-9,]*)\\*\\*");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private final MutableClock clock = MutableClock.standard();
    private final Stores stores = InMemoryStores.create(clock);

    @AfterEach
    void closeStores() {
        stores.close();
    }

    /** One row of the table: what, its value (or none), the field patterns and the rules. */
    record Row(String what, Long value, List<String> fields, List<String> rules) {
    }

    /**
     * How a row is checked: the row's value as the code has it ({@code null} for a rule of form),
     * and probes that perform an operation of a given size. {@code atLeast} rows are refused below
     * the value instead of above; {@code otherErrorsAtTheLimit} rows may fail at the value for a
     * reason other than the row's rule (a cursor of exactly the longest length is still no cursor).
     */
    record Limit(String what, Long value, List<LongConsumer> probes, boolean atLeast, boolean otherErrorsAtTheLimit) {

        static Limit max(String what, long value, LongConsumer... probes) {
            return new Limit(what, value, List.of(probes), false, false);
        }

        static Limit min(String what, long value, LongConsumer... probes) {
            return new Limit(what, value, List.of(probes), true, false);
        }

        static Limit form(String what, Runnable... violations) {
            return new Limit(what, null, Stream.of(violations).map(run -> (LongConsumer) n -> run.run()).toList(),
                    false, false);
        }

        Limit lengthOnlyAtTheLimit() {
            return new Limit(what, value, probes, atLeast, true);
        }
    }

    // ------------------------------------------------------------------ the README

    private static List<Row> readmeRows() throws IOException {
        Path readme = Path.of(System.getProperty("basedir", "."), "..", "README.md");
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        int start = lines.indexOf("## Limits");
        assertThat(start).as("README.md has a section \"## Limits\"").isNotNegative();
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                if (inTable) {
                    break;
                }
                continue;
            }
            String what = row.group(1).trim();
            if (what.equals("What") || what.startsWith("---")) {
                inTable = true;
                continue;
            }
            Matcher number = BOLD_NUMBER.matcher(row.group(2));
            Long value = number.find() ? Long.valueOf(number.group(1).replace(",", "")) : null;
            rows.add(new Row(what, value, code(row.group(3)), code(row.group(4))));
        }
        assertThat(rows).as("rows of the limits table").isNotEmpty();
        return rows;
    }

    private static List<String> code(String cell) {
        List<String> spans = new ArrayList<>();
        Matcher matcher = CODE.matcher(cell);
        while (matcher.find()) {
            spans.add(matcher.group(1));
        }
        return spans;
    }

    /** {@code tags[i]} and {@code customFields.<path>} in the table stand for any index and any path. */
    private static boolean matches(String pattern, String field) {
        String regex = Pattern.quote(pattern).replace("[i]", "\\E\\[\\d+\\]\\Q").replaceAll("<[a-z]+>", "\\\\E.+\\\\Q");
        return field.matches(regex);
    }

    // ------------------------------------------------------------------ the code

    private List<Limit> limits() {
        return List.of(
                Limit.form("Any text",
                        () -> draft().notes("a\u0000b").build(),
                        () -> Posting.purchase("a", 1).withReason("lone \uD800"),
                        () -> draft().customFields(Map.of("k", "nul \u0000")).build()),
                Limit.max("Contact first and last name, company, title", ContactDraft.MAX_NAME_LENGTH,
                        n -> draft().firstName(text(n)).build(), n -> draft().lastName(text(n)).build(),
                        n -> draft().company(text(n)).build(), n -> draft().title(text(n)).build()),
                Limit.max("Contact phone", ContactDraft.MAX_PHONE_LENGTH, n -> draft().phone(text(n)).build()),
                Limit.max("Email address (contact, credential account)", Emails.MAX_LENGTH,
                        n -> ContactDraft.builder(email(n)).build(),
                        n -> CredentialDraft.builder("s", "p", "access").accountEmail(email(n)).build()),
                Limit.max("Address part", Address.MAX_PART_LENGTH,
                        n -> new Address(text(n), null, null, null, null), n -> new Address(null, text(n), null, null, null),
                        n -> new Address(null, null, text(n), null, null), n -> new Address(null, null, null, text(n), null),
                        n -> new Address(null, null, null, null, text(n))),
                Limit.max("Contact notes", ContactDraft.MAX_NOTES_LENGTH, n -> draft().notes(text(n)).build()),
                Limit.max("Tags of a contact, tags of a query filter", ContactDraft.MAX_TAGS,
                        n -> draft().tags(words(n)).build(), n -> ContactQuery.builder().anyTags(words(n)).build(),
                        n -> ContactQuery.builder().allTags(words(n)).build()),
                Limit.max("One tag", ContactDraft.MAX_TAG_LENGTH,
                        n -> draft().tags(text(n)).build(), n -> ContactQuery.builder().anyTags(text(n)).build(),
                        n -> ContactQuery.builder().allTags(text(n)).build()),
                Limit.max("Contact source", ContactDraft.MAX_SOURCE_LENGTH, n -> draft().source(id(n), "1").build()),
                Limit.max("Contact source id", ContactDraft.MAX_SOURCE_ID_LENGTH, n -> draft().source("crm", text(n)).build()),
                Limit.min("Version of an imported contact", 1,
                        n -> Contact.of(UUID.randomUUID(), draft().build(), now(), now(), n)),
                Limit.max("Version of an imported contact, at most", Contact.MAX_IMPORTED_VERSION,
                        n -> stores.contacts().importContacts(List.of(Contact.of(UUID.randomUUID(), draft().build(), now(), now(), n)))),
                Limit.max("JSON nesting (`customFields`, posting and credential `metadata`)", JsonValues.MAX_DEPTH,
                        n -> draft().customFields(nested(n)).build(),
                        n -> Posting.purchase("a", 1).withMetadata(nested(n))),
                Limit.max("JSON object key", JsonValues.MAX_KEY_LENGTH,
                        n -> draft().customFields(Map.of(text(n), 1)).build(),
                        n -> CredentialDraft.builder("s", "p", "access").metadata(Map.of(text(n), 1)).build()),
                Limit.max("JSON string", JsonValues.MAX_STRING_LENGTH,
                        n -> draft().customFields(Map.of("k", "x".repeat((int) n))).build(),
                        n -> Posting.purchase("a", 1).withMetadata(Map.of("k", "x".repeat((int) n)))),
                Limit.max("JSON number", JsonValues.MAX_NUMBER_DIGITS,
                        n -> draft().customFields(Map.of("n", BigInteger.TEN.pow((int) n - 1))).build(),
                        n -> Posting.purchase("a", 1).withMetadata(Map.of("n", BigInteger.TEN.pow((int) n - 1)))),
                Limit.max("JSON value, in total", JsonValues.MAX_SIZE,
                        n -> draft().customFields(jsonOfSize(n)).build(),
                        n -> CredentialDraft.builder("s", "p", "access").metadata(jsonOfSize(n)).build()),
                Limit.max("Credit account id", CreditAccount.MAX_ACCOUNT_ID_LENGTH, n -> Posting.purchase(id(n), 1)),
                Limit.max("Posting amount", Posting.MAX_AMOUNT, n -> Posting.purchase("a", n)),
                Limit.max("Posting reason", Posting.MAX_REASON_LENGTH, n -> Posting.purchase("a", 1).withReason(text(n))),
                Limit.max("Idempotency key", Posting.MAX_IDEMPOTENCY_KEY_LENGTH,
                        n -> Posting.purchase("a", 1).withIdempotencyKey(id(n))),
                Limit.max("Credential subject (also of refresh tokens)", CredentialDraft.MAX_SUBJECT_LENGTH,
                        n -> CredentialDraft.builder(id(n), "p", "access").build(),
                        n -> stores.tokens().issueRefreshToken(id(n), Duration.ofHours(1))),
                Limit.max("Credential provider", CredentialDraft.MAX_PROVIDER_LENGTH,
                        n -> CredentialDraft.builder("s", id(n), "access").build()),
                Limit.max("Access and refresh token of a credential", CredentialDraft.MAX_TOKEN_LENGTH,
                        n -> CredentialDraft.builder("s", "p", text(n)).build(),
                        n -> CredentialDraft.builder("s", "p", "access").refreshToken(text(n)).build()),
                Limit.max("Scopes of a credential", CredentialDraft.MAX_SCOPES,
                        n -> CredentialDraft.builder("s", "p", "access").scopes(words(n)).build()),
                Limit.max("One scope", CredentialDraft.MAX_SCOPE_LENGTH,
                        n -> CredentialDraft.builder("s", "p", "access").scopes(text(n)).build()),
                Limit.max("Presented refresh token", RefreshTokens.MAX_PRESENTED_LENGTH,
                        n -> stores.tokens().findRefreshToken(text(n))),
                Limit.max("Access-token id on the denylist", 200,
                        n -> stores.tokens().revokeAccessToken(id(n), now().plusSeconds(60)),
                        n -> stores.tokens().isAccessTokenRevoked(id(n))),
                Limit.max("Client id of a refresh rotation (`rotateRefreshToken(presented, ttl, clientId)`)",
                        TokenStore.MAX_CLIENT_ID_LENGTH,
                        n -> stores.tokens().rotateRefreshToken("not-a-token", Duration.ofHours(1), id(n))),
                Limit.max("Refresh-token time to live", 3_660,
                        n -> stores.tokens().issueRefreshToken("s", Duration.ofDays(n))),
                Limit.form("Identifier characters (`source`, `accountId`, `idempotencyKey`, `subject`, `provider`, `jti`,"
                                + " `clientId`)",
                        () -> draft().source("c r m", "1").build(),
                        () -> Posting.purchase("account\t1", 1),
                        () -> Posting.purchase("a", 1).withIdempotencyKey("key\u0001"),
                        () -> CredentialDraft.builder("sub ject", "p", "access").build(),
                        () -> CredentialDraft.builder("s", "pro\nvider", "access").build(),
                        () -> stores.tokens().isAccessTokenRevoked("j t i"),
                        () -> stores.tokens().rotateRefreshToken("not-a-token", Duration.ofHours(1), "client id")),
                Limit.max("Tenant id", TenantId.MAX_LENGTH, n -> TenantId.of(id(n))),
                Limit.max("Timestamps (every `Instant` argument)", 9_999,
                        n -> Contact.of(UUID.randomUUID(), draft().build(), year(n), year(n), 1),
                        n -> Contact.of(UUID.randomUUID(), draft().build(), now(), year(n), 1),
                        n -> CredentialDraft.builder("s", "p", "access").expiresAt(year(n)).build()),
                Limit.max("Contact search page (`ContactQuery.limit`)", ContactQuery.MAX_LIMIT,
                        n -> ContactQuery.builder().limit((int) n).build()),
                Limit.max("Credit history page (`history`)", Check.MAX_PAGE_LIMIT,
                        n -> stores.credits().history("a", (int) n, null)),
                Limit.max("Scan and batch reads (`scan`, `entries`, `scanAccounts`, `scanCredentials`, "
                                + "`credentialsExpiringBefore`)", Check.MAX_BATCH_LIMIT,
                        n -> stores.contacts().scan(null, (int) n), n -> stores.credits().entries("a", 0, (int) n),
                        n -> stores.credits().scanAccounts(null, (int) n),
                        n -> stores.tokens().scanCredentials(null, null, (int) n),
                        n -> stores.tokens().credentialsExpiringBefore(now(), (int) n)),
                Limit.max("Ids of one `getAll`", Check.MAX_PAGE_LIMIT,
                        n -> stores.contacts().getAll(LongStream.range(0, n).mapToObj(i -> UUID.randomUUID()).toList())),
                Limit.max("Contacts or credentials of one import", Check.MAX_BATCH_LIMIT,
                        n -> stores.forTenant(freshTenant()).contacts().importContacts(contacts(n)),
                        n -> stores.forTenant(freshTenant()).tokens().importCredentials(credentials(n))),
                Limit.max("Credit accounts of one import", Check.MAX_PAGE_LIMIT,
                        n -> stores.forTenant(freshTenant()).credits().importAccounts(accounts(n))),
                Limit.max("Contact search text", 1_000, n -> ContactQuery.builder().text(sentence(n)).build()),
                Limit.max("Page cursor", 4_000, n -> ContactQuery.builder().cursor("c".repeat((int) n)).build())
                        .lengthOnlyAtTheLimit());
    }

    @Test
    void every_row_of_the_table_is_checked_and_every_checked_limit_is_in_the_table() throws IOException {
        List<String> documented = readmeRows().stream().map(Row::what).toList();
        List<String> checked = limits().stream().map(Limit::what).toList();

        assertThat(documented).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(checked);
    }

    @TestFactory
    Stream<DynamicTest> each_row_holds_the_value_of_the_code_and_its_field_and_rule_past_it() throws IOException {
        Map<String, Limit> limits = new LinkedHashMap<>();
        limits().forEach(limit -> limits.put(limit.what(), limit));
        return readmeRows().stream().filter(row -> limits.containsKey(row.what()))
                .map(row -> DynamicTest.dynamicTest(row.what(), () -> check(row, limits.get(row.what()))));
    }

    private static void check(Row row, Limit limit) {
        assertThat(row.value()).as("the value in the table").isEqualTo(limit.value());
        assertThat(row.rules()).as("the rules in the table").isNotEmpty();
        List<String> refusedFields = new ArrayList<>();
        for (LongConsumer probe : limit.probes()) {
            if (limit.value() != null) {
                Throwable atTheLimit = catchThrowable(() -> probe.accept(limit.value()));
                if (limit.otherErrorsAtTheLimit() && atTheLimit instanceof ValidationException error) {
                    assertThat(error.rule()).as("at the limit, not refused for it").isNotIn(row.rules());
                } else {
                    assertThat(atTheLimit).as("at the limit: accepted").isNull();
                }
            }
            long past = limit.value() == null ? 0 : limit.atLeast() ? limit.value() - 1 : limit.value() + 1;
            Throwable thrown = catchThrowable(() -> probe.accept(past));
            assertThat(thrown).as("past the limit").isInstanceOf(ValidationException.class);
            ValidationException error = (ValidationException) thrown;
            assertThat(error.rule()).as("the rule of %s", error.field()).isIn(row.rules());
            assertThat(row.fields()).as("the table names the field %s", error.field())
                    .anyMatch(pattern -> matches(pattern, error.field()));
            refusedFields.add(error.field());
        }
        for (String pattern : row.fields()) {
            assertThat(refusedFields).as("a check refuses a value of the field %s", pattern)
                    .anyMatch(field -> matches(pattern, field));
        }
    }

    // ------------------------------------------------------------------ values of a given size

    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private static Instant year(long year) {
        return LocalDate.of((int) year, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static ContactDraft.Builder draft() {
        return ContactDraft.builder("limits@example.com");
    }

    private static String text(long length) {
        return Fixtures.text((int) length);
    }

    private static String id(long length) {
        return "i".repeat((int) length);
    }

    /** An address of exactly {@code length} characters. */
    private static String email(long length) {
        String domain = "@example.com";
        return "a".repeat((int) length - domain.length()) + domain;
    }

    /** {@code count} distinct short words. */
    private static List<String> words(long count) {
        return IntStream.range(0, (int) count).mapToObj(i -> "w" + i).toList();
    }

    /** Words separated by spaces, exactly {@code length} characters. */
    private static String sentence(long length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append(text.length() % 10 == 9 ? ' ' : 'w');
        }
        return text.toString();
    }

    /** Objects nested {@code depth} levels deep. */
    private static Map<String, Object> nested(long depth) {
        Map<String, Object> current = Map.of("leaf", true);
        for (int level = 1; level < depth; level++) {
            current = Map.of("n", current);
        }
        return current;
    }

    /** {@code {"a":"x…","b":"x…"}} of exactly {@code bytes} bytes of compact JSON. */
    private static Map<String, Object> jsonOfSize(long bytes) {
        long letters = bytes - "{\"a\":\"\",\"b\":\"\"}".length();
        return Map.of("a", "x".repeat((int) (letters / 2)), "b", "x".repeat((int) (letters - letters / 2)));
    }

    private List<Contact> contacts(long count) {
        return LongStream.range(0, count).mapToObj(i -> Contact.of(UUID.randomUUID(),
                ContactDraft.builder("c" + i + "@example.com").build(), now(), now(), 1)).toList();
    }

    private List<Credential> credentials(long count) {
        return LongStream.range(0, count).mapToObj(i -> Credential.of(
                CredentialDraft.builder("s" + i, "p", "access").build(), now(), now())).toList();
    }

    private List<AccountHistory> accounts(long count) {
        return LongStream.range(0, count).mapToObj(i -> Fixtures.history("a" + i, now(), Posting.purchase("a" + i, 1)))
                .toList();
    }

    private static TenantId freshTenant() {
        return TenantId.of("t-" + UUID.randomUUID().toString().substring(0, 18));
    }

    @Test
    void the_tables_patterns_match_indexes_and_paths_only_where_they_say_so() {
        assertThat(matches("tags[i]", "tags[12]")).isTrue();
        assertThat(matches("tags[i]", "tags")).isFalse();
        assertThat(matches("customFields.<path>", "customFields.a.b[2]")).isTrue();
        assertThat(matches("customFields.<path>", "customFields")).isFalse();
        assertThat(matches("limit", "limit")).isTrue();
        assertThat(matches("limit", "limits")).isFalse();
    }
}
