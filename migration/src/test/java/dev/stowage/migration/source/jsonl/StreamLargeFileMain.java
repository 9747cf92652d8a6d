package dev.stowage.migration.source.jsonl;

import dev.stowage.migration.source.RecordBatch;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * Run in a child JVM with a small heap by {@link LargeFileTest}: reads a whole JSON Lines file in
 * batches and prints {@code records=<n> unreadable=<n> sum=<Σ n fields> peakHeapMb=<largest heap in use after a collection>}.
 */
public final class StreamLargeFileMain {

    private StreamLargeFileMain() {
    }

    /**
     * @param args the file
     */
    public static void main(String[] args) {
        long records = 0;
        long unreadable = 0;
        long sum = 0;
        long peak = 0;
        try (JsonLinesSource source = JsonLinesSource.builder().file("large", Path.of(args[0])).build()) {
            String position = null;
            long batches = 0;
            do {
                RecordBatch batch = source.read("large", position, 1_000);
                records += batch.records().size();
                unreadable += batch.unreadable().size();
                for (var record : batch.records()) {
                    sum += (Long) record.fields().get("n");
                }
                position = batch.nextPosition();
                if (++batches % 50 == 0) {
                    System.gc();
                    peak = Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                }
            } while (position != null);
        }
        System.out.println("records=" + records + " unreadable=" + unreadable + " sum=" + sum
                + " peakHeapMb=" + peak / (1024 * 1024));
    }
}
