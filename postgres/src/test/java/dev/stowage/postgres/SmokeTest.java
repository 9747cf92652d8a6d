package dev.stowage.postgres;

import dev.stowage.Page;
import dev.stowage.TenantId;
import dev.stowage.contact.*;
import dev.stowage.credit.*;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.MutableClock;
import dev.stowage.token.*;
import org.junit.jupiter.api.*;

import java.time.Duration;
import java.util.*;

import static org.assertj.core.api.Assertions.*;

class SmokeTest {
    static String schema = TestDatabase.uniqueSchema(SmokeTest.class);
    static MutableClock clock = MutableClock.standard();
    static StoreBackend backend;

    @BeforeAll static void open() { backend = TestDatabase.builder(schema, clock).buildBackend(); }
    @AfterAll static void close() { backend.close(); TestDatabase.dropSchema(schema); }

    @Test void contacts() {
        ContactStore s = backend.contacts(TenantId.of("t1"));
        Contact a = s.create(ContactDraft.builder("Ada@Example.com").firstName("Ada").lastName("Lovelace").tags("x", "y")
            .customFields(Map.of("n", 1.50, "b", true, "l", List.of(1, "two"))).address(new Address("s", null, null, null, "UK")).source("crm", "1").build());
        assertThat(s.get(a.id())).contains(a);
        assertThat(s.findByEmail("ada@EXAMPLE.com")).containsExactly(a);
        assertThat(s.findBySource("crm", "1")).contains(a);
        clock.advance(Duration.ofSeconds(1));
        Contact b = s.update(a.id(), 1, a.toDraft().toBuilder().company("ACME").build());
        assertThat(b.version()).isEqualTo(2);
        Contact c = s.upsertBySource(b.toDraft());
        assertThat(c).isEqualTo(b);
        Contact d = s.upsertBySource(b.toDraft().toBuilder().notes("hello world").build());
        assertThat(d.version()).isEqualTo(3);
        assertThat(s.search(ContactQuery.builder().text("HELLO ada").build()).items()).containsExactly(d);
        assertThat(s.search(ContactQuery.builder().anyTags("x", "z").allTags("y").statuses(ContactStatus.ACTIVE).company("ACME").build()).items()).containsExactly(d);
        for (int i = 0; i < 5; i++) s.create(ContactDraft.builder("p" + i + "@x.org").lastName(i % 2 == 0 ? null : "Z" + i).build());
        List<Contact> all = new ArrayList<>();
        ContactQuery q = ContactQuery.builder().sort(ContactSort.LAST_NAME, SortDirection.ASC).limit(2).build();
        Page<Contact> p;
        do { p = s.search(q); all.addAll(p.items()); q = p.nextCursor().map(q::after).orElse(null); } while (q != null);
        assertThat(all).hasSize(6);
        assertThat(s.count(ContactQuery.all())).isEqualTo(6);
        assertThat(s.scan(null, 100)).hasSize(6);
        assertThat(s.getAll(List.of(d.id()))).containsExactly(d);
        assertThatThrownBy(() -> s.update(d.id(), 1, d.toDraft())).isInstanceOf(dev.stowage.exception.ConflictException.class);
        assertThatThrownBy(() -> s.create(d.toDraft())).isInstanceOf(dev.stowage.exception.ConflictException.class);
        ContactStore other = backend.contacts(TenantId.of("t2"));
        assertThat(other.importContacts(List.of(d, all.get(0)))).isEqualTo(new dev.stowage.ImportResult(2, 0, 0));
        assertThat(other.importContacts(List.of(d))).isEqualTo(new dev.stowage.ImportResult(0, 0, 1));
        assertThat(other.get(d.id())).contains(d);
        assertThat(s.delete(d.id(), 3)).isTrue();
        assertThat(s.delete(d.id())).isFalse();
    }

    @Test void credits() {
        CreditStore s = backend.credits(TenantId.of("t1"));
        LedgerEntry e1 = s.post(Posting.purchase("acc", 10).withIdempotencyKey("k1").withMetadata(Map.of("a", 1)));
        assertThat(s.post(Posting.purchase("acc", 10).withIdempotencyKey("k1"))).isEqualTo(e1);
        assertThatThrownBy(() -> s.post(Posting.deduction("acc", 11))).isInstanceOf(dev.stowage.exception.InsufficientCreditsException.class);
        assertThatThrownBy(() -> s.post(Posting.deduction("nope", 1))).isInstanceOf(dev.stowage.exception.InsufficientCreditsException.class);
        LedgerEntry e2 = s.post(Posting.deduction("acc", 4));
        assertThat(e2.balanceAfter()).isEqualTo(6);
        assertThat(s.account("acc").orElseThrow().totalUsed()).isEqualTo(4);
        assertThatThrownBy(() -> s.post(Posting.deduction("acc", 1).withIdempotencyKey("k1"))).isInstanceOf(dev.stowage.exception.ConflictException.class);
        Page<LedgerEntry> h = s.history("acc", 1, null);
        assertThat(h.items()).containsExactly(e2);
        assertThat(s.history("acc", 1, h.nextCursor().orElseThrow()).items()).containsExactly(e1);
        assertThat(s.entries("acc", 0, 10)).containsExactly(e1, e2);
        assertThat(s.scanAccounts(null, 10)).hasSize(1);
        CreditStore o = backend.credits(TenantId.of("t2"));
        AccountHistory hist = new AccountHistory(s.account("acc").orElseThrow(), s.entries("acc", 0, 10));
        assertThat(o.importAccounts(List.of(hist))).isEqualTo(new dev.stowage.ImportResult(1, 0, 0));
        assertThat(o.importAccounts(List.of(hist))).isEqualTo(new dev.stowage.ImportResult(0, 0, 1));
        assertThat(o.entries("acc", 0, 10)).containsExactly(e1, e2);
    }

    @Test void tokens() {
        TokenStore s = backend.tokens(TenantId.of("t1"));
        Credential c = s.putCredential(CredentialDraft.builder("u", "google", "at").scopes("a", "b").expiresAt(clock.instant().plusSeconds(60)).accessTokenExpiresAt(clock.instant().plusSeconds(30)).build());
        assertThat(s.credential("u", "google")).contains(c);
        assertThat(s.credentials("u")).containsExactly(c);
        assertThat(s.credentialsExpiringBefore(clock.instant().plusSeconds(31), 10)).containsExactly(c);
        assertThat(s.scanCredentials(null, null, 10)).containsExactly(c);
        IssuedRefreshToken t = s.issueRefreshToken("u", Duration.ofMinutes(5));
        assertThat(s.findRefreshToken(t.token())).contains(t.refreshToken());
        RotationResult r = s.rotateRefreshToken(t.token(), Duration.ofMinutes(5));
        assertThat(r.isRotated()).isTrue();
        assertThat(s.rotateRefreshToken(t.token(), Duration.ofMinutes(5))).isEqualTo(new RotationResult.Rejected(RotationResult.Reason.REUSED));
        IssuedRefreshToken next = ((RotationResult.Rotated) r).next();
        assertThat(s.rotateRefreshToken(next.token(), Duration.ofMinutes(5))).isEqualTo(new RotationResult.Rejected(RotationResult.Reason.REVOKED));
        assertThat(s.rotateRefreshToken("whatever", Duration.ofMinutes(5))).isEqualTo(new RotationResult.Rejected(RotationResult.Reason.UNKNOWN));
        s.revokeAccessToken("jti1", clock.instant().plusSeconds(10));
        assertThat(s.isAccessTokenRevoked("jti1")).isTrue();
        assertThat(s.revokeRefreshTokens("u")).isZero();
        clock.advance(Duration.ofMinutes(10));
        assertThat(s.isAccessTokenRevoked("jti1")).isFalse();
        assertThat(s.credential("u", "google")).isEmpty();
        assertThat(s.purgeExpired()).isEqualTo(4);
        assertThat(s.deleteCredential("u", "google")).isFalse();
    }
}
