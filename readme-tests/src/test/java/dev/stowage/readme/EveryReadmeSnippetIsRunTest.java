package dev.stowage.readme;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code ```java} block of the root README and of every module README is kept, byte for
 * byte, in a test of this module that compiles and runs it against real servers; and every kept
 * snippet is still in a README. A snippet is kept between the lines
 * {@code // README <file>} and {@code // END README} of a test source, indented as the code
 * around it needs (the common indentation is ignored). Two things may differ, both on purpose:
 * <ul>
 *   <li>the READMEs' example addresses stand for the test servers' variables ({@link #PLACEHOLDERS});</li>
 *   <li>a snippet's leading {@code import} lines must be imports of the test file that keeps it;</li>
 *   <li>lines of a kept snippet that end with {@value #TEST_ONLY} are the test's own (assertions
 *       inside the snippet's blocks) and are left out of the comparison.</li>
 * </ul>
 */
class EveryReadmeSnippetIsRunTest {

    /** README text and the test variable it stands for. */
    static final Map<String, String> PLACEHOLDERS = Map.of(
            "\"jdbc:postgresql://db:5432/app\"", "jdbcUrl",
            "\"redis://cache:6379\"", "redisUri");

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String BEGIN = "// README ";
    private static final String END = "// END README";
    private static final String TEST_ONLY = "// not in the README";

    @Test
    void every_java_snippet_of_every_readme_is_kept_in_a_test_and_every_kept_snippet_is_in_a_readme() {
        Map<String, List<String>> snippets = readmeSnippets();
        List<Kept> kept = keptSnippets();
        assertThat(snippets).as("READMEs with Java snippets").containsKey("README.md");

        List<String> uncovered = new ArrayList<>();
        snippets.forEach((readme, blocks) -> {
            for (String block : blocks) {
                Snippet snippet = Snippet.of(block);
                boolean covered = kept.stream().anyMatch(each -> each.readme().equals(readme)
                        && each.code().equals(snippet.code()) && each.imports().containsAll(snippet.imports()));
                if (!covered) {
                    uncovered.add(readme + ":\n" + snippet.code());
                }
            }
        });
        assertThat(uncovered).as("README snippets no test runs verbatim (keep each in a test of readme-tests "
                + "between '" + BEGIN + "<file>' and '" + END + "')").isEmpty();

        List<String> stale = new ArrayList<>();
        for (Kept each : kept) {
            boolean inReadme = snippets.getOrDefault(each.readme(), List.of()).stream()
                    .anyMatch(block -> Snippet.of(block).code().equals(each.code()));
            if (!inReadme) {
                stale.add(each.source() + " (" + each.readme() + "):\n" + each.code());
            }
        }
        assertThat(stale).as("kept snippets that no README shows any more").isEmpty();
    }

    /** @return the Java blocks of each README, by path relative to the repository root */
    private static Map<String, List<String>> readmeSnippets() {
        Map<String, List<String>> snippets = new LinkedHashMap<>();
        List<Path> readmes = new ArrayList<>();
        readmes.add(ROOT.resolve("README.md"));
        try (Stream<Path> modules = Files.list(ROOT)) {
            modules.filter(Files::isDirectory).filter(dir -> Files.exists(dir.resolve("pom.xml"))).sorted()
                    .forEach(module -> {
                        try (Stream<Path> files = Files.list(module)) {
                            files.filter(file -> file.getFileName().toString().matches("README.*\\.md")).sorted()
                                    .forEach(readmes::add);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path readme : readmes) {
            List<String> blocks = javaBlocks(read(readme));
            if (!blocks.isEmpty()) {
                snippets.put(ROOT.relativize(readme).toString().replace('\\', '/'), blocks);
            }
        }
        return snippets;
    }

    private static List<String> javaBlocks(List<String> lines) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : lines) {
            if (block == null && line.trim().equals("```java")) {
                block = new StringBuilder();
            } else if (block != null && line.trim().equals("```")) {
                String text = block.toString();
                for (Map.Entry<String, String> placeholder : PLACEHOLDERS.entrySet()) {
                    text = text.replace(placeholder.getKey(), placeholder.getValue());
                }
                blocks.add(text);
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    /** @return the snippets kept in this module's test sources */
    private static List<Kept> keptSnippets() {
        List<Kept> kept = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/test/java"))) {
            for (Path source : sources.filter(path -> path.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = read(source);
                List<String> imports = lines.stream().filter(line -> line.startsWith("import ")).toList();
                for (int i = 0; i < lines.size(); i++) {
                    String marker = lines.get(i).trim();
                    if (!marker.startsWith(BEGIN)) {
                        continue;
                    }
                    List<String> region = new ArrayList<>();
                    int j = i + 1;
                    while (j < lines.size() && !lines.get(j).trim().equals(END)) {
                        if (!lines.get(j).trim().endsWith(TEST_ONLY)) {
                            region.add(lines.get(j));
                        }
                        j++;
                    }
                    assertThat(j).as("'" + END + "' after line " + (i + 1) + " of " + source).isLessThan(lines.size());
                    kept.add(new Kept(marker.substring(BEGIN.length()).trim(), unindented(region), imports,
                            source.toString()));
                    i = j;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return kept;
    }

    private static String unindented(List<String> region) {
        int indent = region.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        StringBuilder text = new StringBuilder();
        for (String line : region) {
            text.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return text.toString();
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param readme  the README it comes from, relative to the repository root
     * @param code    the kept code, without its common indentation
     * @param imports the import lines of the file that keeps it
     * @param source  that file
     */
    private record Kept(String readme, String code, List<String> imports, String source) {
    }

    /**
     * @param imports its leading import lines
     * @param code    the rest, without the blank line after the imports
     */
    private record Snippet(List<String> imports, String code) {
        static Snippet of(String block) {
            List<String> imports = new ArrayList<>();
            String[] lines = block.split("\n", -1);
            int i = 0;
            while (i < lines.length && lines[i].startsWith("import ")) {
                imports.add(lines[i]);
                i++;
            }
            if (!imports.isEmpty() && i < lines.length && lines[i].isBlank()) {
                i++;
            }
            StringBuilder code = new StringBuilder();
            for (int j = i; j < lines.length - 1; j++) {
                code.append(lines[j]).append('\n');
            }
            return new Snippet(imports, code.toString());
        }
    }
}
