package dev.stowage.testkit;

import dev.stowage.Page;
import dev.stowage.exception.ConflictException;
import dev.stowage.exception.InsufficientCreditsException;
import dev.stowage.exception.StoreException;
import dev.stowage.exception.ValidationException;

import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What one store call did, in a form that compares equal across backends: the exception's class
 * and the field, reason or account state it names; or the result with everything a backend
 * generates at random (ids, token values, opaque cursors of generated records) masked.
 *
 * @param description the comparable description
 * @param failure     the exception the call threw, or {@code null}
 */
record Outcome(String description, Throwable failure) {

    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /**
     * @param call the call
     * @return what it did
     */
    static Outcome of(Supplier<Object> call) {
        Object result;
        try {
            result = call.get();
        } catch (RuntimeException | Error failure) {
            return new Outcome(describe(failure), failure);
        }
        return new Outcome("returned " + describeResult(result), null);
    }

    /**
     * @return whether the call threw
     */
    boolean failed() {
        return failure != null;
    }

    /**
     * @return whether the call threw something other than a {@link StoreException}
     */
    boolean escaped() {
        return failure != null && !(failure instanceof StoreException);
    }

    private static String describe(Throwable failure) {
        String kind = failure.getClass().getSimpleName();
        if (failure instanceof ValidationException validation) {
            return kind + " naming '" + validation.field() + "'";
        }
        if (failure instanceof ConflictException conflict) {
            return kind + " " + conflict.reason();
        }
        if (failure instanceof InsufficientCreditsException insufficient) {
            return kind + (insufficient.accountExists() ? " (account exists)" : " (no such account)");
        }
        return kind;
    }

    private static String describeResult(Object result) {
        if (result instanceof Page<?> page) {
            // A cursor may encode a generated id; whether there is a next page is what must agree.
            return "Page" + mask(String.valueOf(page.items())) + (page.hasNext() ? " with a next page" : " (last)");
        }
        return mask(String.valueOf(result));
    }

    private static String mask(String text) {
        return UUID_TEXT.matcher(text).replaceAll("<id>");
    }

    @Override
    public String toString() {
        return description;
    }
}
