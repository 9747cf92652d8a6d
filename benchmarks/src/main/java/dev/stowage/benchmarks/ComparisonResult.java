package dev.stowage.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * What {@link ComparisonRunner} measured for one {@link Comparison}.
 *
 * @param comparison  the comparison, with the parameters it ran with
 * @param repetitions each repetition's measurements, in run order (empty if it failed at once)
 * @param failure     why it did not finish, or {@code null}
 */
public record ComparisonResult(Comparison comparison, List<Repetition> repetitions, String failure) {

    /**
     * One repetition: both methods run back to back.
     *
     * @param stowage the Stowage method
     * @param raw     the raw method ({@code null} for a p95 target)
     */
    public record Repetition(MethodScore stowage, MethodScore raw) {
    }

    /**
     * @param comparison  see the record comment
     * @param repetitions see the record comment
     * @param failure     see the record comment
     */
    public ComparisonResult {
        repetitions = List.copyOf(repetitions);
    }

    /** @return whether every repetition produced a score on each side */
    public boolean hasScores() {
        return failure == null && !repetitions.isEmpty() && repetitions.stream().allMatch(r -> r.stowage().hasScore()
                && (r.raw() == null || r.raw().hasScore()));
    }

    /** @return each repetition's figure (see {@link Target#figure}), sorted */
    public double[] figures() {
        return repetitions.stream().mapToDouble(r -> comparison.target().figure(r.stowage(), r.raw())).sorted()
                .toArray();
    }

    /** @return the median figure */
    public double medianFigure() {
        return median(figures());
    }

    /** @return whether even the worst repetition meets the target */
    public boolean isMet() {
        return hasScores() && comparison.target().isMet(comparison.target().worst(figures()));
    }

    /** @return whether the median repetition meets the target */
    public boolean isMetAtMedian() {
        return hasScores() && comparison.target().isMet(medianFigure());
    }

    /**
     * @param side the Stowage or the raw side of each repetition
     * @return the repetition whose time per operation is the median
     */
    MethodScore medianOf(java.util.function.Function<Repetition, MethodScore> side) {
        MethodScore[] sorted = repetitions.stream().map(side).toArray(MethodScore[]::new);
        Arrays.sort(sorted, (a, b) -> Double.compare(a.secondsPerOp(), b.secondsPerOp()));
        return sorted[(sorted.length - 1) / 2];
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
