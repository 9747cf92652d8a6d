package dev.stowage.migration;

import dev.stowage.contact.ContactDraft;
import dev.stowage.migration.legacy.Converters;
import dev.stowage.migration.legacy.LegacyAccount;
import dev.stowage.migration.legacy.LegacyContact;
import dev.stowage.migration.legacy.LegacyCredential;
import dev.stowage.migration.legacy.LegacyMapping;
import dev.stowage.migration.legacy.TotalsRule;
import dev.stowage.token.CredentialDraft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The mappings of the end-to-end tests, in code; {@code src/test/resources/legacy/*-mapping.json}
 * declare the same (and the module README shows both).
 */
final class LegacyMappings {

    private LegacyMappings() {
    }

    /** mongoexport contacts: email required, name, tags, the address as custom fields, createdAt from {@code $date}. */
    static LegacyMapping mongoexport() {
        return LegacyMapping.builder()
                .namespace("crm-2019")
                .contacts("contacts", f -> new LegacyContact(
                        ContactDraft.builder(f.required("email", Converters.text()))
                                .firstName(f.text("name"))
                                .tags(f.tags("tags"))
                                .customFields(f.object("address"))
                                .source("mongo", f.legacyId())
                                .build(),
                        f.isoInstant("createdAt"), null))
                .build();
    }

    /** The lead-gen keyspace: {@code credits:<userId>} balances with totals, {@code gmail:<userId>} tokens. */
    static LegacyMapping leadGen(String creditsCollection, String gmailCollection) {
        return LegacyMapping.builder()
                .namespace("lead-gen")
                .accounts(creditsCollection, f -> new LegacyAccount(f.legacyId(),
                        f.required("currentBalance", Converters.integer()),
                        f.integer("totalPurchased"), f.integer("totalUsed"), null, TotalsRule.REJECT))
                .credentials(gmailCollection, f -> LegacyCredential.of(
                        CredentialDraft.builder(f.legacyId(), "google", f.required("accessToken", Converters.text()))
                                .refreshToken(f.text("refreshToken"))
                                .accessTokenExpiresAt(f.epochMillis("expiresAt"))
                                .accountEmail(f.text("email"))
                                .build()), "accessToken", "refreshToken")
                .build();
    }

    /** The analytics bot's users: epoch-ms creation, an integer flag as a boolean, a REAL balance, a local datetime. */
    static LegacyMapping sqlite() {
        return LegacyMapping.builder()
                .namespace("analytics-bot")
                .contacts("users", f -> {
                    Instant joined = f.optional("joined", Converters.isoLocalDateTime(ZoneOffset.UTC));
                    Map<String, Object> custom = new LinkedHashMap<>();
                    custom.put("active", f.bool("is_active"));
                    custom.put("balance", f.decimal("balance", 2));
                    custom.put("joined", joined == null ? null : joined.toString());
                    custom.values().removeIf(Objects::isNull);
                    return new LegacyContact(ContactDraft.builder(f.required("email", Converters.text()))
                            .source("analytics", f.legacyId())
                            .customFields(custom)
                            .build(), f.epochMillis("created_at"), null);
                })
                .build();
    }

    /**
     * @param name     a mapping file under {@code legacy/}
     * @param replaces pairs of text to replace in it (the test's key prefix)
     * @return the declared mapping
     */
    static LegacyMapping declared(String name, String... replaces) {
        try {
            String json = Files.readString(resource(name));
            for (int i = 0; i < replaces.length; i += 2) {
                json = json.replace(replaces[i], replaces[i + 1]);
            }
            return LegacyMapping.fromJson(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(LegacyMappings.class.getResource("/legacy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }


}
