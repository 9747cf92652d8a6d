package dev.stowage.migration.legacy;

import dev.stowage.support.Check;
import dev.stowage.token.CredentialDraft;

import java.time.Instant;

/**
 * A third-party credential mapped from a legacy record.
 *
 * @param draft     the credential's fields
 * @param createdAt when it was stored in the legacy system, or {@code null} for the namespace's import time
 * @param updatedAt when it last changed there, or {@code null} for createdAt
 */
public record LegacyCredential(CredentialDraft draft, Instant createdAt, Instant updatedAt) {

    /** Checks that the draft is there. */
    public LegacyCredential {
        Check.required(draft, "draft");
    }

    /**
     * @param draft the credential's fields
     * @return the credential with the import time as its timestamps
     */
    public static LegacyCredential of(CredentialDraft draft) {
        return new LegacyCredential(draft, null, null);
    }
}
