package dev.stowage;

import dev.stowage.credit.CreditAccount;
import dev.stowage.credit.EntryType;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.credit.LedgerTail;
import dev.stowage.exception.ConflictException;
import dev.stowage.exception.UnsupportedCapabilityException;
import dev.stowage.exception.ValidationException;
import dev.stowage.token.RefreshFamily;
import dev.stowage.token.RefreshTokenState;
import dev.stowage.token.RefreshTokens;
import dev.stowage.token.RevokedAccessToken;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The migration records and rules of core: what they accept, reject and decide. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FidelityModelTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456789Z");

    private static void rejects(Executable executable, String field) {
        assertThatThrownBy(executable::execute)
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    private static RefreshTokenState token(String value, Instant issuedAt) {
        return new RefreshTokenState(RefreshTokens.hash(value), UUID.randomUUID(), issuedAt, issuedAt.plusSeconds(60), false);
    }

    private static LedgerEntry entry(long sequence, long amount, long balanceAfter, String key) {
        return new LedgerEntry(UUID.randomUUID(), "a", sequence, amount > 0 ? EntryType.BONUS : EntryType.DEDUCTION,
                amount, balanceAfter, null, Map.of(), key, T0.plusSeconds(sequence));
    }

    @Test
    void a_token_state_needs_the_shape_of_a_token_hash_and_truncates_its_instants() {
        rejects(() -> new RefreshTokenState("short", UUID.randomUUID(), T0, T0, false), "tokenHash");
        rejects(() -> new RefreshTokenState("=".repeat(43), UUID.randomUUID(), T0, T0, false), "tokenHash");
        rejects(() -> new RefreshTokenState(null, UUID.randomUUID(), T0, T0, false), "tokenHash");
        rejects(() -> new RefreshTokenState(RefreshTokens.hash("v"), null, T0, T0, false), "id");

        assertThat(token("v", T0).issuedAt().getNano()).isEqualTo(123_456_000);
    }

    @Test
    void a_family_keeps_its_tokens_in_one_canonical_order_and_knows_its_latest_expiry() {
        RefreshTokenState later = token("b", T0.plusSeconds(5));
        RefreshTokenState earlier = token("a", T0);
        UUID id = UUID.randomUUID();

        RefreshFamily family = new RefreshFamily(id, "u1", T0, false, List.of(later, earlier));

        assertThat(family.tokens()).containsExactly(earlier, later);
        assertThat(family).isEqualTo(new RefreshFamily(id, "u1", T0, false, List.of(earlier, later)));
        assertThat(family.expiresAt()).isEqualTo(later.expiresAt());
        assertThat(family.liveAt(earlier.expiresAt())).contains(new RefreshFamily(id, "u1", T0, false, List.of(later)));
        assertThat(family.liveAt(later.expiresAt())).isEmpty();
    }

    @Test
    void a_family_rejects_no_tokens_and_repeated_tokens() {
        RefreshTokenState one = token("a", T0);
        UUID id = UUID.randomUUID();

        rejects(() -> new RefreshFamily(id, "u1", T0, false, List.of()), "tokens");
        rejects(() -> new RefreshFamily(id, "u1", T0, false, List.of(one, one)), "tokens[1].tokenHash");
        rejects(() -> new RefreshFamily(id, "u1", T0, false, List.of(one, new RefreshTokenState(RefreshTokens.hash("b"),
                one.id(), T0, T0, false))), "tokens[1].id");
        rejects(() -> new RefreshFamily(id, "u 1", T0, false, List.of(one)), "subject");
        rejects(() -> new RefreshFamily(null, "u1", T0, false, List.of(one)), "familyId");
    }

    @Test
    void denials_order_by_expiry_then_jti_in_code_point_order() {
        RevokedAccessToken supplementary = new RevokedAccessToken("\uD835\uDC00", T0);
        RevokedAccessToken fullwidth = new RevokedAccessToken("\uFF21", T0);
        RevokedAccessToken later = new RevokedAccessToken("a", T0.plus(Duration.ofSeconds(1)));

        assertThat(List.of(later, supplementary, fullwidth).stream().sorted(RevokedAccessToken.SCAN_ORDER).toList())
                .containsExactly(fullwidth, supplementary, later);
        rejects(() -> new RevokedAccessToken("a b", T0), "jti");
        rejects(() -> new RevokedAccessToken("a", null), "expiresAt");
    }

    @Test
    void a_ledger_tail_checks_its_entries_belong_together() {
        rejects(() -> new LedgerTail("a", List.of(entry(1, 5, 5, null), entry(3, 5, 10, null))), "entries[1].sequence");
        rejects(() -> new LedgerTail("a", List.of(entry(1, 5, 5, "k"), entry(2, 5, 10, "k"))), "entries[1].idempotencyKey");
        rejects(() -> new LedgerTail("b", List.of(entry(1, 5, 5, null))), "entries[0].accountId");
        rejects(() -> new LedgerTail(" ", List.of()), "accountId");
    }

    @Test
    void a_plan_skips_identical_stored_entries_and_continues_the_balance() {
        LedgerEntry first = entry(1, 10, 10, null);
        LedgerEntry second = entry(2, -4, 6, null);
        CreditAccount stored = CreditAccount.opening("a", first.createdAt()).apply(EntryType.BONUS, 10, first.createdAt());

        LedgerTail.Append plan = new LedgerTail("a", List.of(first, second)).planOn(stored, 1, List.of(first), Set.of());

        assertThat(plan.appended()).containsExactly(second);
        assertThat(plan.account().balance()).isEqualTo(6);
        assertThat(plan.account().totalUsed()).isEqualTo(4);
        assertThat(plan.result()).isEqualTo(new ImportResult(1, 0, 1));
    }

    @Test
    void a_plan_rejects_forks_gaps_broken_chains_and_used_keys() {
        LedgerEntry first = entry(1, 10, 10, null);
        CreditAccount stored = CreditAccount.opening("a", first.createdAt()).apply(EntryType.BONUS, 10, first.createdAt());

        assertThatThrownBy(() -> new LedgerTail("a", List.of(entry(1, 10, 10, null))).planOn(stored, 1, List.of(first), Set.of()))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.DUPLICATE_KEY));
        rejects(() -> new LedgerTail("a", List.of(entry(3, 1, 11, null))).planOn(stored, 1, List.of(), Set.of()),
                "entries[0].sequence");
        rejects(() -> new LedgerTail("a", List.of(entry(2, 1, 12, null))).planOn(stored, 1, List.of(), Set.of()),
                "entries[0].balanceAfter");
        assertThatThrownBy(() -> new LedgerTail("a", List.of(entry(2, 1, 11, "k"))).planOn(stored, 1, List.of(), Set.of("k")))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.IDEMPOTENCY_KEY_REUSED));
    }

    @Test
    void a_backend_that_cannot_list_its_tenants_says_so() {
        dev.stowage.spi.StoreBackend backend = new FakeBackendProvider.FakeBackend("fake", 1, StowageConfig.of(java.util.Map.of()));

        assertThatThrownBy(backend::tenants).isInstanceOf(UnsupportedCapabilityException.class)
                .hasMessageContaining("name the tenants explicitly");
    }
}
