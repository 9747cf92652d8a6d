package dev.stowage.spi.invalidation;

import dev.stowage.TenantId;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class InvalidationCodecTest {

    private static final TenantId ACME = TenantId.of("acme");
    private static final UUID ID = UUID.fromString("01935b7e-8a41-7c3e-9f00-1a2b3c4d5e6f");

    @Test
    void a_message_reads_as_documented() {
        Invalidation invalidation = Invalidation.of("node-7f3a", ACME, List.of(
                new InvalidationKey.ContactId(ID),
                new InvalidationKey.ContactEmail("ada@example.com"),
                new InvalidationKey.ContactSource("crm", "lead 42:a"),
                new InvalidationKey.AccountId("user-1"),
                new InvalidationKey.CredentialId("user-1", "google")));

        List<String> messages = InvalidationCodec.encode(invalidation, 8_000);

        assertThat(messages).containsExactly("stowage-cache/1 node-7f3a acme c:01935b7e-8a41-7c3e-9f00-1a2b3c4d5e6f "
                + "e:ada%40example.com s:crm:lead%2042%3Aa a:user-1 t:user-1:google");
        assertThat(InvalidationCodec.decode(messages.get(0))).isEqualTo(invalidation);
    }

    @Test
    void a_flush_of_everything_has_no_tenant_and_no_keys() {
        List<String> messages = InvalidationCodec.encode(Invalidation.everything("node-1"), 8_000);

        assertThat(messages).containsExactly("stowage-cache/1 node-1 * *");
        Invalidation decoded = InvalidationCodec.decode(messages.get(0));
        assertThat(decoded.isEverything()).isTrue();
        assertThat(decoded.origin()).isEqualTo("node-1");
        assertThat(decoded.keys()).isEmpty();
    }

    @Test
    void any_text_round_trips_as_printable_ascii_without_spaces_inside_a_key() {
        List<String> samples = List.of("plain", "with space", "colon:and%percent", "Ünïcödé", "emoji 😀 here",
                "quote ' \" back\\slash", "'; DROP TABLE contact; --", "redis.call('FLUSHALL')", "tab\tand\nnewline",
                "*", "stowage-cache/1", "中文");
        for (String text : samples) {
            Invalidation invalidation = Invalidation.of("n1", ACME, List.of(
                    new InvalidationKey.ContactSource(text, text),
                    new InvalidationKey.ContactEmail(text),
                    new InvalidationKey.AccountId(text),
                    new InvalidationKey.CredentialId(text, text)));

            List<String> messages = InvalidationCodec.encode(invalidation, 8_000);

            assertThat(messages).singleElement().satisfies(message -> {
                assertThat(message.chars()).allMatch(c -> c >= 0x21 && c <= 0x7E || c == ' ');
                assertThat(message.split(" ")).hasSize(3 + 4);
            });
            assertThat(InvalidationCodec.decode(messages.get(0))).isEqualTo(invalidation);
        }
    }

    @Test
    void random_unicode_round_trips() {
        Random random = new Random(20261105);
        for (int round = 0; round < 500; round++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(40);
            while (text.length() < length) {
                int codePoint = random.nextInt(0x10FFFF + 1);
                if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
                    text.appendCodePoint(codePoint);
                }
            }
            Invalidation invalidation = Invalidation.of("n1", ACME,
                    List.of(new InvalidationKey.CredentialId(text.toString(), text.reverse().toString())));
            List<String> messages = InvalidationCodec.encode(invalidation, InvalidationCodec.MIN_MESSAGE_LENGTH);
            assertThat(messages).hasSize(1);
            assertThat(InvalidationCodec.decode(messages.get(0))).isEqualTo(invalidation);
        }
    }

    @Test
    void many_keys_are_spread_over_messages_within_the_limit() {
        List<InvalidationKey> keys = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            keys.add(new InvalidationKey.ContactId(UUID.randomUUID()));
            keys.add(new InvalidationKey.ContactEmail("person" + i + "@example.com"));
        }
        Invalidation invalidation = Invalidation.of("node-1", ACME, keys);

        List<String> messages = InvalidationCodec.encode(invalidation, 4_096);

        assertThat(messages).hasSizeGreaterThan(1).allSatisfy(message -> assertThat(message).hasSizeLessThanOrEqualTo(4_096));
        List<InvalidationKey> decoded = new ArrayList<>();
        for (String message : messages) {
            Invalidation part = InvalidationCodec.decode(message);
            assertThat(part.origin()).isEqualTo("node-1");
            assertThat(part.tenant()).isEqualTo(ACME);
            decoded.addAll(part.keys());
        }
        assertThat(decoded).isEqualTo(keys);
    }

    @Test
    void the_longest_keys_the_stores_accept_fit_in_the_smallest_message() {
        String source = "😀".repeat(50);      // 100 UTF-16 units, the longest source
        String sourceId = "€".repeat(200);    // 200 units of three UTF-8 bytes each
        Invalidation invalidation = Invalidation.of("n".repeat(64), TenantId.of("t".repeat(64)),
                List.of(new InvalidationKey.ContactSource(source, sourceId)));

        List<String> messages = InvalidationCodec.encode(invalidation, InvalidationCodec.MIN_MESSAGE_LENGTH);

        assertThat(messages).hasSize(1);
        assertThat(InvalidationCodec.decode(messages.get(0))).isEqualTo(invalidation);
    }

    @Test
    void a_key_too_long_for_the_transport_becomes_a_flush() {
        Invalidation invalidation = Invalidation.of("n1", ACME,
                List.of(new InvalidationKey.AccountId("€".repeat(2_000))));

        assertThat(InvalidationCodec.encode(invalidation, InvalidationCodec.MIN_MESSAGE_LENGTH))
                .containsExactly("stowage-cache/1 n1 * *");
    }

    @Test
    void a_lost_message_is_replaced_by_a_flush_from_the_same_origin() {
        String lost = InvalidationCodec.encode(Invalidation.of("node-9", ACME,
                List.of(new InvalidationKey.AccountId("user-1"))), 8_000).get(0);

        assertThat(InvalidationCodec.flushReplacing(lost)).isEqualTo("stowage-cache/1 node-9 * *");
        assertThat(InvalidationCodec.decode(InvalidationCodec.flushReplacing("garbage")).isEverything()).isTrue();
    }

    @Test
    void a_transport_limit_below_the_minimum_is_refused() {
        assertThatThrownBy(() -> InvalidationCodec.encode(Invalidation.everything("n1"), 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 4096");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "stowage-cache/2 n1 acme c:01935b7e-8a41-7c3e-9f00-1a2b3c4d5e6f",
            "stowage-cache/1 n1 acme",
            "stowage-cache/1 n1 * c:01935b7e-8a41-7c3e-9f00-1a2b3c4d5e6f",
            "stowage-cache/1 n1 * * *",
            "stowage-cache/1 bad/node acme a:x",
            "stowage-cache/1 n1 bad/tenant a:x",
            "stowage-cache/1 n1 acme x:1",
            "stowage-cache/1 n1 acme a",
            "stowage-cache/1 n1 acme c:not-a-uuid",
            "stowage-cache/1 n1 acme c:1-1-1-1-1",
            "stowage-cache/1 n1 acme s:only-one-part",
            "stowage-cache/1 n1 acme t:a:b:c",
            "stowage-cache/1 n1 acme a:%4",
            "stowage-cache/1 n1 acme a:%zz",
            "stowage-cache/1 n1 acme a:%FF%FE",
            "stowage-cache/1 n1 acme a:raw@sign",
            "stowage-cache/1 n1 acme  a:double-space",
    })
    void anything_else_is_rejected_so_the_receiver_flushes(String message) {
        assertThatThrownBy(() -> InvalidationCodec.decode(message)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidations_check_their_shape() {
        assertThatThrownBy(() -> Invalidation.of("n1", ACME, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Invalidation("n1", null, List.of(new InvalidationKey.AccountId("a"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Invalidation.everything("has space")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Invalidation.everything("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }
}
