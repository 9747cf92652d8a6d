package dev.stowage.migration.verify;

import dev.stowage.support.Check;

/**
 * One field (or one invariant) that differs for a key, with what each side holds as far as it
 * may be shown. Values are rendered as text by these rules, so a report never carries a secret
 * or personal data:
 * <ul>
 *   <li>identity and bookkeeping fields (ids, versions, sequences, timestamps, expiries, amounts,
 *       balances, counts, types, statuses, scopes, sources) show their value;</li>
 *   <li>content fields (names, email, phone, company, title, address, notes, tags, custom fields,
 *       metadata, reasons, account emails) show {@value #HIDDEN};</li>
 *   <li>secrets (access and refresh tokens) show {@value #SECRET};</li>
 *   <li>a side without a value shows {@value #NONE}, and a side without the record {@value #ABSENT}.</li>
 * </ul>
 *
 * @param field  the field's name, e.g. {@code version}, {@code entries[seq=7].amount}, or an
 *               invariant such as {@code invariant: balance = sum(amounts)}
 * @param source the source's value as shown
 * @param target the target's value as shown
 */
public record Difference(String field, String source, String target) {

    /** Shown for a content field that has a value. */
    public static final String HIDDEN = "<hidden>";
    /** Shown for a secret that has a value. */
    public static final String SECRET = "***";
    /** Shown for a field without a value. */
    public static final String NONE = "<none>";
    /** Shown for the side that does not hold the record or the ledger entry. */
    public static final String ABSENT = "<absent>";

    /**
     * @throws dev.stowage.exception.ValidationException naming a missing component
     */
    public Difference {
        Check.required(field, "field");
        Check.required(source, "source");
        Check.required(target, "target");
    }
}
