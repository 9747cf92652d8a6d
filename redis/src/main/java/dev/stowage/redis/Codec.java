package dev.stowage.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.stowage.contact.Address;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactStatus;
import dev.stowage.credit.EntryType;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.exception.StoreException;
import dev.stowage.exception.ValidationException;
import dev.stowage.support.JsonValues;
import dev.stowage.support.Timestamps;
import dev.stowage.token.Credential;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON form of stored records (Jackson). Instants are epoch microseconds, so they
 * round-trip exactly; absent fields are left out; JSON objects read back pass through
 * {@link JsonValues#canonicalObject}, so a value read equals the in-memory reference's. Numbers
 * are read as {@code BigInteger}/{@code BigDecimal} so that no digit is lost on the way.
 */
final class Codec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private Codec() {
    }

    // Contacts

    static String contact(Contact contact) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", contact.id().toString());
        putIfPresent(json, "firstName", contact.firstName());
        putIfPresent(json, "lastName", contact.lastName());
        json.put("email", contact.email());
        putIfPresent(json, "phone", contact.phone());
        putIfPresent(json, "company", contact.company());
        putIfPresent(json, "title", contact.title());
        if (contact.address() != null) {
            json.put("address", contact.address().parts());
        }
        putIfPresent(json, "notes", contact.notes());
        json.put("status", contact.status().name());
        json.put("tags", List.copyOf(contact.tags()));
        json.put("customFields", contact.customFields());
        putIfPresent(json, "source", contact.source());
        putIfPresent(json, "sourceId", contact.sourceId());
        json.put("createdAt", micros(contact.createdAt()));
        json.put("updatedAt", micros(contact.updatedAt()));
        json.put("version", contact.version());
        return write(json);
    }

    @SuppressWarnings("unchecked")
    static Contact contact(String text) {
        Map<String, Object> json = read(text, "contact");
        try {
            Address address = Address.fromParts((Map<String, Object>) json.get("address"));
            return new Contact(UUID.fromString((String) json.get("id")), (String) json.get("firstName"),
                    (String) json.get("lastName"), (String) json.get("email"), (String) json.get("phone"),
                    (String) json.get("company"), (String) json.get("title"), address, (String) json.get("notes"),
                    ContactStatus.valueOf((String) json.get("status")),
                    new LinkedHashSet<>((List<String>) json.get("tags")),
                    object(json.get("customFields"), "customFields"), (String) json.get("source"),
                    (String) json.get("sourceId"), instant(json.get("createdAt")), instant(json.get("updatedAt")),
                    number(json.get("version")));
        } catch (RuntimeException e) {
            throw corrupt("contact", e);
        }
    }

    // Ledger entries

    /**
     * The entry without {@code sequence} and {@code balanceAfter}: the posting script decides
     * those atomically and puts them in front.
     */
    static String entryBody(UUID id, String accountId, EntryType type, long amount, String reason,
                            Map<String, Object> metadata, String idempotencyKey, Instant createdAt) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id.toString());
        json.put("accountId", accountId);
        json.put("type", type.name());
        json.put("amount", amount);
        putIfPresent(json, "reason", reason);
        json.put("metadata", metadata);
        putIfPresent(json, "idempotencyKey", idempotencyKey);
        json.put("createdAt", micros(createdAt));
        return write(json);
    }

    static String entry(LedgerEntry entry) {
        String body = entryBody(entry.id(), entry.accountId(), entry.type(), entry.amount(), entry.reason(),
                entry.metadata(), entry.idempotencyKey(), entry.createdAt());
        return withSequence(entry.sequence(), Long.toString(entry.balanceAfter()), body);
    }

    /** The same splice the posting script does; the one place Java builds it for imports. */
    static String withSequence(long sequence, String balanceAfter, String body) {
        return "{\"sequence\":" + sequence + ",\"balanceAfter\":" + balanceAfter + "," + body.substring(1);
    }

    static LedgerEntry entry(String text) {
        Map<String, Object> json = read(text, "ledger entry");
        try {
            return new LedgerEntry(UUID.fromString((String) json.get("id")), (String) json.get("accountId"),
                    number(json.get("sequence")), EntryType.valueOf((String) json.get("type")),
                    number(json.get("amount")), number(json.get("balanceAfter")), (String) json.get("reason"),
                    object(json.get("metadata"), "metadata"), (String) json.get("idempotencyKey"),
                    instant(json.get("createdAt")));
        } catch (RuntimeException e) {
            throw corrupt("ledger entry", e);
        }
    }

    // Credentials

    static String credential(Credential credential) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("subject", credential.subject());
        json.put("provider", credential.provider());
        json.put("accessToken", credential.accessToken());
        putIfPresent(json, "refreshToken", credential.refreshToken());
        if (credential.accessTokenExpiresAt() != null) {
            json.put("accessTokenExpiresAt", micros(credential.accessTokenExpiresAt()));
        }
        if (credential.expiresAt() != null) {
            json.put("expiresAt", micros(credential.expiresAt()));
        }
        json.put("scopes", List.copyOf(credential.scopes()));
        putIfPresent(json, "accountEmail", credential.accountEmail());
        json.put("metadata", credential.metadata());
        json.put("createdAt", micros(credential.createdAt()));
        json.put("updatedAt", micros(credential.updatedAt()));
        return write(json);
    }

    @SuppressWarnings("unchecked")
    static Credential credential(String text) {
        Map<String, Object> json = read(text, "credential");
        try {
            return new Credential((String) json.get("subject"), (String) json.get("provider"),
                    (String) json.get("accessToken"), (String) json.get("refreshToken"),
                    optionalInstant(json.get("accessTokenExpiresAt")), optionalInstant(json.get("expiresAt")),
                    new LinkedHashSet<>((List<String>) json.get("scopes")), (String) json.get("accountEmail"),
                    object(json.get("metadata"), "metadata"), instant(json.get("createdAt")),
                    instant(json.get("updatedAt")));
        } catch (RuntimeException e) {
            throw corrupt("credential", e);
        }
    }

    // Helpers

    private static void putIfPresent(Map<String, Object> json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    private static long micros(Instant instant) {
        return Timestamps.toEpochMicros(instant);
    }

    private static Instant instant(Object value) {
        return Timestamps.ofEpochMicros(number(value));
    }

    private static Instant optionalInstant(Object value) {
        return value == null ? null : instant(value);
    }

    private static long number(Object value) {
        if (value instanceof java.math.BigInteger big) {
            return big.longValueExact();
        }
        return ((Number) value).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String field) {
        return JsonValues.canonicalObject((Map<String, ?>) value, field);
    }

    private static String write(Map<String, Object> json) {
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new StoreException("could not encode a record as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, Object> read(String text, String what) {
        try {
            return MAPPER.readValue(text, OBJECT);
        } catch (JsonProcessingException e) {
            throw corrupt(what, e);
        }
    }

    private static StoreException corrupt(String what, Exception cause) {
        if (cause instanceof ValidationException) {
            return new StoreException("a stored " + what + " breaks the model's rules (" + cause.getMessage()
                    + "); it was written by something other than this library", cause);
        }
        return new StoreException("a stored " + what + " is not valid JSON of this library's format; "
                + "it was written by something else or by an incompatible version", cause);
    }
}
