package dev.stowage.support;

import java.util.Comparator;

/**
 * Text ordering shared by every backend. Stores order strings by Unicode code point, which is
 * also the byte order of UTF-8: PostgreSQL's {@code COLLATE "C"}, Redis's lexicographic sorted
 * sets and this comparator all agree. {@link String#compareTo} does not (it compares UTF-16
 * units), so never use it for anything a backend must reproduce.
 */
public final class Text {

    /** Orders strings by code point, equal to UTF-8 byte order. */
    public static final Comparator<String> CODE_POINT_ORDER = Text::compareCodePoints;

    private Text() {
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
