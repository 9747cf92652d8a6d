package dev.stowage.encryption;

import dev.stowage.TenantId;
import dev.stowage.support.Check;
import dev.stowage.token.Credential;
import dev.stowage.token.TokenStore;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Moves every stored credential secret to the active key (and encrypts those still stored in
 * clear), in batches, resumable from a position, so old keys can then be removed from the
 * keyring. For a command line: run {@link #batch} in a loop, saving {@link Progress#next()}
 * after each call, and resume from the saved position after an interruption.
 * <p>
 * A rewritten credential goes through the store's import, whose newer-wins rule keeps a
 * credential written since it was read: its {@code updatedAt} moves one microsecond forward,
 * and a credential replaced concurrently is left as the writer stored it (already under the
 * active key). Only a write in the very microsecond of the credential's own {@code updatedAt}
 * could be overtaken; run the job again to find nothing left.
 */
public final class Reencryption {

    private final EncryptingBackend backend;

    Reencryption(EncryptingBackend backend) {
        this.backend = backend;
    }

    /**
     * One batch of one tenant: reads up to {@code limit} credentials after the position and
     * rewrites those not under the active key.
     *
     * @param tenant the tenant
     * @param after  where the previous batch ended, or {@code null} to start at the beginning
     * @param limit  credentials to read, 1..{@value Check#MAX_BATCH_LIMIT}
     * @return what the batch did, and where the next one starts
     * @throws dev.stowage.exception.StoreException naming the key id if a value cannot be
     *     decrypted (a key missing from the keyring); nothing of that batch is written
     */
    public Progress batch(TenantId tenant, Position after, int limit) {
        Objects.requireNonNull(tenant, "tenant");
        Check.batchLimit(limit);
        TokenStore raw = backend.stored().tokens(tenant);
        EncryptingTokenStore encrypting = backend.encryptingTokens(tenant);
        String active = backend.cipher().keys().activeKeyId();
        List<Credential> page = after == null ? raw.scanCredentials(null, null, limit)
                : raw.scanCredentials(after.subject(), after.provider(), limit);
        List<Credential> rewritten = new ArrayList<>();
        for (Credential credential : page) {
            if (!underKey(credential, active)) {
                Credential plain = encrypting.decrypt(credential);
                rewritten.add(Credential.of(encrypting.encrypt(plain.toDraft()), plain.createdAt(),
                        plain.updatedAt().plus(1, ChronoUnit.MICROS)));
            }
        }
        int changed = rewritten.isEmpty() ? 0 : raw.importCredentials(rewritten).updated();
        Credential last = page.isEmpty() ? null : page.get(page.size() - 1);
        Position next = page.size() < limit ? null : new Position(last.subject(), last.provider());
        return new Progress(page.size(), changed, rewritten.size() - changed, next);
    }

    /**
     * Runs every batch of one tenant.
     *
     * @param tenant the tenant
     * @param limit  credentials per batch
     * @return the totals ({@code next} is {@code null})
     */
    public Progress tenant(TenantId tenant, int limit) {
        Progress total = new Progress(0, 0, 0, null);
        Position position = null;
        do {
            Progress step = batch(tenant, position, limit);
            total = total.plus(step);
            position = step.next();
        } while (position != null);
        return total;
    }

    /**
     * Runs every batch of every tenant the backend lists ({@link EncryptingBackend#tenants()}).
     *
     * @param limit credentials per batch
     * @return the totals
     */
    public Progress all(int limit) {
        Progress total = new Progress(0, 0, 0, null);
        for (TenantId tenant : backend.tenants()) {
            total = total.plus(tenant(tenant, limit));
        }
        return total;
    }

    private static boolean underKey(Credential credential, String keyId) {
        return keyId.equals(SecretCipher.keyIdOf(credential.accessToken()))
                && (credential.refreshToken() == null || keyId.equals(SecretCipher.keyIdOf(credential.refreshToken())));
    }

    /**
     * Where a batch ended: the last credential it read.
     *
     * @param subject  its subject
     * @param provider its provider
     */
    public record Position(String subject, String provider) {
        /** @throws NullPointerException if a component is missing */
        public Position {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(provider, "provider");
        }
    }

    /**
     * What one or more batches did.
     *
     * @param read        credentials read
     * @param reencrypted credentials rewritten under the active key
     * @param overtaken   credentials not rewritten because they changed since they were read
     *                    (their writer stored them under the active key)
     * @param next        where the next batch starts, or {@code null} when the tenant is done
     */
    public record Progress(long read, long reencrypted, long overtaken, Position next) {

        Progress plus(Progress other) {
            return new Progress(read + other.read, reencrypted + other.reencrypted, overtaken + other.overtaken,
                    other.next);
        }

        /**
         * @return whether the tenant (or everything) is done
         */
        public boolean done() {
            return next == null;
        }
    }
}
