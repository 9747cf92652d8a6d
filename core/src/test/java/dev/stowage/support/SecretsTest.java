package dev.stowage.support;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one masking helper: URIs, JDBC URLs, parameters, known values and failure chains. */
class SecretsTest {

    @Test
    void the_password_of_a_uri_is_masked_and_the_user_kept() {
        assertThat(Secrets.mask("redis://:s3cret@127.0.0.1:1")).isEqualTo("redis://:***@127.0.0.1:1");
        assertThat(Secrets.mask("rediss://app:s3cret@cache:6380/0")).isEqualTo("rediss://app:***@cache:6380/0");
        assertThat(Secrets.mask("redis://s3cret@cache")).as("a lone user-info is a password in Redis URIs")
                .isEqualTo("redis://***@cache");
        assertThat(Secrets.mask("seeds redis://:a@h1:1,redis://:b@h2:2 failed"))
                .isEqualTo("seeds redis://:***@h1:1,redis://:***@h2:2 failed");
        assertThat(Secrets.mask("jdbc:postgresql://db/app?email=ada@example.com")).doesNotContain("***");
    }

    @Test
    void password_like_parameters_are_masked() {
        assertThat(Secrets.mask("jdbc:postgresql://db/app?user=app&password=s3cret&sslmode=require"))
                .isEqualTo("jdbc:postgresql://db/app?user=app&password=***&sslmode=require");
        assertThat(Secrets.mask("x?sslpassword=k3y;token=t0k")).isEqualTo("x?sslpassword=***;token=***");
        assertThat(Secrets.mask("requireAuth=scram-sha-256")).as("a parameter that only ends like one")
                .isEqualTo("requireAuth=scram-sha-256");
        assertThat(Secrets.mask(null)).isNull();
    }

    @Test
    void known_values_are_masked_plain_and_url_encoded() {
        assertThat(Secrets.mask("auth with p@ss w0rd and p%40ss+w0rd", List.of("p@ss w0rd")))
                .isEqualTo("auth with *** and ***");
        assertThat(Secrets.maskUri("redis//:s3cret@host")).isEqualTo("redis//:***@host");
        assertThat(Secrets.maskUri("not a uri")).isEqualTo("not a uri");
    }

    @Test
    void a_failure_without_secrets_is_kept_and_one_with_secrets_is_copied_masked() {
        IllegalStateException clean = new IllegalStateException("connection refused");
        assertThat(Secrets.redact(clean, Secrets::mask)).isSameAs(clean);

        IllegalArgumentException leaf = new IllegalArgumentException("bad uri redis://:s3cret@[x");
        RuntimeException top = new RuntimeException("wrapped", leaf);
        top.addSuppressed(new IllegalStateException("also password=s3cret"));
        Throwable redacted = Secrets.redact(top, Secrets::mask);

        assertThat(redacted).isNotSameAs(top);
        assertThat(redacted.toString()).startsWith("java.lang.RuntimeException: wrapped");
        assertThat(redacted.getCause().toString()).contains("IllegalArgumentException").doesNotContain("s3cret");
        assertThat(redacted.getSuppressed()[0].getMessage()).isEqualTo("also password=***");
        assertThat(redacted.getStackTrace()).isEqualTo(top.getStackTrace());
    }

    @Test
    void configuration_keys_that_may_hold_credentials_are_recognised_in_any_spelling() {
        assertThat(Secrets.isSecretKey("stowage.postgres.password")).isTrue();
        assertThat(Secrets.isSecretKey("STOWAGE_REDIS_URI")).isTrue();
        assertThat(Secrets.isSecretKey("stowage.tokens.encryption-key")).isTrue();
        assertThat(Secrets.isSecretKey("stowage.postgres.pool.max-size")).isFalse();
    }
}
