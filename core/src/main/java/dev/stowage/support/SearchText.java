package dev.stowage.support;

import dev.stowage.exception.ValidationException;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Free-text search semantics shared by every backend. Text is split into tokens at every code
 * point that is not a letter or digit, tokens are lower-cased with {@link Locale#ROOT}, and tokens
 * longer than {@link #MAX_TOKEN_LENGTH} are dropped. A record matches a query when its tokens
 * contain every query token (whole-token match, AND). Backends index the tokens this class
 * computes (PostgreSQL as a {@code tsvector} built with {@code array_to_tsvector}), so no
 * database-side parser or stemmer can make backends disagree.
 */
public final class SearchText {

    /** Tokens longer than this many characters are not indexed and not searched. */
    public static final int MAX_TOKEN_LENGTH = 64;

    private SearchText() {
    }

    /**
     * @param texts the texts of one record (nulls are skipped)
     * @return the distinct tokens, in code point order
     */
    public static Set<String> tokens(String... texts) {
        TreeSet<String> tokens = new TreeSet<>(Text.CODE_POINT_ORDER);
        for (String text : texts) {
            if (text != null) {
                split(text, tokens);
            }
        }
        return tokens;
    }

    /**
     * @param query the user's search text
     * @return the distinct query tokens, in order of appearance
     * @throws ValidationException {@code field "text"} if the query holds no searchable token
     */
    public static Set<String> queryTokens(String query) {
        Set<String> tokens = new LinkedHashSet<>();
        split(query, tokens);
        if (tokens.isEmpty()) {
            throw new ValidationException("text", "searchable",
                    "must contain at least one word of letters or digits (of at most " + MAX_TOKEN_LENGTH + " characters)");
        }
        return tokens;
    }

    private static void split(String text, Set<String> into) {
        int start = -1;
        int i = 0;
        while (i <= text.length()) {
            int cp = i < text.length() ? text.codePointAt(i) : ' ';
            boolean wordChar = i < text.length() && Character.isLetterOrDigit(cp);
            if (wordChar && start < 0) {
                start = i;
            } else if (!wordChar && start >= 0) {
                String token = text.substring(start, i).toLowerCase(Locale.ROOT);
                if (token.length() <= MAX_TOKEN_LENGTH) {
                    into.add(token);
                }
                start = -1;
            }
            i += i < text.length() ? Character.charCount(cp) : 1;
        }
    }
}
