package dev.stowage.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code bin/stowage} command of the README's "Command-line tool" section runs as written
 * (from the repository root, as the README's reader would), and exits 0.
 */
class ReadmeCommandsTest {

    @TempDir
    Path dir;

    /** The commands, with their shell line continuations joined, from the section's sh blocks. */
    static List<String> commands(String readme) {
        String section = readme.substring(readme.indexOf("## Command-line tool"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        List<String> commands = new ArrayList<>();
        boolean inBlock = false;
        StringBuilder current = new StringBuilder();
        for (String line : section.split("\n")) {
            if (line.trim().equals("```sh")) {
                inBlock = true;
            } else if (inBlock && line.trim().equals("```")) {
                inBlock = false;
            } else if (inBlock) {
                String code = line.replaceAll("\\s+#.*$", "");
                current.append(code.endsWith("\\") ? code.substring(0, code.length() - 1) : code).append(' ');
                if (!code.endsWith("\\")) {
                    commands.add(current.toString().trim());
                    current.setLength(0);
                }
            }
        }
        return commands;
    }

    /** Shell words: whitespace-separated, single quotes kept together. */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : command.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    words.add(word.toString());
                    word.setLength(0);
                    any = false;
                }
            } else {
                word.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(word.toString());
        }
        return words;
    }

    @Test
    void everyCommandOfTheSectionRunsFromTheRepositoryRoot() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> commands = commands(Files.readString(root.resolve("README.md")));
        assertThat(commands).hasSizeGreaterThanOrEqualTo(4).allMatch(command -> command.startsWith("bin/stowage "));

        for (String command : commands) {
            List<String> args = words(command);
            List<String> java = Cli.javaCommand();
            java.addAll(args.subList(1, args.size()));
            Process process = new ProcessBuilder(java).directory(root.toFile())
                    .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile())
                    .start();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(command).isTrue();
            String out = Files.readString(dir.resolve("stdout.txt"));
            assertThat(process.exitValue()).as(command + "\n" + out + Files.readString(dir.resolve("stderr.txt")))
                    .isZero();
            assertThat(out).as(command).isNotBlank();
        }
    }
}
