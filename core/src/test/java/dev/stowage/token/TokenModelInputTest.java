package dev.stowage.token;

import dev.stowage.exception.ValidationException;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every public method, constructor and builder of the token model rejects a missing or
 * out-of-range argument with a {@link ValidationException} naming it, never a
 * NullPointerException or IllegalArgumentException.
 */
class TokenModelInputTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static Stream<Arguments> rejectedCalls() {
        CredentialDraft draft = CredentialDraft.builder("u", "p", "access").expiresAt(T0.plusSeconds(60)).build();
        Credential credential = Credential.of(draft, T0, T0);
        RefreshToken token = new RefreshToken(UUID.randomUUID(), "u", UUID.randomUUID(), T0, T0.plusSeconds(60));
        return Stream.of(
                rejected("a credential of no draft", "draft", () -> Credential.of(null, T0, T0)),
                rejected("a credential expired at no time", "now", () -> credential.isExpiredAt(null)),
                rejected("a draft unexpired at no time", "now", () -> draft.requireUnexpiredAt(null)),
                rejected("a null scope among the scopes", "scopes[1]",
                        () -> CredentialDraft.builder("u", "p", "a").scopes(Arrays.asList("a", null)).build()),
                rejected("a refresh token expired at no time", "now", () -> token.isExpiredAt(null)),
                rejected("an issued token without a value", "token", () -> new IssuedRefreshToken(null, token)),
                rejected("an issued token without its facts", "refreshToken", () -> new IssuedRefreshToken("v", null)),
                rejected("a rotation without a successor", "next", () -> new RotationResult.Rotated(null)),
                rejected("a rejection without a reason", "reason", () -> new RotationResult.Rejected(null)),
                rejected("a hash of no token", "token", () -> RefreshTokens.hash(null)),
                rejected("a hash of an unpaired surrogate", "token", () -> RefreshTokens.hash("\uD800")));
    }

    private static Arguments rejected(String label, String field, Executable call) {
        return Arguments.of(Named.of(label, call), field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedCalls")
    void a_missing_or_out_of_range_argument_is_a_validation_exception_naming_it(Executable call, String field) {
        assertThatThrownBy(call::execute)
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void null_scopes_and_metadata_given_to_the_builder_mean_none() {
        CredentialDraft draft = CredentialDraft.builder("u", "p", "a").scopes((String[]) null).metadata(null).build();

        assertThat(draft.scopes()).isEmpty();
        assertThat(draft.metadata()).isEmpty();
    }
}
