package dev.stowage.migration.legacy;

import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactStatus;
import dev.stowage.token.CredentialDraft;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * A legacy system shaped like the seed plans: {@code users} (CRM documents with epoch-millisecond
 * dates, tag strings, nested profiles and status codes), {@code credits} (KV hashes: every value a
 * string) and {@code gmail} (tokens keyed by user id, epoch-millisecond expiries), with a known set
 * of bad records, and its mapping in code.
 */
public final class LeadGenFixture {

    /** Good users: u0..u{@value}-1. */
    public static final int USERS = 40;
    /** Good credit accounts. */
    public static final int CREDITS = 20;
    /** Good credentials. */
    public static final int TOKENS = 15;
    /** 2026-01-01T00:00:00Z in epoch milliseconds. */
    public static final long EPOCH_MS = 1_767_225_600_000L;

    private LeadGenFixture() {
    }

    /**
     * @param repeats whether the source returns records twice, like SCAN
     * @return the source with every good and bad record
     */
    public static ListSource source(boolean repeats) {
        ListSource source = new ListSource(repeats);
        for (int i = 0; i < USERS; i++) {
            source.add("users", "u" + i, "email", "user" + i + "@example.com", "first_name", "First" + i,
                    "created", EPOCH_MS + i * 1000L, "tags", i % 2 == 0 ? "lead, vip" : "lead",
                    "profile", Map.of("plan", "pro", "seats", (long) i, "since", Instant.parse("2020-01-01T00:00:00Z")),
                    "state", i % 5 == 0 ? "0" : "1", "spend", new BigDecimal("12.50"));
        }
        // Bad users: "false" in an integer date column, an unknown status code, an invalid email, a
        // fraction of a cent.
        source.add("users", "bad-date", "email", "bad-date@example.com", "created", "false");
        source.add("users", "bad-state", "email", "bad-state@example.com", "created", EPOCH_MS, "state", "7");
        source.add("users", "bad-email", "email", "not-an-email", "created", EPOCH_MS);
        source.add("users", "bad-spend", "email", "bad-spend@example.com", "created", EPOCH_MS, "spend",
                new BigDecimal("0.001"));
        for (int i = 0; i < CREDITS; i++) {
            long purchased = 100 + i;
            long used = i;
            source.add("credits", "u" + i, "currentBalance", Long.toString(purchased - used),
                    "totalPurchased", Long.toString(purchased), "totalUsed", Long.toString(used));
        }
        source.add("credits", "bad-totals", "currentBalance", "50", "totalPurchased", "100", "totalUsed", "10");
        source.add("credits", "bad-balance", "currentBalance", "12.5");
        for (int i = 0; i < TOKENS; i++) {
            source.add("gmail", "u" + i, "access_token", "ya29.token-" + i, "refresh_token", "1//refresh-" + i,
                    "expiry", EPOCH_MS + 3_600_000L * (i + 1), "user", "u" + i);
        }
        // A token whose user was never in the CRM: imported, but its reference dangles.
        source.add("gmail", "ghost", "access_token", "ya29.ghost", "expiry", EPOCH_MS + 3_600_000L, "user", "u-ghost");
        // A token whose expiry does not fit 64 bits: refused, never truncated.
        source.add("gmail", "bad-expiry", "access_token", "ya29.secret-value", "expiry", "99999999999999999999",
                "user", "u1");
        return source;
    }

    /** @return how many records the source holds that can be imported */
    public static long importable() {
        return USERS + CREDITS + TOKENS + 1;
    }

    /** @return how many records are rejected */
    public static long rejected() {
        return 4 + 2 + 1;
    }

    /**
     * @param namespace the namespace's name
     * @return the mapping in code
     */
    public static LegacyMapping mapping(String namespace) {
        return LegacyMapping.builder().namespace(namespace)
                .contacts("users", f -> new LegacyContact(ContactDraft.builder(f.required("email", Converters.text()))
                        .firstName(f.text("first_name"))
                        .tags(f.tags("tags"))
                        .status(f.optional("state", Converters.enumeration(ContactStatus.class,
                                Map.of("1", ContactStatus.ACTIVE, "0", ContactStatus.INACTIVE))))
                        .customFields(withSpend(f.object("profile"), f.decimal("spend", 2)))
                        .source("crm", f.legacyId())
                        .build(), f.required("created", Converters.epochMillis()), null))
                .accounts("credits", f -> new LegacyAccount(f.legacyId(),
                        f.required("currentBalance", Converters.integer()), f.integer("totalPurchased"),
                        f.integer("totalUsed"), null, TotalsRule.REJECT))
                .credentials("gmail", f -> LegacyCredential.of(CredentialDraft.builder(
                                f.reference("user", "users").toString(), "google", f.required("access_token", Converters.text()))
                        .refreshToken(f.text("refresh_token"))
                        .accessTokenExpiresAt(f.epochMillis("expiry"))
                        .build()), "access_token", "refresh_token")
                .build();
    }

    private static Map<String, Object> withSpend(Map<String, Object> profile, BigDecimal spend) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>(profile);
        if (spend != null) {
            fields.put("spend", spend);
        }
        return fields;
    }
}
