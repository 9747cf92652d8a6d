package dev.stowage.testkit;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Assertions that secrets (passwords, token values) appear nowhere a caller or operator could
 * read them: in an exception's message and {@code toString}, in those of every cause and every
 * suppressed exception, and in log lines ({@link LogCapture}). A secret counts as leaked in its
 * plain and in its URL-encoded form.
 */
public final class SecretLeaks {

    private SecretLeaks() {
    }

    /**
     * @param failure a failure a call threw
     * @param secrets values that must not appear
     * @throws AssertionError naming the exception of the chain that shows a secret
     */
    public static void assertNoneIn(Throwable failure, Collection<String> secrets) {
        assertThat(failure).as("the call should have failed").isNotNull();
        for (Throwable each : chain(failure)) {
            for (String text : new String[]{each.getMessage(), each.toString(), each.getLocalizedMessage()}) {
                if (text != null) {
                    assertNoneIn(text, secrets, "in " + each.getClass().getName() + " of the chain of " + failure);
                }
            }
        }
    }

    /**
     * @param expected the exception the call must throw
     * @param call     the call
     * @param secrets  values that must not appear in what it throws
     * @return what it threw
     * @throws AssertionError if it did not throw {@code expected}, or a secret shows
     */
    public static Throwable assertFailsWithout(Class<? extends Throwable> expected, ThrowingCallable call,
                                               Collection<String> secrets) {
        Throwable failure = catchThrowable(call);
        assertThat(failure).isInstanceOf(expected);
        assertNoneIn(failure, secrets);
        return failure;
    }

    /**
     * @param lines   log lines
     * @param secrets values that must not appear
     * @throws AssertionError quoting the first line that shows a secret
     */
    public static void assertNoneIn(List<String> lines, Collection<String> secrets) {
        for (String line : lines) {
            assertNoneIn(line, secrets, "in a log line");
        }
    }

    /**
     * @param failure a failure
     * @return it, its causes and its suppressed exceptions (and theirs), each once
     */
    public static List<Throwable> chain(Throwable failure) {
        List<Throwable> all = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collect(failure, all, seen);
        return all;
    }

    private static void collect(Throwable failure, List<Throwable> all, Set<Throwable> seen) {
        if (failure == null || !seen.add(failure)) {
            return;
        }
        all.add(failure);
        for (Throwable suppressed : failure.getSuppressed()) {
            collect(suppressed, all, seen);
        }
        collect(failure.getCause(), all, seen);
    }

    private static void assertNoneIn(String text, Collection<String> secrets, String where) {
        for (String secret : secrets) {
            String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
            assertThat(text).as("a secret shows %s: %s", where, text).doesNotContain(secret).doesNotContain(encoded);
        }
    }
}
