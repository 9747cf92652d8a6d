package dev.stowage.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Shows a long command's progress: a progress bar (count, percent, rate, ETA) on a terminal,
 * plain lines at most once a second otherwise (a pipe, a log file, CI), nothing when asked.
 * Progress goes to stderr, so stdout holds only the result (the table or the JSON).
 * Thread-safe: the engine calls it from its workers.
 */
abstract class ProgressDisplay implements AutoCloseable {

    private final long start = System.nanoTime();

    /** How progress is shown. */
    enum Mode {
        /** A bar when stderr is a terminal, plain lines otherwise. */
        AUTO,
        /** Always the bar. */
        BAR,
        /** Always plain lines. */
        PLAIN,
        /** Nothing. */
        NONE
    }

    /**
     * @param done records processed so far
     * @param max  the expected total, or -1 when unknown
     * @param what what is being processed now ({@code "contacts"})
     */
    abstract void update(long done, long max, String what);

    @Override
    public abstract void close();

    /**
     * Records per second since the display opened, from nanoseconds: the bar library's own speed
     * counts whole seconds and shows "?" for the whole of a copy shorter than one.
     */
    final double rate(long done, long now) {
        return done / Math.max(1e-3, (now - start) / 1e9);
    }

    static String rateText(double rate) {
        return String.format(Locale.ROOT, "%.0f records/s", rate);
    }

    /**
     * @param mode     the mode asked for
     * @param terminal whether the process runs on a terminal
     * @param err      where progress goes
     * @param task     the bar's name ({@code "copy"})
     * @return the display
     */
    static ProgressDisplay open(Mode mode, boolean terminal, PrintStream err, String task) {
        Mode chosen = mode == Mode.AUTO ? (terminal ? Mode.BAR : Mode.PLAIN) : mode;
        return switch (chosen) {
            case BAR -> new Bar(err, task);
            case PLAIN -> new Plain(err, task);
            default -> new ProgressDisplay() {
                @Override
                void update(long done, long max, String what) {
                }

                @Override
                public void close() {
                }
            };
        };
    }

    /** The progress bar library's bar, redrawn in place on the terminal. */
    private static final class Bar extends ProgressDisplay {
        private final ProgressBar bar;

        Bar(PrintStream err, String task) {
            this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(-1)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                    .setConsumer(new ConsoleProgressBarConsumer(err)).setUnit(" records", 1).build();
        }

        @Override
        synchronized void update(long done, long max, String what) {
            if (max >= 0) {
                bar.maxHint(Math.max(max, done));
            }
            bar.stepTo(done);
            bar.setExtraMessage(what + ", " + rateText(rate(done, System.nanoTime())));
        }

        @Override
        public synchronized void close() {
            bar.close();
        }
    }

    /** One line per second at most, and a last one: no control characters. */
    private static final class Plain extends ProgressDisplay {
        private final PrintStream err;
        private final String task;
        private long lastLine;
        private long lastDone = -1;
        private long lastMax = -1;
        private String lastWhat = "";

        Plain(PrintStream err, String task) {
            this.err = err;
            this.task = task;
        }

        @Override
        synchronized void update(long done, long max, String what) {
            lastDone = done;
            lastMax = max;
            lastWhat = what;
            long now = System.nanoTime();
            if (now - lastLine >= 1_000_000_000L) {
                lastLine = now;
                print(now);
            }
        }

        private void print(long now) {
            double rate = rate(lastDone, now);
            StringBuilder line = new StringBuilder(task).append(' ').append(lastWhat).append(": ").append(lastDone);
            if (lastMax >= 0) {
                line.append('/').append(lastMax).append(String.format(Locale.ROOT, " (%.0f%%)",
                        lastMax == 0 ? 100.0 : Math.min(100.0, 100.0 * lastDone / lastMax)));
            }
            line.append(", ").append(rateText(rate));
            if (lastMax >= 0 && rate > 0) {
                Duration eta = Duration.ofSeconds((long) (Math.max(0, lastMax - lastDone) / rate));
                line.append(", eta ").append(eta.toSeconds()).append('s');
            }
            err.println(line);
        }

        @Override
        public synchronized void close() {
            if (lastDone >= 0) {
                print(System.nanoTime());
            }
        }
    }
}
