package dev.stowage.migration.verify;

import dev.stowage.support.Text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Collects what differs for one key while a comparer walks its fields, rendering values by the
 * rules of {@link Difference}. Lists at most {@link Mismatch#MAX_DIFFERENCES} and counts the rest,
 * so a ledger of a million differing entries costs no more memory than one of twenty.
 */
final class Differences {

    private final List<Difference> listed = new ArrayList<>();
    private long omitted;
    private boolean fieldDiffers;
    private boolean invariantBroken;

    /** A field whose value may be shown (identity, bookkeeping). */
    void shown(String field, Object source, Object target) {
        if (!Objects.equals(source, target)) {
            field(field, render(source), render(target));
        }
    }

    /** A content field: only whether it has a value is shown. */
    void hidden(String field, Object source, Object target) {
        if (!Objects.equals(source, target)) {
            field(field, source == null ? Difference.NONE : Difference.HIDDEN,
                    target == null ? Difference.NONE : Difference.HIDDEN);
        }
    }

    /** A secret: masked. */
    void secret(String field, Object source, Object target) {
        if (!Objects.equals(source, target)) {
            field(field, source == null ? Difference.NONE : Difference.SECRET,
                    target == null ? Difference.NONE : Difference.SECRET);
        }
    }

    /** Something (a ledger entry) that one side holds and the other does not. */
    void presence(String field, boolean onSource) {
        field(field, onSource ? "present" : Difference.ABSENT, onSource ? Difference.ABSENT : "present");
    }

    /**
     * An invariant of a store that is broken on at least one side.
     *
     * @param name   the invariant, e.g. {@code balance = sum(amounts)}
     * @param source how it stands on the source ({@code holds}, {@code broken: ...} or {@link Difference#ABSENT})
     * @param target how it stands on the target
     */
    void invariant(String name, String source, String target) {
        invariantBroken = true;
        add(new Difference("invariant: " + name, source, target));
    }

    boolean isEmpty() {
        return !fieldDiffers && !invariantBroken;
    }

    /**
     * @return {@link MismatchKind#DIFFERENT} if a field differs, else {@link MismatchKind#INVALID}
     */
    MismatchKind kindWhenBothPresent() {
        return fieldDiffers ? MismatchKind.DIFFERENT : MismatchKind.INVALID;
    }

    Mismatch toMismatch(MismatchKind kind, Map<String, String> key) {
        return new Mismatch(kind, key, listed, omitted);
    }

    private void field(String field, String source, String target) {
        fieldDiffers = true;
        add(new Difference(field, source, target));
    }

    private void add(Difference difference) {
        if (listed.size() < Mismatch.MAX_DIFFERENCES) {
            listed.add(difference);
        } else {
            omitted++;
        }
    }

    /** Shown values as text: sets in code point order so the text is the same on every run. */
    static String render(Object value) {
        if (value == null) {
            return Difference.NONE;
        }
        if (value instanceof Collection<?> collection) {
            List<String> items = new ArrayList<>();
            collection.forEach(item -> items.add(String.valueOf(item)));
            if (!(value instanceof List<?>)) {
                items.sort(Text.CODE_POINT_ORDER);
            }
            return items.toString();
        }
        return value.toString();
    }
}
