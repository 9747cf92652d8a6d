package dev.stowage.testkit;

import dev.stowage.contact.Address;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactStatus;
import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.Posting;
import dev.stowage.token.Credential;
import dev.stowage.token.CredentialDraft;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Deterministic test data for the contract suites and for users' own tests: numbered contact
 * drafts, credentials and account ids, ledger histories for imports, and "tricky" values (Unicode
 * in every plane, quotes, SQL- and Lua-looking text, wildcard and key-separator characters,
 * JSON-looking text, text at the maximum accepted length) that every backend must store
 * byte-exact. The same arguments always give the same values; nothing here reads a clock or a
 * random source.
 */
public final class Fixtures {

    /** The source of {@link #sourcedContact(int)} drafts. */
    public static final String SOURCE = "crm";

    private static final String[] FIRST_NAMES = {
        "Ada", "Grace", "Alan", "Linus", "Margaret", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia"
    };
    /**
     * Twelve last names that exercise code point order: a duplicate, an absent name, upper and
     * lower case, letters outside ASCII, and a supplementary-plane letter (U+1D400) that sorts
     * after the fullwidth letter U+FF21 by code point although its UTF-16 form sorts before it.
     */
    private static final String[] LAST_NAMES = {
        "Lovelace", "Hopper", null, "lovelace", "Østergaard", "Hopper",
        "Ng", "\uD835\uDC00lpha", "\uFF21lpha", "O'Brien", "Zuse", "Ärnström"
    };
    private static final String[] COMPANIES = {"Acme", "Globex", "Initech", null};
    private static final ContactStatus[] STATUSES = ContactStatus.values();
    private static final String[] PROVIDERS = {"google", "microsoft", "github"};

    private Fixtures() {
    }

    // ---------------------------------------------------------------- contacts

    /**
     * A contact draft numbered {@code n}, without a source. Fields vary with {@code n} so that
     * filters have something to select: status cycles through {@link ContactStatus} ({@code n % 3}),
     * company through Acme, Globex, Initech and none ({@code n % 4}), last name through twelve
     * values including a duplicate and none ({@code n % 12}); the tags are chosen by the bits of
     * {@code n} (1: lead, 2: customer, 4: vip, 8: partner); the email is
     * {@code contact<n>@example.com}, the notes {@code "Fixture contact number <n>"}, and even
     * numbers get an address.
     *
     * @param n any non-negative number
     * @return the draft
     */
    public static ContactDraft contact(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative");
        }
        List<String> tags = new ArrayList<>();
        if ((n & 1) != 0) {
            tags.add("lead");
        }
        if ((n & 2) != 0) {
            tags.add("customer");
        }
        if ((n & 4) != 0) {
            tags.add("vip");
        }
        if ((n & 8) != 0) {
            tags.add("partner");
        }
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("n", (long) n);
        custom.put("even", n % 2 == 0);
        return ContactDraft.builder("contact" + n + "@example.com")
                .firstName(FIRST_NAMES[n % FIRST_NAMES.length])
                .lastName(LAST_NAMES[n % LAST_NAMES.length])
                .phone(String.format("+1 555 %04d", n % 10_000))
                .company(COMPANIES[n % COMPANIES.length])
                .title(n % 5 == 0 ? null : "Engineer " + n)
                .address(n % 2 == 0
                        ? new Address(n + " Main Street", "Springfield", "IL", String.format("%05d", 62_700 + n % 1_000), "US")
                        : null)
                .notes("Fixture contact number " + n)
                .status(STATUSES[n % STATUSES.length])
                .tags(tags)
                .customFields(custom)
                .build();
    }

    /**
     * {@link #contact(int)} with source {@link #SOURCE} and source id {@code crm-<n>}.
     *
     * @param n any non-negative number
     * @return the draft
     */
    public static ContactDraft sourcedContact(int n) {
        return contact(n).toBuilder().source(SOURCE, "crm-" + n).build();
    }

    /**
     * A stored contact as a migration would import it.
     *
     * @param id        its id
     * @param draft     its fields
     * @param createdAt its creation time
     * @param updatedAt its last change
     * @param version   its version
     * @return the contact
     */
    public static Contact imported(UUID id, ContactDraft draft, Instant createdAt, Instant updatedAt, long version) {
        return Contact.of(id, draft, createdAt, updatedAt, version);
    }

    /**
     * Ids whose unsigned order differs from {@link UUID#compareTo}: the smallest and largest
     * values, both sides of the sign bit of the most significant half, and two ids differing only
     * in the sign of the least significant half. In ascending unsigned order.
     *
     * @return the ids, smallest first
     */
    public static List<UUID> edgeIds() {
        return List.of(
                new UUID(0x0000000000000000L, 0x0000000000000000L),
                new UUID(0x0000000000007000L, 0x8000000000000001L),
                new UUID(0x0190000000007000L, 0x0000000000000001L),
                new UUID(0x0190000000007000L, 0xFFFFFFFFFFFFFFFFL),
                new UUID(0x7FFFFFFFFFFF7FFFL, 0xBFFFFFFFFFFFFFFFL),
                new UUID(0x8000000000007000L, 0x8000000000000000L),
                new UUID(0xFFFFFFFFFFFF7FFFL, 0xBFFFFFFFFFFFFFFFL),
                new UUID(0xFFFFFFFFFFFFFFFFL, 0xFFFFFFFFFFFFFFFFL));
    }

    /**
     * Instants at the edges of what every backend must keep exactly: the first and last supported
     * microsecond, the epoch and one microsecond on either side of it.
     *
     * @return the instants
     */
    public static List<Instant> edgeInstants() {
        return List.of(
                Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.999999Z"),
                Instant.EPOCH,
                Instant.parse("1970-01-01T00:00:00.000001Z"),
                Instant.parse("2038-01-19T03:14:08.654321Z"),
                Instant.parse("9999-12-31T23:59:59.999999Z"));
    }

    // ---------------------------------------------------------------- tricky text

    /**
     * A labelled test value; the label names it in test reports.
     *
     * @param label what is special about the value
     * @param value the value
     */
    public record Sample(String label, String value) {

        /**
         * @throws NullPointerException if an argument is missing
         */
        public Sample {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
        }

        /**
         * @return whether the value holds something other than whitespace
         */
        public boolean isNotBlank() {
            return !value.isBlank();
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * Texts that storage layers tend to mangle. Each is well-formed Unicode without NUL and at
     * most 50 UTF-16 characters long, so it fits every free-text field (phone numbers included).
     * Some are empty or blank: use them only where such text is allowed, or filter with
     * {@link Sample#isNotBlank()}.
     *
     * @return the samples
     */
    public static List<Sample> trickyStrings() {
        return List.of(
                new Sample("plain ASCII", "Ada Lovelace"),
                new Sample("empty", ""),
                new Sample("one space", " "),
                new Sample("leading and trailing whitespace", "  padded\t\r\n  "),
                new Sample("accented Latin", "Zoë Çelik-Müller Øre"),
                new Sample("combining marks, not normalized", "e\u0301 n\u0303 a\u0308 Å"),
                new Sample("precomposed next to decomposed", "\u00E9 vs e\u0301"),
                new Sample("CJK", "山田太郎 김민수 中文"),
                new Sample("right-to-left", "שלום עולם مرحبا بالعالم"),
                new Sample("bidi override", "abc\u202Edcba\u202C tail"),
                new Sample("emoji with ZWJ and skin tone", "😀🚀 👩\u200D💻 👍🏽 🇳🇴"),
                new Sample("supplementary-plane letters", "\uD835\uDC00\uD835\uDD18 \uD840\uDF0E\uD840\uDF31"),
                new Sample("single quotes", "O'Brien's 'quoted' ''"),
                new Sample("double quotes", "say \"hello\" \"\""),
                new Sample("backslashes", "C:\\path\\to \\n \\\\ \\u0000 \\"),
                new Sample("SQL injection", "'; DROP TABLE x; --"),
                new Sample("SQL union and comment", "1' OR '1'='1' /* */ UNION SELECT"),
                new Sample("Lua call", "redis.call('FLUSHALL')"),
                new Sample("Lua long bracket", "]]) return redis.call('DEL',KEYS[1]) --[["),
                new Sample("LIKE wildcards", "100% _done_ %_%"),
                new Sample("glob and regex characters", "*?[a-z]{1,2}^$.+|()"),
                new Sample("key separators and hash tags", "{tenant}:id:*:{x}"),
                new Sample("JSON-looking", "{\"a\": [1, 2.0, null], \"b\": {}}"),
                new Sample("markup", "<script>alert('x')</script>&amp;"),
                new Sample("control characters", "bell\u0007 esc\u001B del\u007F"),
                new Sample("unit separator", "a\u001Fb\u001Ec"),
                new Sample("zero-width and BOM", "zero\u200Bwidth\uFEFFbom\u200D"),
                new Sample("replacement character and noncharacters", "\uFFFD \uFFFE \uFFFF"),
                new Sample("percent encoding", "%41%00%zz%"),
                new Sample("Redis protocol", "a\r\n*1\r\n$8\r\nFLUSHALL\r\n"),
                new Sample("format specifiers", "%s %d %n {0} ${x} #{y}"));
    }

    /**
     * Identifier-like texts (no whitespace or control characters, not blank, at most 60 UTF-16
     * characters) for keys such as a contact's source, an account id, an idempotency key, a
     * credential's subject and provider or a token's jti.
     *
     * @return the samples
     */
    public static List<Sample> trickyIdentifiers() {
        return List.of(
                new Sample("quotes", "O'Brien\"q\"''"),
                new Sample("backslashes", "back\\slash\\\\"),
                new Sample("SQL injection", "';DROP-TABLE-x;--"),
                new Sample("Lua call", "redis.call('FLUSHALL')"),
                new Sample("wildcards", "100%_*?"),
                new Sample("key separators and hash tags", "{tenant}:a:b"),
                new Sample("Cyrillic and emoji", "ключ-😀"),
                new Sample("combining mark", "e\u0301"),
                new Sample("right-to-left", "שלום"),
                new Sample("JSON-looking", "{\"k\":[1]}"),
                new Sample("zero-width space", "a\u200Bb"),
                new Sample("supplementary-plane", "\uD835\uDC00\uD840\uDF0E"),
                new Sample("single star", "*"),
                new Sample("upper case", "UPPER"));
    }

    /**
     * Valid email addresses with unusual but legal characters.
     *
     * @return the samples
     */
    public static List<Sample> trickyEmails() {
        return List.of(
                new Sample("plus and dots", "first.last+tag@sub.example.com"),
                new Sample("quotes", "o'brien\"x\"@example.com"),
                new Sample("wildcards", "a%b_c*d?@example.com"),
                new Sample("SQL comment", "x'--;@example.com"),
                new Sample("non-Latin", "用户@例子.广告"),
                new Sample("accents and upper case", "Ünïcödé.ÄDA@Exämple.COM"),
                new Sample("emoji", "😀@emoji.example"),
                new Sample("braces and colons", "{a}:b@example.com"));
    }

    /**
     * A text of exactly {@code length} UTF-16 characters that cycles through ASCII, Latin, CJK,
     * an emoji (a surrogate pair) and a quote, and never splits a surrogate pair: when a pair
     * would not fit at the end, an ASCII letter fills the last character.
     *
     * @param length the length in UTF-16 characters
     * @return the text
     */
    public static String text(int length) {
        String[] cycle = {"a", "é", "字", "😀", "'", "Z", "\\", "ש"};
        StringBuilder text = new StringBuilder(length);
        int i = 0;
        while (text.length() < length) {
            String next = cycle[i++ % cycle.length];
            text.append(text.length() + next.length() <= length ? next : "x");
        }
        return text.toString();
    }

    /**
     * An identifier-safe text (no whitespace or control characters) of exactly {@code length}
     * UTF-16 characters, mixing ASCII, accents and surrogate pairs.
     *
     * @param length the length in UTF-16 characters
     * @return the text
     */
    public static String identifier(int length) {
        String[] cycle = {"k", "é", "😀", ":", "{", "}", "'", "9"};
        StringBuilder text = new StringBuilder(length);
        int i = 0;
        while (text.length() < length) {
            String next = cycle[i++ % cycle.length];
            text.append(text.length() + next.length() <= length ? next : "x");
        }
        return text.toString();
    }

    /**
     * @param text a text
     * @return its UTF-8 bytes, to compare text byte by byte
     */
    public static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- JSON

    /**
     * A JSON object exercising every canonical form of {@link dev.stowage.support.JsonValues}:
     * tricky keys and string values, {@code 1.0} and {@code 1e-7} (which stay decimals), integers
     * beyond {@code long}, the {@code long} extremes, booleans, {@code null}, empty and nested
     * arrays and objects. Stores must return exactly its canonical form.
     *
     * @return a new, modifiable object in a fixed insertion order
     */
    public static Map<String, Object> trickyJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("plain", "text");
        json.put("", "empty key");
        json.put("'; DROP TABLE x; --", "redis.call('FLUSHALL')");
        json.put("emoji 😀 key", "👩\u200D💻");
        json.put("quote\"key", "back\\slash \"quoted\"");
        json.put("{tenant}:*", "%_*?");
        json.put("control\u0007\u001F", "line\nbreak\ttab\r\n");
        json.put("supplementary \uD835\uDC00", "\uD840\uDF0E");
        json.put("one point zero", 1.0);
        json.put("tiny", 1e-7);
        json.put("negative decimal", -0.5);
        json.put("many digits", new BigDecimal("3.14159265358979323846264338327950288"));
        json.put("big integer", new BigInteger("123456789012345678901234567890"));
        json.put("negative big integer", new BigInteger("-98765432109876543210987654321"));
        json.put("long max", Long.MAX_VALUE);
        json.put("long min", Long.MIN_VALUE);
        json.put("int", 42);
        json.put("zero", 0);
        json.put("true", true);
        json.put("false", false);
        json.put("null", null);
        json.put("empty list", List.of());
        json.put("empty map", Map.of());
        json.put("json-looking string", "{\"a\":1}");
        json.put("number-looking string", "1e-7");
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("deeper", Map.of("bottom", "🚀"));
        inner.put("nulls", Arrays.asList(null, null));
        json.put("nested", Map.of(
                "list", Arrays.asList(1, "two", List.of(3, List.of(4.5)), Map.of("five", 5), null, true),
                "map", inner));
        return json;
    }

    /**
     * @param depth how many objects deep, 1..{@link dev.stowage.support.JsonValues#MAX_DEPTH}
     * @return an object nested {@code depth} levels deep, each level holding its number and the next
     */
    public static Map<String, Object> nestedJson(int depth) {
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("level", (long) depth);
        current.put("leaf", "bottom 😀");
        for (int level = depth - 1; level >= 1; level--) {
            Map<String, Object> outer = new LinkedHashMap<>();
            outer.put("level", (long) level);
            outer.put("next", current);
            current = outer;
        }
        return current;
    }

    // ---------------------------------------------------------------- credits

    /**
     * @param n any number
     * @return the account id {@code acct-<n>}
     */
    public static String account(int n) {
        return "acct-" + n;
    }

    /**
     * Account ids whose code point order differs from {@link String#compareTo} and from
     * case-insensitive or locale orders, in ascending code point order.
     *
     * @return the ids, smallest first
     */
    public static List<String> orderedAccountIds() {
        List<String> ids = new ArrayList<>(List.of(
                "A", "B", "Z", "a", "a-1", "a-10", "a-2", "b", "z", "é", "ÿ", "Ω", "字",
                "\uFF21", "\uD835\uDC00", "\uD83D\uDE00"));
        TreeSet<String> sorted = new TreeSet<>(dev.stowage.support.Text.CODE_POINT_ORDER);
        sorted.addAll(ids);
        if (!new ArrayList<>(sorted).equals(ids)) {
            throw new IllegalStateException("the fixture ids must be listed in code point order");
        }
        return Collections.unmodifiableList(ids);
    }

    /**
     * A valid ledger for an import: the postings applied in order with the reference rule
     * {@link CreditAccount#apply}, one microsecond apart from {@code start}, with ids derived from
     * the account id and sequence (so equal arguments give equal histories).
     *
     * @param accountId the account; each posting is re-targeted to it
     * @param start     the time of the first entry
     * @param postings  at least one posting; none may overdraw
     * @return the history
     * @throws dev.stowage.exception.InsufficientCreditsException if a posting would overdraw
     */
    public static AccountHistory history(String accountId, Instant start, Posting... postings) {
        if (postings.length == 0) {
            throw new IllegalArgumentException("a history needs at least one posting");
        }
        CreditAccount account = CreditAccount.opening(accountId, start);
        List<LedgerEntry> entries = new ArrayList<>();
        for (int i = 0; i < postings.length; i++) {
            Posting posting = postings[i];
            Instant at = start.plusNanos(1_000L * i);
            account = account.apply(posting.type(), posting.amount(), at);
            entries.add(new LedgerEntry(entryId(accountId, i + 1), accountId, i + 1, posting.type(), posting.amount(),
                    account.balance(), posting.reason(), posting.metadata(), posting.idempotencyKey(), at));
        }
        return new AccountHistory(account, entries);
    }

    /**
     * @param accountId an account id
     * @param sequence  an entry's sequence
     * @return the deterministic entry id {@link #history} uses
     */
    public static UUID entryId(String accountId, long sequence) {
        return UUID.nameUUIDFromBytes((accountId + "#" + sequence).getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- tokens

    /**
     * @param n any non-negative number
     * @return the subject {@code user-<n>}
     */
    public static String subject(int n) {
        return "user-" + n;
    }

    /**
     * A credential draft for {@code (subject, provider)} with every optional field set except the
     * two expiry instants, which depend on the test's clock.
     *
     * @param subject  whose credential
     * @param provider which provider
     * @return the draft
     */
    public static CredentialDraft credential(String subject, String provider) {
        return CredentialDraft.builder(subject, provider, "access:" + subject + ":" + provider)
                .refreshToken("refresh:" + subject + ":" + provider)
                .scopes("openid", "email", "https://www.googleapis.com/auth/gmail.readonly")
                .accountEmail("account@example.com")
                .metadata(Map.of("tokenType", "Bearer", "issuedBy", provider))
                .build();
    }

    /**
     * {@link #credential(String, String)} with the two expiry instants set.
     *
     * @param subject              whose credential
     * @param provider             which provider
     * @param accessTokenExpiresAt when the access token expires, or {@code null}
     * @param expiresAt            when the credential as a whole expires, or {@code null} for never
     * @return the draft
     */
    public static CredentialDraft credential(String subject, String provider, Instant accessTokenExpiresAt,
                                             Instant expiresAt) {
        CredentialDraft base = credential(subject, provider);
        return new CredentialDraft(base.subject(), base.provider(), base.accessToken(), base.refreshToken(),
                accessTokenExpiresAt, expiresAt, base.scopes(), base.accountEmail(), base.metadata());
    }

    /**
     * {@link #credential(String, String)} for subject {@code user-<n>} and one of three providers
     * ({@code n % 3}: google, microsoft, github).
     *
     * @param n any non-negative number
     * @return the draft
     */
    public static CredentialDraft credential(int n) {
        return credential(subject(n), PROVIDERS[n % PROVIDERS.length]);
    }

    /**
     * A stored credential as a migration would import it.
     *
     * @param draft     its fields
     * @param createdAt first stored
     * @param updatedAt last stored
     * @return the credential
     */
    public static Credential importedCredential(CredentialDraft draft, Instant createdAt, Instant updatedAt) {
        return Credential.of(draft, createdAt, updatedAt);
    }
}
