package dev.stowage.migration.verify;

import dev.stowage.support.Check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One key whose record is not the same on both sides.
 *
 * @param kind               what kind of mismatch
 * @param key                the record's key, in a fixed order: {@code id} for a contact,
 *                           {@code accountId} for an account, {@code subject} then {@code provider}
 *                           for a credential
 * @param differences        the first {@value #MAX_DIFFERENCES} differing fields and broken invariants
 * @param omittedDifferences how many more were found and not listed
 */
public record Mismatch(MismatchKind kind, Map<String, String> key, List<Difference> differences,
                       long omittedDifferences) {

    /** At most this many differences are listed per key; the rest are only counted. */
    public static final int MAX_DIFFERENCES = 20;

    /**
     * @throws dev.stowage.exception.ValidationException naming a missing or out-of-range component
     */
    public Mismatch {
        Check.required(kind, "kind");
        key = Collections.unmodifiableMap(new LinkedHashMap<>(Check.required(key, "key")));
        differences = List.copyOf(Check.required(differences, "differences"));
        Check.atLeast(omittedDifferences, "omittedDifferences", 0);
    }

    /**
     * @return the key as text, e.g. {@code subject=user-1 provider=google}
     */
    public String keyText() {
        StringBuilder text = new StringBuilder();
        key.forEach((name, value) -> {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(name).append('=').append(value);
        });
        return text.toString();
    }
}
