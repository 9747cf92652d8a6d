package dev.stowage.examples.quickstart;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the quickstart example and checks what it prints. */
class QuickstartTest {

    @Test
    void printsTheWalkthrough() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Quickstart.run(new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "created ada@example.com at version 1",
                "updated company to Analytical Engines at version 2",
                "balance of user-42: 70",
                "refused a deduction of 1000: insufficient credits",
                "tenant acme sees ada: false");
    }
}
