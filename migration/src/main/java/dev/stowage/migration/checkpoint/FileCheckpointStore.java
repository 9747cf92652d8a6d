package dev.stowage.migration.checkpoint;

import dev.stowage.support.Check;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checkpoints in a directory, one JSON file per run ({@code <runId>.json}, format in the README),
 * for a run worked on by one process at a time. Every change is written to
 * {@code <runId>.json.tmp}, forced to disk, renamed over the run's file atomically, and the
 * directory is forced too, so after a crash (even {@code kill -9} or a power cut in the middle
 * of a write) the file holds either the previous or the new state, never a torn one.
 * <p>
 * While a run is open its {@code <runId>.lock} file is locked; a second process opening the same
 * run gets a {@link CheckpointException} (share a run between processes with
 * {@link PostgresCheckpointStore}). The operating system drops the lock when the process dies.
 */
public final class FileCheckpointStore extends LocalCheckpointStore {

    private final Path directory;
    private final Map<String, FileChannel> locks = new HashMap<>();

    private FileCheckpointStore(Path directory) {
        this.directory = directory;
    }

    /**
     * @param directory where the run files live; created if missing
     * @return the store
     * @throws CheckpointException if the directory cannot be created
     */
    public static FileCheckpointStore in(Path directory) {
        Check.required(directory, "directory");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new CheckpointException("could not create the checkpoint directory " + directory + ": " + e.getMessage(),
                    e, false);
        }
        return new FileCheckpointStore(directory);
    }

    /**
     * @param runId a run
     * @return the file its checkpoints are written to
     */
    public Path fileOf(String runId) {
        return directory.resolve(CheckpointStore.checkRunId(runId) + ".json");
    }

    @Override
    Optional<RunState> load(String runId) {
        lock(runId);
        Path file = fileOf(runId);
        try {
            byte[] bytes = Files.readAllBytes(file);
            RunState state = CheckpointJson.read(bytes, file.toString());
            if (!state.runId().equals(runId)) {
                throw new CheckpointException(file + " holds run '" + state.runId() + "', not '" + runId + "'", null, false);
            }
            return Optional.of(state);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CheckpointException("could not read " + file + ": " + e.getMessage(), e, false);
        }
    }

    @Override
    void persist(RunState state) {
        Path file = fileOf(state.runId());
        Path temporary = directory.resolve(state.runId() + ".json.tmp");
        byte[] bytes = CheckpointJson.write(state);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new CheckpointException("the file system of " + directory + " cannot rename atomically; "
                        + "put checkpoints on a local file system", e, false);
            }
            forceDirectory();
        } catch (IOException e) {
            throw new CheckpointException("could not write " + file + ": " + e.getMessage(), e, false);
        }
    }

    private void forceDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory for reading; the rename is then as durable as they allow.
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
                throw e;
            }
        }
    }

    private void lock(String runId) {
        if (locks.containsKey(runId)) {
            return;
        }
        Path lockFile = directory.resolve(CheckpointStore.checkRunId(runId) + ".lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(runId, null);
            }
            locks.put(runId, channel);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw inUse(runId, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new CheckpointException("could not lock " + lockFile + ": " + e.getMessage(), e, false);
        } catch (CheckpointException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private CheckpointException inUse(String runId, Throwable cause) {
        return new CheckpointException("run '" + runId + "' in " + directory + " is open in another process or store; "
                + "a file checkpoint serves one process (share a run with PostgresCheckpointStore)", cause, false);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing a lock file we failed to lock: nothing to keep.
            }
        }
    }

    /**
     * Releases the run files' locks. Idempotent.
     */
    @Override
    public synchronized void close() {
        locks.values().forEach(FileCheckpointStore::closeQuietly);
        locks.clear();
    }

    @Override
    public String toString() {
        return "FileCheckpointStore[" + directory + "]";
    }
}
