package dev.stowage.migration;

import dev.stowage.support.Check;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One store's progress in a run: totals over the whole run (including partitions finished by an
 * earlier attempt), and the pace of this attempt.
 *
 * @param store          the store
 * @param counts         totals so far
 * @param estimatedTotal an estimate of the records to process (from cheap counts where the SPI has
 *                       them, such as {@code ContactStore.count}), or -1 if unknown
 * @param elapsed        time since this attempt started
 * @param processedNow   records this attempt processed (written, skipped or rejected)
 */
public record ProgressEvent(StoreKind store, RecordCounts counts, long estimatedTotal, Duration elapsed,
                            long processedNow) {

    /**
     * @throws dev.stowage.exception.ValidationException if a part is missing
     */
    public ProgressEvent {
        Check.required(store, "store");
        Check.required(counts, "counts");
        Check.required(elapsed, "elapsed");
    }

    /**
     * @return the estimated total, if known
     */
    public OptionalLong total() {
        return estimatedTotal < 0 ? OptionalLong.empty() : OptionalLong.of(estimatedTotal);
    }

    /**
     * @return percent done (0..100) against the estimated total, if known
     */
    public OptionalDouble percent() {
        if (estimatedTotal < 0) {
            return OptionalDouble.empty();
        }
        if (estimatedTotal == 0) {
            return OptionalDouble.of(100);
        }
        return OptionalDouble.of(Math.min(100.0, 100.0 * counts.processed() / estimatedTotal));
    }

    /**
     * @return records processed per second by this attempt
     */
    public double ratePerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : processedNow / seconds;
    }

    /**
     * @return the estimated time left at this attempt's rate, if the total is known and the rate positive
     */
    public Optional<Duration> eta() {
        double rate = ratePerSecond();
        if (estimatedTotal < 0 || rate <= 0) {
            return Optional.empty();
        }
        long left = Math.max(0, estimatedTotal - counts.processed());
        return Optional.of(Duration.ofMillis((long) (left / rate * 1000)));
    }
}
