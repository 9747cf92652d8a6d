package dev.stowage.migration.legacy;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts, per converter, the values converted and refused. Thread-safe.
 */
public final class ConversionTally {

    private final Map<String, AtomicLongArray> counts = new ConcurrentHashMap<>();

    /** Creates an empty tally. */
    public ConversionTally() {
    }

    void converted(String converter) {
        counts.computeIfAbsent(converter, c -> new AtomicLongArray(2)).incrementAndGet(0);
    }

    void failed(String converter) {
        counts.computeIfAbsent(converter, c -> new AtomicLongArray(2)).incrementAndGet(1);
    }

    /**
     * @return the counts so far by converter name, in name order
     */
    public Map<String, ConversionCount> snapshot() {
        Map<String, ConversionCount> snapshot = new TreeMap<>();
        counts.forEach((name, c) -> snapshot.put(name, new ConversionCount(name, c.get(0), c.get(1))));
        return snapshot;
    }

    /**
     * The conversions of one converter.
     *
     * @param converter the converter's name
     * @param converted values it converted
     * @param failed    values it refused (each made its record a reject)
     */
    public record ConversionCount(String converter, long converted, long failed) {
    }
}
