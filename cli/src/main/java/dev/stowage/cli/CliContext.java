package dev.stowage.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a command runs with: its streams, environment and terminal, and the hook Ctrl-C pulls.
 * Thread-safe.
 */
final class CliContext {

    final PrintStream out;
    final PrintStream err;
    final Map<String, String> environment;
    final boolean terminal;
    private final AtomicReference<Runnable> stopAction = new AtomicReference<>();
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    CliContext(PrintStream out, PrintStream err, Map<String, String> environment, boolean terminal) {
        this.out = out;
        this.err = err;
        this.environment = Map.copyOf(environment);
        this.terminal = terminal;
    }

    /**
     * @param action what stops the running work after its current batch (null: nothing to stop)
     */
    void onStop(Runnable action) {
        stopAction.set(action);
        if (action != null && stopRequested.get()) {
            action.run();
        }
    }

    /** Asks the running work to stop after its current batch (Ctrl-C). */
    void requestStop() {
        stopRequested.set(true);
        Runnable action = stopAction.get();
        if (action != null) {
            action.run();
        }
    }

    /**
     * @return whether Ctrl-C was pressed
     */
    boolean stopRequested() {
        return stopRequested.get();
    }
}
