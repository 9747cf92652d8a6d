package dev.stowage.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what the code under test logs, for tests that check no secret reaches a log: every
 * {@code java.util.logging} record of level {@code FINE} (DEBUG) and above, from every logger
 * (the PostgreSQL driver, and Lettuce and Netty when no SLF4J provider is present, log there),
 * and everything written to {@code System.out} and {@code System.err} (where slf4j-simple and
 * {@code System.Logger}'s default write). {@code FINER}/{@code FINEST} (TRACE) are left out on
 * purpose: at TRACE, drivers dump the wire protocol, credentials and values included.
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start()) {
 *     ... // the failing calls
 *     SecretLeaks.assertNoneIn(logs.lines(), secrets);
 * }
 * }</pre>
 * Not thread-safe to start twice at once; one capture per test.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger root = Logger.getLogger("");
    private final Level rootLevel = root.getLevel();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final List<String> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (isLoggable(record)) {
                StringBuilder line = new StringBuilder(record.getLevel() + " " + record.getLoggerName() + ": ");
                line.append(record.getMessage());
                if (record.getParameters() != null) {
                    line.append(' ').append(Arrays.toString(record.getParameters()));
                }
                for (Throwable failure = record.getThrown(); failure != null; failure = failure.getCause()) {
                    line.append(" | ").append(failure);
                    if (failure.getCause() == failure) {
                        break;
                    }
                }
                synchronized (records) {
                    records.add(line.toString());
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture() {
        handler.setLevel(Level.FINE);
        root.addHandler(handler);
        root.setLevel(Level.FINE);
        System.setOut(new PrintStream(new Tee(out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err), true, StandardCharsets.UTF_8));
    }

    /**
     * @return a capture that records until closed
     */
    public static LogCapture start() {
        return new LogCapture();
    }

    /**
     * @return every line logged or printed so far
     */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        synchronized (records) {
            lines.addAll(records);
        }
        synchronized (printed) {
            lines.addAll(Arrays.asList(printed.toString(StandardCharsets.UTF_8).split("\n")));
        }
        return lines;
    }

    /** Stops recording and restores the logging configuration and standard streams. */
    @Override
    public void close() {
        root.removeHandler(handler);
        root.setLevel(rootLevel);
        System.setOut(out);
        System.setErr(err);
    }

    /** Writes to the original stream and to the record. */
    private final class Tee extends OutputStream {
        private final PrintStream original;

        private Tee(PrintStream original) {
            this.original = original;
        }

        @Override
        public void write(int b) {
            original.write(b);
            synchronized (printed) {
                printed.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            original.write(bytes, offset, length);
            synchronized (printed) {
                printed.write(bytes, offset, length);
            }
        }
    }
}
