package dev.stowage.migration.legacy;

import dev.stowage.exception.ValidationException;
import dev.stowage.migration.RecordKind;
import dev.stowage.support.Check;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a legacy source's collections map to contacts, credit accounts and credentials: in code,
 * <pre>{@code
 * LegacyMapping mapping = LegacyMapping.builder()
 *         .namespace("crm-2019")
 *         .contacts("users", f -> LegacyContact.of(ContactDraft.builder(f.required("email", Converters.text()))
 *                 .firstName(f.text("first_name")).tags(f.tags("tags")).customFields(f.object("profile")).build()))
 *         .accounts("credits", f -> new LegacyAccount(f.legacyId(), f.required("currentBalance", Converters.integer()),
 *                 f.integer("totalPurchased"), f.integer("totalUsed"), null, TotalsRule.REJECT))
 *         .build();
 * }</pre>
 * or declared in a JSON file ({@link #fromJson(String)}, format in the module README). Immutable.
 */
public final class LegacyMapping {

    private final String namespace;
    private final List<CollectionMapping> collections;
    private final String description;

    private LegacyMapping(String namespace, List<CollectionMapping> collections, String description) {
        this.namespace = namespace;
        this.collections = List.copyOf(collections);
        this.description = description;
    }

    /** @return a builder for a mapping in code */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param json a mapping file's content (format {@code stowage-legacy-mapping}, version 1)
     * @return the mapping it declares
     * @throws ValidationException naming the offending part of the file
     */
    public static LegacyMapping fromJson(String json) {
        return DeclaredMapping.parse(json);
    }

    /**
     * @param file a mapping file
     * @return the mapping it declares
     * @throws ValidationException naming the offending part of the file, or {@code field "file"} if it cannot be read
     */
    public static LegacyMapping fromFile(Path file) {
        try {
            return fromJson(java.nio.file.Files.readString(Check.required(file, "file")));
        } catch (java.io.IOException e) {
            throw new ValidationException("file", "readable", "cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /** @return the namespace name the mapping declares; when empty, the run id is the namespace's name */
    public Optional<String> namespace() {
        return Optional.ofNullable(namespace);
    }

    /** @return the mapped collections, in declaration order */
    public List<CollectionMapping> collections() {
        return collections;
    }

    /**
     * @param name a collection's name
     * @return its mapping, if it is mapped
     */
    public Optional<CollectionMapping> collection(String name) {
        return collections.stream().filter(c -> c.collection().equals(name)).findFirst();
    }

    /**
     * @return what the run's fingerprint records of the mapping: the collections and their kinds,
     *     and for a declared mapping the SHA-256 of its file, so that a resume with another mapping is refused
     */
    public String description() {
        return description;
    }

    static LegacyMapping declared(Builder builder, String fileHash) {
        LegacyMapping mapping = builder.build();
        return new LegacyMapping(mapping.namespace, mapping.collections, mapping.description + "; file sha-256 " + fileHash);
    }

    /** Builds a {@link LegacyMapping}. Not thread-safe. */
    public static final class Builder {

        private String namespace;
        private final Map<String, CollectionMapping> collections = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param value the namespace's name (see {@link LegacyIds}); default the run id. Keep it
         *              for the life of the import: another name gives every record another id
         * @return this builder
         */
        public Builder namespace(String value) {
            this.namespace = Check.requiredText(value, "namespace", 200);
            return this;
        }

        /**
         * @param collection a source collection
         * @param function   its mapping to contacts
         * @param secrets    source fields to mask in rejects and reports
         * @return this builder
         */
        public Builder contacts(String collection, RecordFunction<LegacyContact> function, String... secrets) {
            return add(new CollectionMapping(collection, RecordKind.CONTACTS, function, Set.of(secrets)));
        }

        /**
         * @param collection a source collection
         * @param function   its mapping to credit accounts (imported with opening ledgers)
         * @param secrets    source fields to mask in rejects and reports
         * @return this builder
         */
        public Builder accounts(String collection, RecordFunction<LegacyAccount> function, String... secrets) {
            return add(new CollectionMapping(collection, RecordKind.CREDIT_ACCOUNTS, function, Set.of(secrets)));
        }

        /**
         * @param collection a source collection
         * @param function   its mapping to third-party credentials
         * @param secrets    source fields holding tokens, masked in rejects and reports (the raw
         *                   record of a credential collection is never put in a reject)
         * @return this builder
         */
        public Builder credentials(String collection, RecordFunction<LegacyCredential> function, String... secrets) {
            return add(new CollectionMapping(collection, RecordKind.CREDENTIALS, function, Set.of(secrets)));
        }

        /**
         * @param mapping a collection's mapping
         * @return this builder
         * @throws ValidationException {@code field "collection"} if the collection is mapped already
         */
        public Builder add(CollectionMapping mapping) {
            Check.required(mapping, "mapping");
            if (collections.putIfAbsent(mapping.collection(), mapping) != null) {
                throw new ValidationException("collection", "unique", "is mapped twice");
            }
            return this;
        }

        /**
         * @return the mapping
         * @throws ValidationException {@code field "collections"} if none is mapped
         */
        public LegacyMapping build() {
            if (collections.isEmpty()) {
                throw new ValidationException("collections", "not-empty", "must map at least one collection");
            }
            List<CollectionMapping> list = new ArrayList<>(collections.values());
            String description = "collections=" + list.stream().map(c -> c.collection() + "->" + c.records().label())
                    .collect(Collectors.joining(","));
            return new LegacyMapping(namespace, list, description);
        }
    }
}
