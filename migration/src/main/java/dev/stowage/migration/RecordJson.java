package dev.stowage.migration;

import dev.stowage.contact.Address;
import dev.stowage.contact.Contact;
import dev.stowage.credit.AccountHistory;
import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.token.Credential;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RefreshTokenState;
import dev.stowage.token.RevokedAccessToken;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records as JSON objects (maps of strings, numbers, booleans, lists and maps) for the reject
 * sink. Field names are the records' component names; instants are ISO-8601 text with
 * microseconds. Credential secrets are masked: a reject file must not become a copy of the
 * tokens.
 */
final class RecordJson {

    /** What a masked secret reads as. */
    static final String MASK = "***";

    private RecordJson() {
    }

    static Map<String, Object> contact(Contact c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", c.id().toString());
        json.put("firstName", c.firstName());
        json.put("lastName", c.lastName());
        json.put("email", c.email());
        json.put("phone", c.phone());
        json.put("company", c.company());
        json.put("title", c.title());
        json.put("address", address(c.address()));
        json.put("notes", c.notes());
        json.put("status", c.status().name());
        json.put("tags", new ArrayList<>(c.tags()));
        json.put("customFields", c.customFields());
        json.put("source", c.source());
        json.put("sourceId", c.sourceId());
        json.put("createdAt", instant(c.createdAt()));
        json.put("updatedAt", instant(c.updatedAt()));
        json.put("version", c.version());
        return json;
    }

    static Map<String, Object> history(AccountHistory history) {
        return history(history.account(), history.entries());
    }

    static Map<String, Object> history(CreditAccount account, List<LedgerEntry> entries) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account", account(account));
        List<Object> ledger = new ArrayList<>(entries.size());
        entries.forEach(entry -> ledger.add(entry(entry)));
        json.put("entries", ledger);
        return json;
    }

    static Map<String, Object> account(CreditAccount a) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("accountId", a.accountId());
        json.put("balance", a.balance());
        json.put("totalPurchased", a.totalPurchased());
        json.put("totalUsed", a.totalUsed());
        json.put("createdAt", instant(a.createdAt()));
        json.put("updatedAt", instant(a.updatedAt()));
        return json;
    }

    static Map<String, Object> entry(LedgerEntry e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", e.id().toString());
        json.put("accountId", e.accountId());
        json.put("sequence", e.sequence());
        json.put("type", e.type().name());
        json.put("amount", e.amount());
        json.put("balanceAfter", e.balanceAfter());
        json.put("reason", e.reason());
        json.put("metadata", e.metadata());
        json.put("idempotencyKey", e.idempotencyKey());
        json.put("createdAt", instant(e.createdAt()));
        return json;
    }

    static Map<String, Object> credential(Credential c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("subject", c.subject());
        json.put("provider", c.provider());
        json.put("accessToken", MASK);
        json.put("refreshToken", c.refreshToken() == null ? null : MASK);
        json.put("accessTokenExpiresAt", instant(c.accessTokenExpiresAt()));
        json.put("expiresAt", instant(c.expiresAt()));
        json.put("scopes", new ArrayList<>(c.scopes()));
        json.put("accountEmail", c.accountEmail());
        json.put("metadata", c.metadata());
        json.put("createdAt", instant(c.createdAt()));
        json.put("updatedAt", instant(c.updatedAt()));
        return json;
    }

    /** A family as JSON; token hashes are masked too: a reject file is no copy of the sessions. */
    static Map<String, Object> family(RefreshFamily f) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("familyId", f.familyId().toString());
        json.put("subject", f.subject());
        json.put("createdAt", instant(f.createdAt()));
        json.put("revoked", f.revoked());
        List<Object> tokens = new ArrayList<>(f.tokens().size());
        for (RefreshTokenState token : f.tokens()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("id", token.id().toString());
            t.put("tokenHash", MASK);
            t.put("issuedAt", instant(token.issuedAt()));
            t.put("expiresAt", instant(token.expiresAt()));
            t.put("used", token.used());
            tokens.add(t);
        }
        json.put("tokens", tokens);
        return json;
    }

    static Map<String, Object> revokedAccessToken(RevokedAccessToken r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jti", r.jti());
        json.put("expiresAt", instant(r.expiresAt()));
        return json;
    }

    private static Map<String, Object> address(Address address) {
        if (address == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("street", address.street());
        json.put("city", address.city());
        json.put("region", address.region());
        json.put("postalCode", address.postalCode());
        json.put("country", address.country());
        return json;
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
