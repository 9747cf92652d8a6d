package dev.stowage.migration.verify;

import dev.stowage.migration.RecordKind;
import dev.stowage.support.Text;
import dev.stowage.token.Credential;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Third-party credentials, keyed by (subject, provider) in code point order; a credential counts
 * as present only by the {@link ExpiryRule}. Token values are compared and never shown.
 */
final class CredentialComparer implements RecordComparer<Credential> {

    private static final Comparator<Credential> ORDER = Comparator
            .comparing(Credential::subject, Text.CODE_POINT_ORDER)
            .thenComparing(Credential::provider, Text.CODE_POINT_ORDER);

    private final ExpiryRule expiry;

    CredentialComparer(ExpiryRule expiry) {
        this.expiry = expiry;
    }

    @Override
    public RecordKind records() {
        return RecordKind.CREDENTIALS;
    }

    @Override
    public List<Credential> scan(Side side, Credential after, int limit) {
        return after == null
                ? side.tokens().scanCredentials(null, null, limit)
                : side.tokens().scanCredentials(after.subject(), after.provider(), limit);
    }

    @Override
    public Comparator<Credential> order() {
        return ORDER;
    }

    @Override
    public Map<String, String> key(Credential credential) {
        Map<String, String> key = new LinkedHashMap<>();
        key.put("subject", credential.subject());
        key.put("provider", credential.provider());
        return key;
    }

    @Override
    public boolean present(Credential credential) {
        return expiry.counts(credential.expiresAt());
    }

    @Override
    public void compare(Credential s, Credential t, Side sourceSide, Side targetSide, Differences d) {
        d.shown("expiresAt", s.expiresAt(), t.expiresAt());
        d.shown("accessTokenExpiresAt", s.accessTokenExpiresAt(), t.accessTokenExpiresAt());
        d.shown("createdAt", s.createdAt(), t.createdAt());
        d.shown("updatedAt", s.updatedAt(), t.updatedAt());
        d.shown("scopes", s.scopes(), t.scopes());
        d.secret("accessToken", s.accessToken(), t.accessToken());
        d.secret("refreshToken", s.refreshToken(), t.refreshToken());
        d.hidden("accountEmail", s.accountEmail(), t.accountEmail());
        d.hidden("metadata", s.metadata(), t.metadata());
    }
}
