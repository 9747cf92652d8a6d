package dev.stowage.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the stowage command the two ways the tests need: in this JVM with captured streams, or
 * as a child JVM (for SIGKILL, pipes and a real terminal).
 */
final class Cli {

    /** What a run printed and returned. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    /**
     * @param environment the STOWAGE_* variables the command sees (nothing else of this process's)
     * @param args        the command line
     * @return the result
     */
    static Result run(Map<String, String> environment, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = StowageCli.run(args.toArray(String[]::new), new CliContext(stdout, stderr, environment, false));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Result run(List<String> args) {
        return run(Map.of(), args);
    }

    /**
     * @return the command that starts the CLI in a child JVM on the test class path
     */
    static List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StowageCli.class.getName());
        return command;
    }

    /**
     * @param args the command line
     * @param dir  a directory for the child's output files
     * @return the started child, its stdout and stderr going to files in {@code dir} (pipes, not a terminal)
     */
    static Process start(List<String> args, Path dir) throws IOException {
        List<String> command = javaCommand();
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("STOWAGE_") && !name.startsWith("STOWAGE_TEST_"));
        return builder.start();
    }

    static Result await(Process process, Path dir, long seconds) throws IOException, InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("the CLI did not finish within " + seconds + " s: "
                    + Files.readString(dir.resolve("stderr.txt")));
        }
        return new Result(process.exitValue(), Files.readString(dir.resolve("stdout.txt")),
                Files.readString(dir.resolve("stderr.txt")));
    }
}
