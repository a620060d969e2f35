package dev.alignsim.policy.eval;

import java.util.Objects;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * Pearson and Spearman correlations of two paired columns, e.g. reward-model score against gold utility: Pearson
 * says how linear the relation is, Spearman only whether the orders agree, which is what a reward model used for
 * ranking needs. Computed by commons-math3, with the inputs checked here so that callers get an
 * {@link IllegalArgumentException} naming the problem rather than a commons-math exception or a silent NaN.
 *
 * <p>The one NaN this class returns on purpose: when either column is constant (all values equal) the correlation
 * is 0/0, undefined rather than zero, since a constant column carries no order to agree with. Callers should
 * report such a value as missing, not average it. Constancy is tested exactly ({@code x[i] == x[0]} for all i),
 * not by a rounded variance.
 */
public final class Correlations {
    private Correlations() {}

    /** Pearson's r of {@code x} and {@code y}; NaN when either is constant. */
    public static double pearson(double[] x, double[] y) {
        if (!check(x, y)) {
            return Double.NaN;
        }
        return new PearsonsCorrelation().correlation(x, y);
    }

    /** Spearman's rho (Pearson's r of the ranks, ties given their average rank); NaN when either is constant. */
    public static double spearman(double[] x, double[] y) {
        if (!check(x, y)) {
            return Double.NaN;
        }
        return new SpearmansCorrelation().correlation(x, y);
    }

    /** Validates the pair of columns; false when either is constant, so the correlation is undefined. */
    private static boolean check(double[] x, double[] y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y must be paired, got lengths " + x.length + " and " + y.length);
        }
        if (x.length < 2) {
            throw new IllegalArgumentException("a correlation needs at least 2 pairs, got " + x.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("pair " + i + " must be finite, got x = " + x[i] + ", y = " + y[i]);
            }
        }
        return !constant(x) && !constant(y);
    }

    private static boolean constant(double[] values) {
        for (double v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
    }
}
