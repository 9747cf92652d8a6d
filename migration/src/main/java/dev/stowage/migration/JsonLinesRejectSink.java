package dev.stowage.migration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stowage.exception.StoreException;
import dev.stowage.support.Check;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes rejected records to a JSON Lines file (appending), one object per line:
 * <pre>{@code
 * {"store":"CREDITS","records":"CREDIT_ACCOUNTS","tenant":"acme","key":"acct-7",
 *  "reason":"ValidationException: account.balance: must equal the sum of the entries' amounts [ledger-sum]",
 *  "rejectedAt":"2026-03-01T09:30:00.123456Z","record":{"account":{...},"entries":[...]}}
 * }</pre>
 * {@link #flush()} forces the file to disk. Thread-safe.
 */
public final class JsonLinesRejectSink implements RejectSink, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final Path file;
    private final FileChannel channel;
    private long count;

    private JsonLinesRejectSink(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * @param file the file to append to; created if missing, with its parent directories
     * @return the sink
     * @throws StoreException if the file cannot be opened
     */
    public static JsonLinesRejectSink open(Path file) {
        Check.required(file, "file");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new JsonLinesRejectSink(file, FileChannel.open(file, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new StoreException("could not open the reject file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void accept(RejectedRecord rejected) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("store", rejected.store().name());
        line.put("records", rejected.records().name());
        line.put("tenant", rejected.tenant().value());
        line.put("key", rejected.key());
        line.put("reason", rejected.reason());
        line.put("rejectedAt", rejected.rejectedAt().toString());
        line.put("record", rejected.record());
        try {
            ByteBuffer bytes = ByteBuffer.wrap((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            count++;
        } catch (JsonProcessingException e) {
            throw new StoreException("could not encode the reject of " + rejected.key() + " for " + file, e);
        } catch (IOException e) {
            throw new StoreException("could not write to the reject file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void flush() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new StoreException("could not force the reject file " + file + " to disk: " + e.getMessage(), e);
        }
    }

    /**
     * @return how many records this sink has written since it was opened
     */
    public synchronized long count() {
        return count;
    }

    /**
     * @return the file
     */
    public Path file() {
        return file;
    }

    /**
     * Forces and closes the file. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            channel.force(false);
            channel.close();
        } catch (IOException e) {
            throw new StoreException("could not close the reject file " + file + ": " + e.getMessage(), e);
        }
    }
}
