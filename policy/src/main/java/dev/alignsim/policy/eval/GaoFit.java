package dev.alignsim.policy.eval;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Fits the reward-model over-optimisation curve of Gao, Schulman and Hilton (2022), "Scaling Laws for Reward Model
 * Overoptimization", RL form: gold reward {@code R(d) = d (alpha - beta ln d)} with {@code d = sqrt(KL(pi || pi_0))}.
 * alpha is the initial slope of gold reward in d and beta how fast over-optimisation bends it back down, so the
 * fit summarises a whole gold-reward-vs-KL run in two numbers comparable across reward-model sizes; the peak is at
 * {@code d* = exp(alpha / beta - 1)}.
 *
 * <p>The form is linear in alpha and beta, so the fit is ordinary least squares of R on the two columns
 * {@code d} and {@code -d ln d} with no intercept (the curve passes through the origin by construction). The
 * origin itself, {@code d = 0}, fits any alpha and beta and {@code ln 0} is undefined, so callers drop the
 * {@code d = 0} point (the initial policy) before fitting; every d here must be finite and strictly positive.
 *
 * <p>Gao et al.'s best-of-n form, {@code R(d) = d (alpha - beta d)}, is fitted by {@link #bestOfN}: least squares on
 * the columns {@code d} and {@code -d^2}, again with no intercept.
 */
public final class GaoFit {
    private GaoFit() {}

    /**
     * A fitted curve.
     *
     * @param alpha initial slope of gold reward in d = sqrt(KL)
     * @param beta over-optimisation coefficient
     * @param rSquared {@code 1 - SS_res / SS_tot}, SS_tot taken about the mean of R (not about 0, as commons-math's
     *     no-intercept regression would); NaN when every R is equal, since SS_tot is then 0
     * @param n points fitted
     */
    public record Fit(double alpha, double beta, double rSquared, int n) {
        /** The fitted gold reward at {@code d > 0}. */
        public double predict(double d) {
            return d * (alpha - beta * Math.log(d));
        }
    }

    /**
     * Least-squares fit of {@code R(d) = d (alpha - beta ln d)} to the points {@code (d[i], reward[i])}.
     *
     * @param d sqrt(KL) of each point, finite and > 0 (drop the d = 0 origin), at least 3 points and 2 distinct values
     * @param reward gold reward of each point, finite
     */
    public static Fit fit(double[] d, double[] reward) {
        int n = checkPoints(d, reward);
        boolean distinct = false;
        double[][] columns = new double[n][];
        for (int i = 0; i < n; i++) {
            if (!(d[i] > 0) || Double.isInfinite(d[i])) {
                throw new IllegalArgumentException("d[" + i + "] must be finite and > 0 (drop the d = 0 origin), got " + d[i]);
            }
            if (!Double.isFinite(reward[i])) {
                throw new IllegalArgumentException("reward[" + i + "] must be finite, got " + reward[i]);
            }
            distinct |= d[i] != d[0];
            columns[i] = new double[] {d[i], -d[i] * Math.log(d[i])};
        }
        if (!distinct) {
            // With one d value the columns d and -d ln d are proportional: alpha and beta are not identifiable.
            throw new IllegalArgumentException("d must take at least 2 distinct values to separate alpha from beta, all are " + d[0]);
        }
        double[] coefficients = leastSquares(reward, columns);
        Fit fit = new Fit(coefficients[0], coefficients[1], Double.NaN, n);
        return new Fit(fit.alpha(), fit.beta(), rSquared(d, reward, fit::predict), n);
    }

    /**
     * A fitted best-of-n curve.
     *
     * @param alpha initial slope of gold reward in d = sqrt(KL)
     * @param beta how fast the proxy's pull away from gold bends the curve back down; the peak is at
     *     {@code d* = alpha / (2 beta)} when beta > 0
     * @param rSquared {@code 1 - SS_res / SS_tot}, SS_tot about the mean of R; NaN when every R is equal
     * @param n points fitted
     */
    public record BestOfNFit(double alpha, double beta, double rSquared, int n) {
        /** The fitted gold reward at {@code d}. */
        public double predict(double d) {
            return d * (alpha - beta * d);
        }
    }

    /**
     * Least-squares fit of Gao et al.'s best-of-n form {@code R(d) = d (alpha - beta d)} to the points
     * {@code (d[i], reward[i])}. d = 0 is allowed (the curve passes through it, so it moves only R²), but callers
     * fitting a gain over the sampling policy drop it as {@link #fit} requires, so that the two R² compare.
     *
     * @param d sqrt(KL) of each point, finite and >= 0, at least 3 points and 2 distinct values above 0
     * @param reward gold reward of each point, finite
     */
    public static BestOfNFit bestOfN(double[] d, double[] reward) {
        int n = checkPoints(d, reward);
        double[][] columns = new double[n][];
        double firstPositive = Double.NaN;
        boolean distinct = false;
        for (int i = 0; i < n; i++) {
            if (!(d[i] >= 0) || Double.isInfinite(d[i])) {
                throw new IllegalArgumentException("d[" + i + "] must be finite and >= 0, got " + d[i]);
            }
            if (!Double.isFinite(reward[i])) {
                throw new IllegalArgumentException("reward[" + i + "] must be finite, got " + reward[i]);
            }
            if (d[i] > 0) {
                distinct |= !Double.isNaN(firstPositive) && d[i] != firstPositive;
                firstPositive = Double.isNaN(firstPositive) ? d[i] : firstPositive;
            }
            columns[i] = new double[] {d[i], -d[i] * d[i]};
        }
        if (!distinct) {
            // With one d value above 0 the columns d and -d^2 are proportional (and 0 at d = 0): not identifiable.
            throw new IllegalArgumentException("d must take at least 2 distinct values above 0 to separate alpha from beta");
        }
        double[] coefficients = leastSquares(reward, columns);
        BestOfNFit fit = new BestOfNFit(coefficients[0], coefficients[1], Double.NaN, n);
        return new BestOfNFit(fit.alpha(), fit.beta(), rSquared(d, reward, fit::predict), n);
    }

    /** The number of points, once both arrays are present, paired and at least 3 long. */
    private static int checkPoints(double[] d, double[] reward) {
        Objects.requireNonNull(d, "d");
        Objects.requireNonNull(reward, "reward");
        if (d.length != reward.length) {
            throw new IllegalArgumentException("d and reward must be paired, got lengths " + d.length + " and " + reward.length);
        }
        if (d.length < 3) {
            throw new IllegalArgumentException("the Gao fit has 2 parameters and needs at least 3 points, got " + d.length);
        }
        return d.length;
    }

    /** Ordinary least squares of {@code reward} on {@code columns}, without intercept. */
    private static double[] leastSquares(double[] reward, double[][] columns) {
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.setNoIntercept(true);
        ols.newSampleData(reward.clone(), columns);
        try {
            return ols.estimateRegressionParameters();
        } catch (SingularMatrixException e) {
            throw new IllegalArgumentException("d values are too close together to separate alpha from beta", e);
        }
    }

    /** {@code 1 - SS_res / SS_tot} of {@code predict}, SS_tot about the mean of the rewards; NaN when they are all equal. */
    private static double rSquared(double[] d, double[] reward, DoubleUnaryOperator predict) {
        double mean = 0;
        for (double r : reward) {
            mean += r;
        }
        mean /= reward.length;
        double ssRes = 0;
        double ssTot = 0;
        for (int i = 0; i < reward.length; i++) {
            double residual = reward[i] - predict.applyAsDouble(d[i]);
            ssRes += residual * residual;
            ssTot += (reward[i] - mean) * (reward[i] - mean);
        }
        return ssTot == 0 ? Double.NaN : 1 - ssRes / ssTot;
    }
}
