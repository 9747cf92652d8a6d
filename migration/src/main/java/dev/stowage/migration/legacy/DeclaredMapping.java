package dev.stowage.migration.legacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.contact.Address;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactStatus;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.RecordKind;
import dev.stowage.token.CredentialDraft;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A mapping file ({@code stowage-legacy-mapping}, version 1; format in the module README) turned
 * into record functions. Every error names its place in the file ({@code collections[1].fields.createdAt}).
 */
final class DeclaredMapping {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Set<String> INSTANT_CONVERTERS = Set.of("epoch-seconds", "epoch-millis", "iso-instant",
            "iso-local-datetime");
    private static final List<String> CONTACT_TEXT = List.of("firstName", "lastName", "email", "phone", "company",
            "title", "notes", "source", "sourceId");
    private static final List<String> ADDRESS = List.of("street", "city", "region", "postalCode", "country");
    private static final List<String> CREDENTIAL_TEXT = List.of("subject", "provider", "accessToken", "refreshToken",
            "accountEmail");

    private DeclaredMapping() {
    }

    static LegacyMapping parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ValidationException("mapping", "json", "is not well-formed JSON (line "
                    + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !"stowage-legacy-mapping".equals(root.path("format").asText())) {
            throw new ValidationException("format", "stowage-legacy-mapping", "must be \"stowage-legacy-mapping\"");
        }
        if (root.path("version").asInt() != 1) {
            throw new ValidationException("version", "supported", "must be 1");
        }
        LegacyMapping.Builder builder = LegacyMapping.builder();
        if (root.hasNonNull("namespace")) {
            builder.namespace(root.get("namespace").asText());
        }
        JsonNode collections = root.path("collections");
        if (!collections.isArray() || collections.isEmpty()) {
            throw new ValidationException("collections", "not-empty", "must be an array of at least one collection");
        }
        for (int i = 0; i < collections.size(); i++) {
            builder.add(collection(collections.get(i), "collections[" + i + "]"));
        }
        return LegacyMapping.declared(builder, sha256(text));
    }

    private static CollectionMapping collection(JsonNode node, String path) {
        String name = requiredText(node, "collection", path);
        String target = requiredText(node, "target", path);
        Set<String> secrets = new HashSet<>();
        node.path("secrets").forEach(secret -> secrets.add(secret.asText()));
        Map<String, Spec> fields = new LinkedHashMap<>();
        JsonNode declared = node.path("fields");
        if (!declared.isObject()) {
            throw new ValidationException(path + ".fields", "object", "must be an object of target fields");
        }
        Iterator<Map.Entry<String, JsonNode>> it = declared.fields();
        RecordKind kind = switch (target) {
            case "contacts" -> RecordKind.CONTACTS;
            case "credit-accounts" -> RecordKind.CREDIT_ACCOUNTS;
            case "credentials" -> RecordKind.CREDENTIALS;
            default -> throw new ValidationException(path + ".target", "target",
                    "must be contacts, credit-accounts or credentials");
        };
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> field = it.next();
            fields.put(field.getKey(), spec(kind, field.getKey(), field.getValue(), path + ".fields." + field.getKey()));
        }
        return switch (kind) {
            case CONTACTS -> new CollectionMapping(name, kind, contact(fields), secrets);
            case CREDIT_ACCOUNTS -> new CollectionMapping(name, kind, account(fields, totals(node, path)), secrets);
            default -> new CollectionMapping(name, kind, credential(fields), secrets);
        };
    }

    private static TotalsRule totals(JsonNode node, String path) {
        String totals = node.path("totals").asText("reject");
        return switch (totals) {
            case "reject" -> TotalsRule.REJECT;
            case "adjust" -> TotalsRule.ADJUST;
            default -> throw new ValidationException(path + ".totals", "totals", "must be reject or adjust");
        };
    }

    /** One target field: where its value comes from and how it is converted. */
    private record Spec(String target, String from, Object constant, Converter<?> converter, String reference,
                        boolean required) {

        Object read(FieldReader fields) {
            if (from == null) {
                return constant;
            }
            if (reference != null) {
                UUID id = required ? fields.referenceTo(from, reference, fields.required(from, Converters.text()))
                        : fields.reference(from, reference);
                return id == null ? null : id.toString();
            }
            if (FieldReader.LEGACY_ID.equals(from)) {
                return fields.legacyId();
            }
            if ("$id".equals(from)) {
                return fields.id().toString();
            }
            return required ? fields.required(from, converter) : fields.optional(from, converter);
        }
    }

    private static Spec spec(RecordKind kind, String target, JsonNode node, String path) {
        if (!node.isObject()) {
            throw new ValidationException(path, "object", "must be an object with \"from\" or \"value\"");
        }
        String category = category(kind, target, path);
        String from = node.hasNonNull("from") ? node.get("from").asText() : null;
        Object constant = node.has("value") ? constant(node.get("value")) : null;
        if ((from == null) == (constant == null)) {
            throw new ValidationException(path, "from-or-value", "must have exactly one of \"from\" and \"value\"");
        }
        if (constant != null && !(category.equals("text") || category.equals("json")
                || (category.equals("integer") && constant instanceof Long))) {
            throw new ValidationException(path + ".value", "constant", "a constant is only for text, numbers and custom values");
        }
        String reference = node.hasNonNull("reference") ? node.get("reference").asText() : null;
        String convert = node.hasNonNull("convert") ? node.get("convert").asText() : defaultConverter(category);
        if (convert == null && from != null && reference == null) {
            throw new ValidationException(path + ".convert", "required",
                    "must be declared for a timestamp (epoch-seconds, epoch-millis, iso-instant or iso-local-datetime)");
        }
        if (category.equals("instant") && convert != null && !INSTANT_CONVERTERS.contains(convert)) {
            throw new ValidationException(path + ".convert", "instant", "must be an instant converter for a timestamp");
        }
        Converter<?> converter = from == null || reference != null ? null : converter(convert, node, path, target);
        return new Spec(target, from, constant, converter, reference, node.path("required").asBoolean(false));
    }

    /** The kind of value a target field takes: text, instant, integer, tags, object, status, or any JSON value. */
    private static String category(RecordKind kind, String target, String path) {
        String prefix = target.contains(".") ? target.substring(0, target.indexOf('.')) : null;
        switch (kind) {
            case CONTACTS -> {
                if (CONTACT_TEXT.contains(target) || ("address".equals(prefix)
                        && ADDRESS.contains(target.substring(8)))) {
                    return "text";
                }
                if ("customFields".equals(prefix)) {
                    return "json";
                }
                switch (target) {
                    case "status": return "status";
                    case "tags": return "tags";
                    case "customFields": return "object";
                    case "createdAt", "updatedAt": return "instant";
                    default: break;
                }
            }
            case CREDIT_ACCOUNTS -> {
                switch (target) {
                    case "accountId": return "text";
                    case "balance", "totalPurchased", "totalUsed": return "integer";
                    case "createdAt": return "instant";
                    default: break;
                }
            }
            default -> {
                if (CREDENTIAL_TEXT.contains(target)) {
                    return "text";
                }
                if ("metadata".equals(prefix)) {
                    return "json";
                }
                switch (target) {
                    case "scopes": return "tags";
                    case "metadata": return "object";
                    case "accessTokenExpiresAt", "expiresAt", "createdAt", "updatedAt": return "instant";
                    default: break;
                }
            }
        }
        throw new ValidationException(path, "unknown-field", "is not a field of " + kind.label());
    }

    private static String defaultConverter(String category) {
        return switch (category) {
            case "text" -> "text";
            case "integer" -> "integer";
            case "tags" -> "tags";
            case "object" -> "object";
            case "status" -> "enum";
            case "json" -> "as-is";
            default -> null;
        };
    }

    private static Converter<?> converter(String name, JsonNode node, String path, String target) {
        return switch (name) {
            case "text" -> Converters.text();
            case "integer" -> Converters.integer();
            case "boolean" -> Converters.bool();
            case "decimal" -> Converters.decimal(node.path("scale").asInt(2));
            case "epoch-seconds" -> Converters.epochSeconds();
            case "epoch-millis" -> Converters.epochMillis();
            case "iso-instant" -> Converters.isoInstant();
            case "iso-local-datetime" -> Converters.isoLocalDateTime(zone(node, path));
            case "iso-date" -> Converters.isoDate();
            case "tags" -> Converters.tags();
            case "object" -> Converters.object();
            case "as-is" -> asIs();
            case "enum" -> {
                if (!target.equals("status")) {
                    throw new ValidationException(path + ".convert", "enum", "enum is for a contact's status");
                }
                Map<String, ContactStatus> aliases = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> values = node.path("values").fields();
                while (values.hasNext()) {
                    Map.Entry<String, JsonNode> alias = values.next();
                    try {
                        aliases.put(alias.getKey(), ContactStatus.valueOf(alias.getValue().asText()));
                    } catch (IllegalArgumentException e) {
                        throw new ValidationException(path + ".values." + alias.getKey(), "enum",
                                "must be ACTIVE, INACTIVE or ARCHIVED");
                    }
                }
                yield Converters.enumeration(ContactStatus.class, aliases);
            }
            default -> throw new ValidationException(path + ".convert", "converter", "is not a known converter");
        };
    }

    private static ZoneId zone(JsonNode node, String path) {
        if (!node.hasNonNull("zone")) {
            throw new ValidationException(path + ".zone", "required", "must name the zone of the local date-times (e.g. UTC)");
        }
        try {
            return ZoneId.of(node.get("zone").asText());
        } catch (java.time.DateTimeException e) {
            throw new ValidationException(path + ".zone", "zone", "is not a known time zone");
        }
    }

    /** Any source value, as plain JSON (for one custom field or metadata entry). */
    private static Converter<Object> asIs() {
        return new Converter<>() {
            @Override
            public String name() {
                return "as-is";
            }

            @Override
            public Object convert(String field, Object raw) {
                return Converters.plain(raw);
            }
        };
    }

    private static RecordFunction<LegacyContact> contact(Map<String, Spec> specs) {
        return fields -> {
            Map<String, Object> v = values(specs, fields);
            ContactDraft.Builder draft = ContactDraft.builder(text(v, "email"))
                    .firstName(text(v, "firstName")).lastName(text(v, "lastName")).phone(text(v, "phone"))
                    .company(text(v, "company")).title(text(v, "title")).notes(text(v, "notes"))
                    .status((ContactStatus) v.get("status"));
            @SuppressWarnings("unchecked")
            Set<String> tags = (Set<String>) v.get("tags");
            if (tags != null) {
                draft.tags(tags);
            }
            draft.customFields(object(v, "customFields"));
            if (v.keySet().stream().anyMatch(k -> k.startsWith("address."))) {
                draft.address(new Address(text(v, "address.street"), text(v, "address.city"), text(v, "address.region"),
                        text(v, "address.postalCode"), text(v, "address.country")));
            }
            if (v.get("source") != null || v.get("sourceId") != null) {
                draft.source(text(v, "source"), text(v, "sourceId"));
            }
            return new LegacyContact(draft.build(), (Instant) v.get("createdAt"), (Instant) v.get("updatedAt"));
        };
    }

    private static RecordFunction<LegacyAccount> account(Map<String, Spec> specs, TotalsRule totals) {
        return fields -> {
            Map<String, Object> v = values(specs, fields);
            String accountId = specs.containsKey("accountId") ? text(v, "accountId") : fields.legacyId();
            Object balance = v.get("balance");
            if (balance == null) {
                throw new ValidationException("balance", "required", "is required");
            }
            return new LegacyAccount(accountId, (Long) balance, (Long) v.get("totalPurchased"), (Long) v.get("totalUsed"),
                    (Instant) v.get("createdAt"), totals);
        };
    }

    private static RecordFunction<LegacyCredential> credential(Map<String, Spec> specs) {
        return fields -> {
            Map<String, Object> v = values(specs, fields);
            @SuppressWarnings("unchecked")
            Set<String> scopes = (Set<String>) v.get("scopes");
            CredentialDraft draft = CredentialDraft.builder(text(v, "subject"), text(v, "provider"), text(v, "accessToken"))
                    .refreshToken(text(v, "refreshToken")).accessTokenExpiresAt((Instant) v.get("accessTokenExpiresAt"))
                    .expiresAt((Instant) v.get("expiresAt")).scopes(scopes).accountEmail(text(v, "accountEmail"))
                    .metadata(object(v, "metadata")).build();
            return new LegacyCredential(draft, (Instant) v.get("createdAt"), (Instant) v.get("updatedAt"));
        };
    }

    /** Reads every declared field; {@code "customFields.x"} / {@code "metadata.x"} values go into their object. */
    private static Map<String, Object> values(Map<String, Spec> specs, FieldReader fields) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Spec spec : specs.values()) {
            values.put(spec.target(), spec.read(fields));
        }
        return values;
    }

    private static String text(Map<String, Object> values, String field) {
        Object value = values.get(field);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Long || value instanceof BigDecimal || value instanceof Boolean) {
            return value.toString();
        }
        throw new ValidationException(field, "text", "must be text; declare a converter that gives text");
    }

    /** The object field merged with its declared entries ({@code customFields.x}). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> values, String field) {
        Map<String, Object> object = new LinkedHashMap<>();
        Object whole = values.get(field);
        if (whole instanceof Map<?, ?> map) {
            object.putAll((Map<String, Object>) map);
        }
        values.forEach((name, value) -> {
            if (name.startsWith(field + ".") && value != null) {
                object.put(name.substring(field.length() + 1), value instanceof Instant i ? i.toString() : value);
            }
        });
        return object;
    }

    private static Object constant(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        return null;
    }

    private static String requiredText(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new ValidationException(path + "." + field, "required", "must be a non-blank string");
        }
        return value.asText();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
