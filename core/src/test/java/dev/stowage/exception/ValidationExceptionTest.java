package dev.stowage.exception;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ValidationExceptionTest {

    /** Encodes strictly: a lone surrogate is an error here, not a silent '?'. */
    private static ByteBuffer strictUtf8(String text) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(text));
    }

    @Test
    void control_characters_lone_surrogates_and_backslashes_in_the_path_are_escaped() throws Exception {
        String key = "a\u0000b\u0007c\nd\u007F\u0085e\uD800f\uDC00g\\h";

        ValidationException error = new ValidationException("customFields." + key, "max-digits", "too long");

        assertThat(error.field())
                .isEqualTo("customFields.a\\u0000b\\u0007c\\u000Ad\\u007F\\u0085e\\uD800f\\uDC00g\\\\h");
        assertThat(error.getMessage()).startsWith(error.field() + ": too long");
        assertThat(strictUtf8(error.field()).remaining()).isEqualTo(error.field().length());
        assertThat(strictUtf8(error.getMessage()).remaining()).isPositive();
    }

    @Test
    void well_formed_text_is_kept_as_it_is_including_surrogate_pairs() throws Exception {
        String path = "customFields.emoji 😀 \uD835\uDC00.é.字[3]";

        ValidationException error = new ValidationException(path, "json", "detail");

        assertThat(error.field()).isSameAs(path);
        assertThat(strictUtf8(error.getMessage()).remaining()).isPositive();
    }

    @Test
    void a_surrogate_pair_split_by_the_end_or_reversed_is_escaped() {
        assertThat(new ValidationException("k\uD83D", "r", "d").field()).isEqualTo("k\\uD83D");
        assertThat(new ValidationException("\uDE00\uD83D", "r", "d").field()).isEqualTo("\\uDE00\\uD83D");
    }

    @Test
    void within_prefixes_an_escaped_path_without_escaping_it_twice() {
        ValidationException inner = new ValidationException("customFields.a\\b\u0001", "json", "detail");

        ValidationException outer = inner.within("contacts[2]");

        assertThat(outer.field()).isEqualTo("contacts[2].customFields.a\\\\b\\u0001");
        assertThat(inner.within("tags").field()).startsWith("tags.");
        assertThat(new ValidationException("[0]", "r", "d").within("ids").field()).isEqualTo("ids[0]");
        assertThat(outer.rule()).isEqualTo("json");
    }
}
