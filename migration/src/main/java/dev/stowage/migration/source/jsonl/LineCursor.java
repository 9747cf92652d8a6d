package dev.stowage.migration.source.jsonl;

import dev.stowage.exception.ValidationException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * An open file read line by line, counting (decompressed) bytes and lines so that every line
 * start is a position to resume from. Plain files seek to the offset; gzip files are reopened
 * and decompressed up to it (streamed, never held in memory). Holds one line at a time, at most
 * {@code maxLineBytes} of it.
 */
final class LineCursor implements AutoCloseable {

    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private byte[] line = new byte[1024];
    private int length;
    private boolean tooLong;
    private long offset;
    private long lineNumber;

    private LineCursor(InputStream in, int maxLineBytes, long offset, long lineNumber) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.offset = offset;
        this.lineNumber = lineNumber;
    }

    /**
     * Opens the file at a line start.
     *
     * @param file         the file, plain or gzip (told apart by its magic bytes)
     * @param offset       a (decompressed) byte offset where a line starts: 0 or just after a newline
     * @param lineNumber   how many lines come before that offset
     * @param maxLineBytes the longest line held in memory
     * @throws ValidationException (field {@code "position"}) if the offset is not a line start of this file
     * @throws IOException         if the file cannot be read
     */
    static LineCursor open(Path file, long offset, long lineNumber, int maxLineBytes) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            InputStream in;
            if (isGzip(channel)) {
                channel.position(0);
                in = new BufferedInputStream(new GZIPInputStream(Channels.newInputStream(channel), BUFFER), BUFFER);
                if (offset > 0) {
                    skipFully(in, offset - 1);
                    requireNewline(in.read());
                }
            } else {
                if (offset > channel.size()) {
                    throw notALineStart();
                }
                if (offset > 0) {
                    ByteBuffer previous = ByteBuffer.allocate(1);
                    channel.read(previous, offset - 1);
                    requireNewline(previous.position() == 1 ? previous.get(0) : -1);
                }
                channel.position(offset);
                in = new BufferedInputStream(Channels.newInputStream(channel), BUFFER);
            }
            return new LineCursor(in, maxLineBytes, offset, lineNumber);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static boolean isGzip(FileChannel channel) throws IOException {
        ByteBuffer magic = ByteBuffer.allocate(2);
        channel.read(magic, 0);
        return magic.position() == 2 && (magic.get(0) & 0xff) == 0x1f && (magic.get(1) & 0xff) == 0x8b;
    }

    private static void skipFully(InputStream in, long count) throws IOException {
        long left = count;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw notALineStart();
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static void requireNewline(int previous) {
        if (previous != '\n') {
            throw notALineStart();
        }
    }

    private static ValidationException notALineStart() {
        return new ValidationException("position", "unknown-position", "is not a line start of this file");
    }

    /**
     * Reads the next line, without its line terminator ({@code \n} or {@code \r\n}).
     *
     * @return whether there was one
     */
    boolean next() throws IOException {
        length = 0;
        tooLong = false;
        int b = in.read();
        if (b < 0) {
            return false;
        }
        long read = 0;
        while (b >= 0 && b != '\n') {
            read++;
            if (length < maxLineBytes) {
                if (length == line.length) {
                    line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
                }
                line[length++] = (byte) b;
            } else {
                tooLong = true;
            }
            b = in.read();
        }
        offset += read + (b == '\n' ? 1 : 0);
        lineNumber++;
        if (!tooLong && length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return true;
    }

    /**
     * @return whether anything follows the current line
     */
    boolean hasMore() throws IOException {
        in.mark(1);
        int b = in.read();
        in.reset();
        return b >= 0;
    }

    /** @return the current line's bytes; valid until the next call of {@link #next()} */
    byte[] bytes() {
        return line;
    }

    /** @return how many bytes of {@link #bytes()} the current line holds */
    int length() {
        return length;
    }

    /** @return whether the current line was longer than the limit (only its start is held) */
    boolean tooLong() {
        return tooLong;
    }

    /** @return the (decompressed) byte offset just after the current line */
    long offset() {
        return offset;
    }

    /** @return the 1-based number of the current line */
    long lineNumber() {
        return lineNumber;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
