package dev.stowage.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that keeps credentials out of messages, logs and {@code toString}s. Every
 * module builds its messages about URIs, JDBC URLs and driver failures through it:
 * <ul>
 *   <li>{@link #mask(String)} hides the password of a URI's user-info
 *       ({@code redis://user:s3cret@host} becomes {@code redis://user:***@host}; a user-info
 *       without {@code :} is all secret, as in {@code redis://s3cret@host}) and the value of
 *       password-like parameters ({@code password=}, {@code sslpassword=}, {@code secret=},
 *       {@code token=}, ...);</li>
 *   <li>{@link #mask(String, Collection)} also hides known secret values wherever they appear
 *       (a password given to a builder, a token being written), plain or URL-encoded;</li>
 *   <li>{@link #redact(Throwable, UnaryOperator)} makes a failure safe to attach as a cause:
 *       if any message of it, its causes or its suppressed exceptions would change under the
 *       masking, it returns a copy of the whole chain with masked messages (same stack traces,
 *       {@code toString} naming the original class); otherwise the failure itself.</li>
 * </ul>
 * Thread-safe and stateless.
 */
public final class Secrets {

    /** What a hidden value is replaced with. */
    public static final String MASK = "***";

    /** scheme://user-info@ ; the user-info stops at what cannot be part of it. */
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/@\\s?#\\[\\]]*)@");
    /** name=value where the name says the value is secret; the value stops at a separator. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)(?<![A-Za-z0-9_.-])((?:ssl)?password|passwd|pwd|secret|client_secret|token|access_token"
                    + "|refresh_token|api_?key|auth)=([^&;\\s,)'\"]*)");
    /** Configuration key parts that mark a value as secret (matched on the relaxed key form). */
    private static final List<String> SECRET_KEY_PARTS = List.of("PASSWORD", "SECRET", "TOKEN", "CREDENTIAL",
            "KEY", "URI", "URL");

    private Secrets() {
    }

    /**
     * @param text any text, for example a message that quotes a URI; may be {@code null}
     * @return the text with URI passwords and password-like parameter values replaced by
     *     {@value #MASK}; {@code null} for {@code null}
     */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = text;
        if (masked.contains("@")) {
            Matcher userInfo = USER_INFO.matcher(masked);
            StringBuilder out = new StringBuilder(masked.length());
            while (userInfo.find()) {
                String info = userInfo.group(2);
                int colon = info.indexOf(':');
                String kept = colon < 0 ? MASK : info.substring(0, colon + 1) + MASK;
                userInfo.appendReplacement(out, Matcher.quoteReplacement(userInfo.group(1) + kept + "@"));
            }
            userInfo.appendTail(out);
            masked = out.toString();
        }
        if (masked.indexOf('=') >= 0) {
            masked = SECRET_PARAMETER.matcher(masked).replaceAll(match -> Matcher.quoteReplacement(
                    match.group(1) + "=" + (match.group(2).isEmpty() ? "" : MASK)));
        }
        return masked;
    }

    /**
     * Masks a text that is meant to be one URI or URL even when it is malformed (so
     * {@link #mask(String)} cannot find its user-info): everything between the scheme's
     * {@code //} (or the start) and the last {@code @} is treated as user-info.
     *
     * @param uri a URI as configured, possibly malformed; may be {@code null}
     * @return it with its password masked, for a message that says what is wrong with it
     */
    public static String maskUri(String uri) {
        String masked = mask(uri);
        if (masked == null || !masked.equals(uri)) {
            return masked;
        }
        int at = masked.lastIndexOf('@');
        if (at < 0) {
            return masked;
        }
        int slashes = masked.lastIndexOf("//", at);
        int start = slashes >= 0 ? slashes + 2 : 0;
        String info = masked.substring(start, at);
        int colon = info.indexOf(':');
        String kept = colon < 0 ? MASK : info.substring(0, colon + 1) + MASK;
        return masked.substring(0, start) + kept + masked.substring(at);
    }

    /**
     * @param text    any text; may be {@code null}
     * @param secrets values that must not appear, such as a configured password or a token being
     *                written ({@code null} and empty entries are ignored)
     * @return the text masked as by {@link #mask(String)}, and every occurrence of a secret,
     *     as given or URL-encoded, replaced by {@value #MASK}
     */
    public static String mask(String text, Collection<String> secrets) {
        String masked = mask(text);
        if (masked == null || secrets == null) {
            return masked;
        }
        for (String secret : secrets) {
            if (secret == null || secret.isEmpty()) {
                continue;
            }
            masked = masked.replace(secret, MASK);
            String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
            if (!encoded.equals(secret)) {
                masked = masked.replace(encoded, MASK);
            }
        }
        return masked;
    }

    /**
     * @param secrets values that must not appear
     * @return a masking function for {@link #redact}: {@link #mask(String, Collection)} with these values
     */
    public static UnaryOperator<String> masking(Collection<String> secrets) {
        List<String> copy = secrets == null ? List.of() : List.copyOf(secrets.stream()
                .filter(Objects::nonNull).toList());
        return text -> mask(text, copy);
    }

    /**
     * Makes a failure safe to keep as the cause of a Stowage exception.
     *
     * @param failure a failure, for example a driver exception; may be {@code null}
     * @param masking how to mask one message, for example {@link #masking(Collection)}
     * @return {@code failure} itself when masking changes none of the messages of it, its causes
     *     and its suppressed exceptions; otherwise a copy of that whole tree whose messages are
     *     masked, with the same stack traces, whose {@code toString} still names the original
     *     exception class
     */
    public static Throwable redact(Throwable failure, UnaryOperator<String> masking) {
        Objects.requireNonNull(masking, "masking");
        if (failure == null || !needsRedaction(failure, masking, Collections.newSetFromMap(new IdentityHashMap<>()))) {
            return failure;
        }
        return copy(failure, masking, new IdentityHashMap<>());
    }

    /**
     * @param key a configuration key, in any spelling ({@code stowage.postgres.password},
     *            {@code STOWAGE_REDIS_URI})
     * @return whether its value may hold a secret (passwords, secrets, tokens, keys, and URIs or
     *     URLs, which may carry credentials), so it must never be shown as given
     */
    public static boolean isSecretKey(String key) {
        if (key == null) {
            return false;
        }
        String relaxed = key.toUpperCase(Locale.ROOT).replaceAll("[._-]", "");
        return SECRET_KEY_PARTS.stream().anyMatch(relaxed::contains);
    }

    private static boolean needsRedaction(Throwable failure, UnaryOperator<String> masking, Set<Throwable> seen) {
        if (!seen.add(failure)) {
            return false;
        }
        String message = failure.getMessage();
        if (message != null && !message.equals(masking.apply(message))) {
            return true;
        }
        String text = failure.toString();
        if (!text.equals(masking.apply(text))) {
            return true;
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            if (needsRedaction(suppressed, masking, seen)) {
                return true;
            }
        }
        return failure.getCause() != null && needsRedaction(failure.getCause(), masking, seen);
    }

    private static Throwable copy(Throwable failure, UnaryOperator<String> masking, Map<Throwable, Throwable> copies) {
        Throwable done = copies.get(failure);
        if (done != null) {
            return done;
        }
        Redacted redacted = new Redacted(failure.getClass().getName(), masking.apply(failure.getMessage()));
        copies.put(failure, redacted);
        redacted.setStackTrace(failure.getStackTrace());
        if (failure.getCause() != null && failure.getCause() != failure) {
            redacted.initCause(copy(failure.getCause(), masking, copies));
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            redacted.addSuppressed(copy(suppressed, masking, copies));
        }
        return redacted;
    }

    /** A masked copy of a failure; reads like the original in stack traces. */
    private static final class Redacted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String originalClass;

        private Redacted(String originalClass, String maskedMessage) {
            super(maskedMessage);
            this.originalClass = originalClass;
        }

        @Override
        public String toString() {
            String message = getMessage();
            return originalClass + (message == null ? "" : ": " + message) + " (credentials masked)";
        }
    }
}
