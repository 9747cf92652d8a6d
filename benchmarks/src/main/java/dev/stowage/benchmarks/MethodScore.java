package dev.stowage.benchmarks;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One JMH run of one benchmark method, reduced to what the table needs.
 *
 * @param secondsPerOp     mean time per operation (the inverse of the throughput in throughput mode)
 * @param p95Seconds       95th percentile of the samples (sample-time mode; else of the iterations)
 * @param allocBytesPerOp  bytes allocated per operation (JMH's gc profiler), {@code NaN} if not profiled
 */
public record MethodScore(double secondsPerOp, double p95Seconds, double allocBytesPerOp) {

    /** The gc profiler's normalized allocation rate. */
    static final String ALLOCATION = "gc.alloc.rate.norm";

    /**
     * @param run a JMH run
     * @return its measurement
     */
    static MethodScore of(RunResult run) {
        return of(run, run.getPrimaryResult());
    }

    /**
     * @param run    a run of a JMH group ({@code @Group})
     * @param method the group's method whose figures are wanted: JMH reports each as a secondary result
     * @return that method's figures
     */
    static MethodScore ofGroupMember(RunResult run, String method) {
        Result<?> member = run.getSecondaryResults().get(method);
        if (member == null) {
            throw new IllegalStateException("the group run has no result for its method " + method + "; it has "
                    + run.getSecondaryResults().keySet());
        }
        return of(run, member);
    }

    private static MethodScore of(RunResult run, Result<?> primary) {
        String unit = primary.getScoreUnit();
        double p95 = primary.getStatistics().getPercentile(95.0);
        double mean = primary.getScore();
        double secondsPerOp;
        double p95Seconds;
        if (unit.startsWith("ops/")) {
            // Throughput: operations per time unit; its inverse is the time per operation.
            double unitSeconds = seconds(unit.substring("ops/".length()));
            secondsPerOp = unitSeconds / mean;
            p95Seconds = unitSeconds / primary.getStatistics().getPercentile(5.0);
        } else {
            double unitSeconds = seconds(unit.substring(0, unit.indexOf('/')));
            secondsPerOp = mean * unitSeconds;
            p95Seconds = p95 * unitSeconds;
        }
        Result<?> allocation = run.getSecondaryResults().get(ALLOCATION);
        return new MethodScore(secondsPerOp, p95Seconds, allocation == null ? Double.NaN : allocation.getScore());
    }

    /** JMH's spelling of time units (TimeValue). */
    private static double seconds(String unit) {
        TimeUnit timeUnit = switch (unit) {
            case "ns" -> TimeUnit.NANOSECONDS;
            case "us" -> TimeUnit.MICROSECONDS;
            case "ms" -> TimeUnit.MILLISECONDS;
            case "s" -> TimeUnit.SECONDS;
            case "min" -> TimeUnit.MINUTES;
            case "hr" -> TimeUnit.HOURS;
            case "day" -> TimeUnit.DAYS;
            default -> throw new IllegalArgumentException("unknown JMH time unit " + unit);
        };
        return timeUnit.toNanos(1) / 1e9;
    }

    /** @return whether the run produced a usable score */
    public boolean hasScore() {
        return secondsPerOp > 0 && Double.isFinite(secondsPerOp);
    }

    /** @return the time per operation and, if profiled, the allocation, as the table prints them */
    @Override
    public String toString() {
        String time = formatSeconds(secondsPerOp) + "/op";
        return Double.isNaN(allocBytesPerOp) ? time : time + ", " + formatBytes(allocBytesPerOp) + "/op";
    }

    private static String formatBytes(double bytes) {
        if (bytes >= 1e9) {
            return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
        }
        if (bytes >= 1e6) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.0f B", bytes);
    }

    /**
     * @param seconds a duration in seconds
     * @return it in the unit that gives three significant digits or so
     */
    static String formatSeconds(double seconds) {
        if (seconds >= 1) {
            return String.format(Locale.ROOT, "%.2f s", seconds);
        }
        if (seconds >= 1e-3) {
            return String.format(Locale.ROOT, "%.3g ms", seconds * 1e3);
        }
        if (seconds >= 1e-6) {
            return String.format(Locale.ROOT, "%.3g us", seconds * 1e6);
        }
        return String.format(Locale.ROOT, "%.3g ns", seconds * 1e9);
    }
}
