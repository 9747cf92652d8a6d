package dev.stowage.migration;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A JVM started by a test on the test's own class path, so that it can be killed with SIGKILL
 * ({@link Process#destroyForcibly()} on Linux) at any instant. Its standard output is collected
 * line by line; its standard error goes to a file for diagnosis.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Path errors;

    private ChildJvm(Process process, Path errors) {
        this.process = process;
        this.errors = errors;
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // The process died; what it printed is kept.
            }
        }, "child-jvm-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param mainClass the class whose {@code main} to run
     * @param jvmOptions options such as {@code -Xmx256m}
     * @param errors     where the child's standard error goes
     * @param args       its arguments
     * @return the running child
     * @throws IOException if it cannot start
     */
    static ChildJvm start(Class<?> mainClass, List<String> jvmOptions, Path errors, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
        builder.environment().putAll(System.getenv());
        return new ChildJvm(builder.start(), errors);
    }

    /**
     * @param predicate what to wait for
     * @param millis    how long at most
     * @return whether a line matched before the time ran out or the process ended
     */
    boolean awaitLine(Predicate<String> predicate, long millis) throws InterruptedException {
        return awaitLines(predicate, 1, millis);
    }

    /**
     * @param predicate what to wait for
     * @param count     how many matching lines
     * @param millis    how long at most
     * @return whether that many lines matched before the time ran out or the process ended
     */
    boolean awaitLines(Predicate<String> predicate, int count, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            if (lines.stream().filter(predicate).count() >= count) {
                return true;
            }
            if (!process.isAlive()) {
                return lines.stream().filter(predicate).count() >= count;
            }
            Thread.sleep(1);
        }
        return false;
    }

    /** Kills the process with SIGKILL and waits for it to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * @param seconds how long to wait
     * @return the exit code
     * @throws AssertionError if it does not end in time
     */
    int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not finish within " + seconds + " s; its errors are in " + errors);
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    List<String> lines() {
        return lines;
    }

    /**
     * @return what the child wrote to standard error, for assertion messages
     */
    String errors() {
        try {
            return java.nio.file.Files.readString(errors);
        } catch (IOException e) {
            return "(could not read " + errors + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
