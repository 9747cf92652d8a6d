package dev.stowage.readme;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first commands, as a newcomer meets them at the top: the first runs the online
 * migration walkthrough in memory, and runs as written in a fresh {@code git clone} of this
 * repository (its last commit; the working tree itself when it is not a Git checkout), building
 * what it needs; the next is the same on the servers ({@code OnlineMigrationTest} runs that mode);
 * the one after runs the tests, the command of "Building and testing" (not run here: it is the
 * build running this test).
 */
class ReadmeFirstCommandsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /** The sh blocks before the first section, in order. */
    static List<String> topCommands(String readme) {
        String top = readme.substring(0, readme.indexOf("\n## "));
        List<String> commands = new ArrayList<>();
        boolean inBlock = false;
        for (String line : top.split("\n")) {
            if (line.trim().equals("```sh")) {
                inBlock = true;
            } else if (inBlock && line.trim().equals("```")) {
                inBlock = false;
            } else if (inBlock && !line.isBlank()) {
                commands.add(line.trim());
            }
        }
        return commands;
    }

    @Test
    void theTopOfTheReadmeIsTheWalkthroughItsServerVariantAndTheTestCommand() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> commands = topCommands(readme);
        assertThat(commands).hasSize(3);
        assertThat(commands.get(0)).startsWith("mvn ").contains("-pl examples/online-migration -am package exec:java");
        assertThat(commands.get(1)).isEqualTo(commands.get(0) + " -Dexec.args=\"--from redis --to postgres\"");
        assertThat(commands.get(2)).isEqualTo("mvn -B verify");
        String building = readme.substring(readme.indexOf("## Building and testing"));
        assertThat(building).contains("```\nmvn -B verify\n```");
    }

    @Test
    void theFirstCommandRunsTheWalkthroughInAFreshClone() throws Exception {
        String first = topCommands(Files.readString(ROOT.resolve("README.md"))).get(0);
        Path workTree = cloneOrWorkingTree();

        List<String> command = new ArrayList<>(Arrays.asList(first.split("\\s+")));
        command.set(0, System.getProperty("readme.first-command.maven", "mvn"));
        String repository = System.getProperty("readme.first-command.repository");
        if (repository != null && !repository.isBlank()) {
            command.add("-Dmaven.repo.local=" + repository);     // this build's repository, not the user's default
        }
        Path out = dir.resolve("walkthrough.txt");
        Process process = new ProcessBuilder(command).directory(workTree.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        assertThat(process.waitFor(15, TimeUnit.MINUTES)).as("the first command finishes").isTrue();
        String output = Files.readString(out);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("Online migration memory -> memory")
                .contains("== OFF").contains("== DUAL_WRITE").contains("backfill CONTACTS").contains("== SHADOW")
                .contains("== LIVE").contains("Rollback: LIVE -> SHADOW").contains("== RAMP_DOWN").contains("== COMPLETE")
                .containsPattern("traffic: [1-9]\\d* writes acknowledged, 0 failed")
                .containsPattern("CONTACTS +contacts +walkthrough +(\\d+) +\\1 +0 +VALIDATED")
                .contains("VALIDATED: every record of memory is in memory, nothing lost");
    }

    /** A fresh clone of the repository, or the working tree when it is not a Git checkout. */
    private Path cloneOrWorkingTree() throws Exception {
        if (!Files.exists(ROOT.resolve(".git"))) {
            return ROOT;
        }
        Path clone = dir.resolve("stowage");
        Process git = new ProcessBuilder("git", "clone", "--quiet", ROOT.toString(), clone.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("git.txt").toFile()).start();
        assertThat(git.waitFor(5, TimeUnit.MINUTES)).as("git clone finishes").isTrue();
        assertThat(git.exitValue()).as(Files.readString(dir.resolve("git.txt"))).isZero();
        assertThat(clone.resolve("pom.xml").toFile()).isFile();
        assertThat(clone.resolve("examples" + File.separator + "online-migration")).isDirectory();
        return clone;
    }
}
