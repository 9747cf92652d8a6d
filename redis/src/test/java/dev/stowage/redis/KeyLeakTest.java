package dev.stowage.redis;

import dev.stowage.TenantId;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.contact.ContactStatus;
import dev.stowage.contact.ContactStore;
import dev.stowage.token.CredentialDraft;
import dev.stowage.token.IssuedRefreshToken;
import dev.stowage.token.TokenStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes through the public API and then removes everything through it again: no key of the
 * tenant may be left except the short-lived operation keys, so no index entry and no empty
 * index key outlives the records it served. The class's keyspace audit (see
 * {@link RedisTestBase}) then checks that no index entry points at a missing record.
 */
abstract class KeyLeakTest extends RedisTestBase {

    @Test
    void deleting_every_contact_leaves_no_contact_key() {
        TenantId tenant = TenantId.of("leak-contacts");
        ContactStore contacts = backend.contacts(tenant);
        for (int i = 0; i < 40; i++) {
            Contact contact = contacts.create(ContactDraft.builder("User" + i % 7 + "@Example.com")
                    .lastName(i % 3 == 0 ? null : "Name" + i).tags("t" + i % 4, "all")
                    .status(ContactStatus.values()[i % 3]).source(i % 2 == 0 ? "crm" : null, i % 2 == 0 ? "s" + i : null)
                    .build());
            if (i % 4 == 0) {
                contacts.update(contact.id(), contact.version(), contact.toDraft().toBuilder().tags("moved")
                        .source("other", "x" + i).email("moved@example.com").build());
            }
        }
        contacts.upsertBySource(ContactDraft.builder("up@example.com").source("crm", "s0").build());
        for (Contact contact : contacts.scan(null, 10_000)) {
            assertThat(contacts.delete(contact.id())).isTrue();
        }
        assertThat(nonOperationKeys(tenant)).isEmpty();
    }

    @Test
    void deleting_and_purging_every_token_leaves_no_token_key() {
        TenantId tenant = TenantId.of("leak-tokens");
        TokenStore tokens = backend.tokens(tenant);
        for (int i = 0; i < 10; i++) {
            tokens.putCredential(CredentialDraft.builder("user-" + i % 3, "p" + i, "access")
                    .accessTokenExpiresAt(clock.instant().plusSeconds(60))
                    .expiresAt(i % 2 == 0 ? clock.instant().plusSeconds(3600) : null).build());
            IssuedRefreshToken issued = tokens.issueRefreshToken("user-" + i % 3, Duration.ofMinutes(10));
            tokens.rotateRefreshToken(issued.token(), Duration.ofMinutes(20));
            tokens.revokeAccessToken("jti-" + i, clock.instant().plusSeconds(30 + i));
        }
        tokens.revokeRefreshTokens("user-1");
        for (int i = 0; i < 10; i++) {
            tokens.deleteCredential("user-" + i % 3, "p" + i);
        }
        clock.advance(Duration.ofHours(1));
        assertThat(tokens.purgeExpired()).isEqualTo(20 + 10);
        assertThat(nonOperationKeys(tenant)).isEmpty();
    }

    private List<String> nonOperationKeys(TenantId tenant) {
        return raw.keys("{" + prefix + ":" + tenant.value() + "}*").stream()
                .filter(key -> !key.contains("}:op:")).toList();
    }
}
