package dev.alignsim.app.report;

import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;

/** Means across seeds with their 95% intervals (Student's t: a sweep has a handful of seeds, not hundreds). */
final class SeedStatistics {
    private SeedStatistics() {}

    /** Mean and the half-width of its 95% interval; the half-width is NaN for a single value. */
    record Estimate(double mean, double halfWidth) {}

    static Estimate estimate(double[] values) {
        int n = 0;
        double sum = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                n++;
                sum += v;
            }
        }
        if (n == 0) {
            return new Estimate(Double.NaN, Double.NaN);
        }
        double mean = sum / n;
        if (n == 1) {
            return new Estimate(mean, Double.NaN);
        }
        double squares = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                squares += (v - mean) * (v - mean);
            }
        }
        double sd = Math.sqrt(squares / (n - 1));
        return new Estimate(mean, new TDistribution(null, n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n));
    }

    /**
     * The mean curve of several seeds' curves with its 95% band, over the iterations every seed has reached (a seed
     * still running shortens the curve); x is the first curve's. One curve gives a band of zero width.
     */
    static Figures.Band band(String name, List<Series> curves) {
        int length = curves.stream().mapToInt(Series::size).min().orElse(0);
        double[] x = new double[length];
        double[] mean = new double[length];
        double[] low = new double[length];
        double[] high = new double[length];
        double[] atI = new double[curves.size()];
        for (int i = 0; i < length; i++) {
            for (int c = 0; c < curves.size(); c++) {
                atI[c] = curves.get(c).y()[i];
            }
            Estimate e = estimate(atI);
            double half = Double.isNaN(e.halfWidth()) ? 0 : e.halfWidth();
            x[i] = curves.get(0).x()[i];
            mean[i] = e.mean();
            low[i] = e.mean() - half;
            high[i] = e.mean() + half;
        }
        return new Figures.Band(name, x, mean, low, high);
    }
}
