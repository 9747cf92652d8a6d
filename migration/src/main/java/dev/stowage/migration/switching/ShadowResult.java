package dev.stowage.migration.switching;

import dev.stowage.TenantId;
import dev.stowage.migration.StoreKind;

import java.time.Duration;

/**
 * The outcome of one shadow read: the same read on the store that is not authoritative, compared
 * with what the caller got. Holds no values (they may be secrets), only where and how it went.
 *
 * @param store     the store
 * @param tenant    the tenant
 * @param operation the read, e.g. {@code "contacts.get"}
 * @param key       the key read (a contact id, an account id, a subject, a jti)
 * @param outcome   match, mismatch, timeout or error
 * @param elapsed   how long the shadow read took
 */
public record ShadowResult(StoreKind store, TenantId tenant, String operation, String key, Outcome outcome,
                           Duration elapsed) {

    /** How a shadow read went. */
    public enum Outcome {
        /** Both stores answered the same. */
        MATCH,
        /** The answers differed; the key was queued for repair. */
        MISMATCH,
        /** The shadow read took longer than the timeout; its answer was ignored. */
        TIMEOUT,
        /** The shadow read failed; the caller was not affected. */
        ERROR
    }
}
