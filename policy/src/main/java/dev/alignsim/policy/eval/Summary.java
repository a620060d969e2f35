package dev.alignsim.policy.eval;

import java.util.Objects;

/**
 * Mean and sample standard deviation of a metric over seeds, reported as "mean ± std". The std uses the n - 1
 * denominator because the seeds are a sample of the runs one could have made, not the whole population; with a
 * single seed it is undefined and is NaN rather than a misleading 0.
 *
 * @param mean arithmetic mean
 * @param std sample standard deviation (n - 1 denominator), NaN when n == 1
 * @param n number of values
 */
public record Summary(double mean, double std, int n) {

    /** Summarises {@code values}: at least one, all finite. */
    public static Summary of(double... values) {
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException("a summary needs at least 1 value, got none");
        }
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("values[" + i + "] must be finite, got " + values[i]);
            }
            sum += values[i];
        }
        double mean = sum / values.length;
        if (values.length == 1) {
            return new Summary(mean, Double.NaN, 1);
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return new Summary(mean, Math.sqrt(squares / (values.length - 1)), values.length);
    }
}
