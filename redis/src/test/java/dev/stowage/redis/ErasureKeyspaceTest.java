package dev.stowage.redis;

import dev.stowage.TenantId;
import dev.stowage.credit.Posting;
import dev.stowage.testkit.Fixtures;
import dev.stowage.token.TokenStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The physical side of the erasures on Redis: after each, the keyspace is read raw (every key of
 * the tenant, every member of every index, every field and value) and nothing of the erased
 * tenant, subject or account is left but the short-lived operation keys (see {@link Script});
 * the class's keyspace audit (see {@link RedisTestBase}) then checks every index against its
 * records. Expired items that Redis still holds (the clock moved, Redis's TTLs did not) are
 * erased too.
 */
abstract class ErasureKeyspaceTest extends RedisTestBase {

    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void erasing_a_tenant_leaves_no_key_of_its_hash_tag_and_no_registry_entry() {
        TenantId erased = TenantId.of("erased-tenant");
        TenantId kept = TenantId.of("erased-tenant0");
        fill(erased);
        fill(kept);
        clock.advance(Duration.ofMinutes(2));
        int keptKeys = tenantKeys(kept).size();

        backend.eraseTenant(erased);

        assertThat(tenantKeys(erased)).as("keys of the erased tenant, operation keys included").isEmpty();
        assertThat(raw.commands().smembers(Keys.tenantRegistry(prefix))).contains(kept.value())
                .doesNotContain(erased.value());
        assertThat(tenantKeys(kept)).hasSize(keptKeys);
    }

    @Test
    void erasing_a_subject_leaves_no_key_member_field_or_value_that_names_it() {
        TenantId tenant = TenantId.of("erased-subject");
        TokenStore tokens = backend.tokens(tenant);
        String subject = "subject-to-erase";
        tokens.putCredential(Fixtures.credential(subject, "google", clock.instant().plus(HOUR), clock.instant().plus(HOUR)));
        tokens.putCredential(Fixtures.credential(subject, "github"));
        tokens.rotateRefreshToken(tokens.issueRefreshToken(subject, HOUR).token(), HOUR);
        tokens.issueRefreshToken(subject, Duration.ofMinutes(1));
        tokens.revokeRefreshTokens(subject);
        tokens.putCredential(Fixtures.credential("kept-subject", "google"));
        tokens.issueRefreshToken("kept-subject", HOUR);
        clock.advance(Duration.ofMinutes(2));

        tokens.eraseSubject(subject);

        assertThat(mentions(tenant, subject)).as("keys and contents that name the subject").isEmpty();
        assertThat(mentions(tenant, "kept-subject")).isNotEmpty();
    }

    @Test
    void deleting_an_account_leaves_no_key_or_index_member_of_it() {
        TenantId tenant = TenantId.of("erased-account");
        backend.credits(tenant).post(Posting.purchase("account-to-erase", 10).withIdempotencyKey("k"));
        backend.credits(tenant).post(Posting.deduction("account-to-erase", 4));
        backend.credits(tenant).post(Posting.purchase("kept-account", 1));

        backend.credits(tenant).deleteAccount("account-to-erase");

        assertThat(mentions(tenant, "account-to-erase")).isEmpty();
        assertThat(mentions(tenant, "kept-account")).isNotEmpty();
    }

    private void fill(TenantId tenant) {
        backend.contacts(tenant).create(Fixtures.contact(1));
        backend.credits(tenant).post(Posting.purchase("a", 10).withIdempotencyKey("k"));
        TokenStore tokens = backend.tokens(tenant);
        tokens.putCredential(Fixtures.credential("u1", "google", clock.instant().plus(HOUR), clock.instant().plusSeconds(60)));
        tokens.rotateRefreshToken(tokens.issueRefreshToken("u1", HOUR).token(), HOUR);
        tokens.revokeAccessToken("jti-1", clock.instant().plusSeconds(60));
    }

    private List<String> tenantKeys(TenantId tenant) {
        return raw.keys("{" + prefix + ":" + tenant.value() + "}:*");
    }

    /** @return every key name, index member, hash field or value of the tenant that contains the text */
    private List<String> mentions(TenantId tenant, String text) {
        List<String> found = new ArrayList<>();
        for (String key : tenantKeys(tenant)) {
            if (key.contains("}:op:")) {
                continue;
            }
            List<String> contents = new ArrayList<>();
            contents.add(key);
            switch (raw.commands().type(key)) {
                case "zset" -> contents.addAll(raw.commands().zrange(key, 0, -1));
                case "set" -> contents.addAll(raw.commands().smembers(key));
                case "hash" -> raw.commands().hgetall(key).forEach((field, value) -> {
                    contents.add(field);
                    contents.add(value);
                });
                case "string" -> contents.add(raw.commands().get(key));
                default -> contents.add("unexpected type of " + key);
            }
            contents.stream().filter(content -> content.contains(text)).forEach(content -> found.add(key + " -> " + content));
        }
        return found;
    }
}
